package io.codebuildnotifier.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Where notification markers are kept. Claiming happens together with recording the build
 * (see {@link io.codebuildnotifier.history.History#record}); the rest is here.
 */
public interface Ledger {

    /** The build's marker, read consistently. */
    Optional<Marker> find(String buildId);

    /** Which of these builds have a marker at all (processed, skipped or in progress). */
    Set<String> known(Collection<String> buildIds);

    /** Notes one message sent; with {@code last}, also marks the notification finished (one write). */
    void delivered(String buildId, String targetKey, boolean last);

    /** Marks the notification finished: every message sent. */
    void finish(String buildId);

    /** Marks a build that belongs to no PR or whitelisted branch, so a repeat is recognised. */
    void skipped(String buildId, Instant expiresAt);

    /** Gives up a claim after a failure, so that a retry can take over at once. */
    void release(String buildId, String owner);
}
