package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;

/** Starts a build again (port; CodeBuild's {@code RetryBuild}). */
public interface BuildRetries {

    /**
     * Retries a build. The same token within five minutes starts no second build and answers with the first.
     *
     * @param buildId the build's id ({@code PROJECT:UUID})
     * @param token   the idempotency token
     * @throws io.codebuildnotifier.kernel.PermanentFailure when the build does not exist or cannot be retried
     */
    Retried retry(String buildId, String token, Deadline deadline);

    /** The new build: its id, number and console page. */
    record Retried(String buildId, long buildNumber, String url) {
    }
}
