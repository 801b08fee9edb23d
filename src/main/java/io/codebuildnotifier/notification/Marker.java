package io.codebuildnotifier.notification;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What is known of a notification: who is handling it, which messages went out and where they
 * landed. One marker per notification, kept for a while (a TTL), so that a repeated, late or
 * concurrent event never notifies twice and a retry after a partial failure sends only what is
 * missing.
 *
 * @param key        the notification
 * @param subject    what it is about ({@code PROJECT:UUID} for a build)
 * @param state      where the notification stands
 * @param owner      the invocation that holds the claim
 * @param leaseUntil until when that invocation may still be running
 * @param delivered  the targets already sent to (see {@link Target})
 * @param references where each delivered message landed, by target, when the chat said
 */
public record Marker(NotificationKey key, String subject, State state, String owner, Instant leaseUntil,
                     Set<String> delivered, Map<String, MessageRef> references) {

    public enum State {
        /** An invocation is recording and delivering. */
        CLAIMED,
        /** Recorded, and every message sent (or none was due). */
        DONE,
        /** Not due (neither a pull request nor a whitelisted branch): nothing recorded. */
        SKIPPED
    }

    public Marker {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        subject = subject == null ? "" : subject;
        owner = owner == null ? "" : owner;
        leaseUntil = leaseUntil == null ? Instant.EPOCH : leaseUntil;
        delivered = delivered == null ? Set.of() : Set.copyOf(delivered);
        references = references == null ? Map.of() : Map.copyOf(references);
    }

    public boolean finished() {
        return state != State.CLAIMED;
    }

    /** Held by another invocation that may still be running. */
    public boolean heldByAnother(String invocation, Instant now) {
        return state == State.CLAIMED && !owner.equals(invocation) && !leaseUntil.isBefore(now);
    }
}
