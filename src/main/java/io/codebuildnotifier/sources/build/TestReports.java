package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Notification;
import java.util.List;

/**
 * What a build's test and coverage reports say (CodeBuild's report groups). Asked only for builds
 * that notify someone, and only when the build names reports. Never fails the notification: a
 * report still generating, one that is gone, or a call that is denied reads as
 * {@link Notification.Tests.State#NOT_READY}, with one log line.
 */
public interface TestReports {

    /**
     * @param tests       the totals, coverage and every failed case read (at most
     *                    {@link HistoryEntry#MAX_FAILED_TESTS}, none marked new yet; the notifier picks which to show)
     * @param failedTests the names of those cases, to compare the next build with
     */
    record TestRun(Notification.Tests tests, List<String> failedTests) {
        public static final TestRun NONE = new TestRun(Notification.Tests.NONE, List.of());

        public TestRun {
            tests = tests == null ? Notification.Tests.NONE : tests;
            failedTests = failedTests == null ? List.of() : List.copyOf(failedTests);
        }
    }

    /** Reads the reports of {@code build} ({@link Build#reportArns()}). */
    TestRun read(Build build, Deadline deadline);

    /** For builds without reports, and for tests that do not look at them. */
    TestReports NONE = (build, deadline) -> TestRun.NONE;
}
