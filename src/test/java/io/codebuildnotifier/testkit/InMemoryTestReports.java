package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Notification.Tests;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.TestReports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test reports in memory, like {@code CodeBuildReports}: what each build's reports say, by build ARN
 * ({@link #put}), or that they are not ready ({@link #notReady}). A build without report ARNs has
 * {@link Tests#NONE}; one whose reports were never put reads as not ready (CodeBuild does not have
 * them), and so does a read with less time left than the real adapter keeps for the notification. Never
 * throws. Records which builds were read. Thread-safe.
 */
public final class InMemoryTestReports implements TestReports {
    /** What {@code CodeBuildReports} leaves of the invocation, plus the margin of every call. */
    static final Duration RESERVE = Duration.ofSeconds(15).plus(Deadline.MARGIN);

    private final Map<String, Tests> runs = new ConcurrentHashMap<>();
    private final Set<String> notReady = ConcurrentHashMap.newKeySet();
    private final List<String> reads = new CopyOnWriteArrayList<>();

    /** The build's reports say {@code run} (its names at most {@code HistoryEntry.MAX_FAILED_TESTS}). */
    public InMemoryTestReports put(String buildArn, Tests run) {
        notReady.remove(buildArn);
        runs.put(buildArn, run);
        return this;
    }

    /** The build's reports are still being generated, or cannot be read. */
    public InMemoryTestReports notReady(String buildArn) {
        runs.remove(buildArn);
        notReady.add(buildArn);
        return this;
    }

    @Override
    public Tests read(Build build, Deadline deadline) {
        reads.add(build.arn());
        if (build.reportArns().isEmpty()) {
            return Tests.NONE;
        }
        Tests run = runs.get(build.arn());
        if (run == null || notReady.contains(build.arn()) || !deadline.allows(Duration.ofMillis(100), RESERVE)) {
            return Tests.notReady();
        }
        return run;
    }

    /** The ARNs of the builds whose reports were asked for, in order. */
    public List<String> reads() {
        return List.copyOf(reads);
    }
}
