package io.codebuildnotifier.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What is known of a build's notification: who is handling it, and which messages went out.
 * One marker per build, kept for a while after the build (a TTL), so that a repeated, late or
 * concurrent event never notifies twice and a retry after a partial failure sends only what is missing.
 *
 * @param buildId    {@code PROJECT:UUID}
 * @param state      where the notification stands
 * @param owner      the invocation that holds the claim
 * @param leaseUntil until when that invocation may still be running
 * @param delivered  the targets already sent to (see {@link Target})
 */
public record Marker(String buildId, State state, String owner, Instant leaseUntil, Set<String> delivered) {

    public enum State {
        /** An invocation is recording and delivering. */
        CLAIMED,
        /** Recorded, and every message sent (or none was due). */
        DONE,
        /** Neither a pull request nor a whitelisted branch: nothing recorded. */
        SKIPPED
    }

    public Marker {
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(state, "state");
        owner = owner == null ? "" : owner;
        leaseUntil = leaseUntil == null ? Instant.EPOCH : leaseUntil;
        delivered = delivered == null ? Set.of() : Set.copyOf(delivered);
    }

    public boolean finished() {
        return state != State.CLAIMED;
    }

    /** Held by another invocation that may still be running. */
    public boolean heldByAnother(String invocation, Instant now) {
        return state == State.CLAIMED && !owner.equals(invocation) && leaseUntil.isAfter(now);
    }
}
