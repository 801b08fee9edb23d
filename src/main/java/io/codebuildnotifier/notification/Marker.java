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
 * @param revisions  which revision of its message each target was last sent, when more than the
 *                   first (a rollup's updates); a delivered target without one got revision 1
 * @param owed       the newest revision queued for each target, when more than the first: an older
 *                   one still waiting is superseded by it
 */
public record Marker(NotificationKey key, String subject, State state, String owner, Instant leaseUntil,
                     Set<String> delivered, Map<String, MessageRef> references, Map<String, Long> revisions,
                     Map<String, Long> owed) {

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
        revisions = revisions == null ? Map.of() : Map.copyOf(revisions);
        owed = owed == null ? Map.of() : Map.copyOf(owed);
    }

    public Marker(NotificationKey key, String subject, State state, String owner, Instant leaseUntil,
                  Set<String> delivered, Map<String, MessageRef> references) {
        this(key, subject, state, owner, leaseUntil, delivered, references, Map.of(), Map.of());
    }

    /** The revision of its message a target was last sent; 0 when it was sent none. */
    public long sentRevision(String target) {
        return revisions.getOrDefault(target, delivered.contains(target) ? 1L : 0L);
    }

    /** The newest revision queued for a target (at least 1 once anything was). */
    public long owedRevision(String target) {
        return owed.getOrDefault(target, 0L);
    }

    /** An unfinished claim whose holder has gone: its lease ran out. */
    public boolean abandoned(Instant now) {
        return state == State.CLAIMED && leaseUntil.isBefore(now);
    }

    public boolean finished() {
        return state != State.CLAIMED;
    }

    /** Held by another invocation that may still be running. */
    public boolean heldByAnother(String invocation, Instant now) {
        return state == State.CLAIMED && !owner.equals(invocation) && !leaseUntil.isBefore(now);
    }
}
