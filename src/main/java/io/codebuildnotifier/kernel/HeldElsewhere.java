package io.codebuildnotifier.kernel;

/**
 * Another invocation is handling the same build right now (a duplicate event delivered at the same
 * time). Waiting a moment usually finds it finished; otherwise Lambda retries.
 */
public final class HeldElsewhere extends TransientFailure {
    public HeldElsewhere(String message) {
        super(message);
    }
}
