package io.codebuildnotifier.failure;

/**
 * Another invocation is handling the same build right now (a duplicate event delivered at the same
 * time). Waiting a moment usually finds it finished; otherwise Lambda retries.
 */
public class HeldElsewhere extends TransientFailure {
    public HeldElsewhere(String message) {
        super(message);
    }
}
