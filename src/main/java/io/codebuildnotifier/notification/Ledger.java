package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Map;

/**
 * Where notification markers are kept. Claiming happens together with what a source records
 * (a build's history, in one transaction); the rest is here.
 */
public interface Ledger {

    /**
     * Claims a notification on its own, for a source that records nothing else with it (a pipeline run,
     * a deployment, a push): no marker yet, or an unfinished claim that is this owner's own or whose
     * lease ran out.
     *
     * @return empty when claimed; the marker that refused the claim otherwise (finished, or held by
     *         another invocation)
     */
    Optional<Marker> claim(Claim claim, Deadline deadline);

    /** The notification's marker, read consistently. */
    Optional<Marker> find(NotificationKey key, Deadline deadline);

    /** The markers of those of these notifications that have one (processed, skipped or in progress). */
    Map<NotificationKey, Marker> findAll(Collection<NotificationKey> keys, Deadline deadline);

    /**
     * Notes one message sent (its {@code revision}: 1, or a rollup's later update), and where it
     * landed. A note never lowers the revision already noted for that target.
     */
    void delivered(NotificationKey key, String targetKey, long revision, Optional<MessageRef> ref, Deadline deadline);

    /**
     * Notes that {@code revision} is the newest queued for these targets, so that an older one still
     * waiting its turn is dropped instead of sent.
     */
    void owe(NotificationKey key, Collection<String> targetKeys, long revision, Deadline deadline);

    /** Marks the notification finished: every message sent. */
    void finish(NotificationKey key, Deadline deadline);

    /** Marks a notification that is not due (the build belongs to no PR or whitelisted branch). */
    void skipped(NotificationKey key, String subject, Instant expiresAt, Deadline deadline);

    /** Gives up a claim after a failure, so that a retry can take over at once. */
    void release(NotificationKey key, String owner, Deadline deadline);
}
