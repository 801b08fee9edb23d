package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Notification;

/**
 * What a build's test and coverage reports say (CodeBuild's report groups). Asked only for builds
 * that notify someone, and only when the build names reports. Never fails the notification: a
 * report still generating, one that is gone, or a call that is denied reads as
 * {@link Notification.Tests.State#NOT_READY}, with one log line.
 */
public interface TestReports {

    /**
     * Reads the reports of {@code build} ({@link Build#reportArns()}): the totals, coverage and every failed
     * case read (at most {@link HistoryEntry#MAX_FAILED_TESTS}, none marked new yet; the notifier picks which to
     * show, and keeps their names to compare the next build with).
     */
    Notification.Tests read(Build build, Deadline deadline);

    /** For builds without reports, and for tests that do not look at them. */
    TestReports NONE = (build, deadline) -> Notification.Tests.NONE;
}
