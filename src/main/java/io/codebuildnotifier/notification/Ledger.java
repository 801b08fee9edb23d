package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Where notification markers are kept. Claiming happens together with what a source records
 * (a build's history, in one transaction); the rest is here.
 */
public interface Ledger {

    /** The notification's marker, read consistently. */
    Optional<Marker> find(NotificationKey key, Deadline deadline);

    /** Which of these notifications have a marker at all (processed, skipped or in progress). */
    Set<NotificationKey> known(Collection<NotificationKey> keys, Deadline deadline);

    /**
     * Notes one message sent, and where it landed; with {@code last}, also marks the notification
     * finished (one write).
     */
    void delivered(NotificationKey key, String targetKey, Optional<MessageRef> ref, boolean last, Deadline deadline);

    /** Marks the notification finished: every message sent. */
    void finish(NotificationKey key, Deadline deadline);

    /** Marks a notification that is not due (the build belongs to no PR or whitelisted branch). */
    void skipped(NotificationKey key, String subject, Instant expiresAt, Deadline deadline);

    /** Gives up a claim after a failure, so that a retry can take over at once. */
    void release(NotificationKey key, String owner, Deadline deadline);
}
