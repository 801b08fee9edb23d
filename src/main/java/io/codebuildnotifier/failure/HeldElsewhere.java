package io.codebuildnotifier.failure;

import java.time.Instant;

/**
 * Another invocation is handling the same build right now (a duplicate event delivered at the same
 * time). Waiting a moment usually finds it finished; otherwise Lambda retries.
 */
public class HeldElsewhere extends TransientFailure {
    private final Instant until;

    public HeldElsewhere(String message, Instant until) {
        super(message);
        this.until = until;
    }

    /** When the other invocation's claim runs out at the latest. */
    public Instant until() {
        return until;
    }
}
