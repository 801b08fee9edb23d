package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;

/**
 * Remembers which requests were acted on (port), so a redelivered click or command acts once. Kept a day.
 */
public interface Once {

    /** Whether this is the first time the request is claimed; claims it if so. */
    boolean claim(String requestId, Deadline deadline);

    /** Forgets a claim whose work failed and will be retried. */
    void release(String requestId, Deadline deadline);
}
