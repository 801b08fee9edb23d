package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.Notification.TestCase;
import io.codebuildnotifier.notification.Notification.Tests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which failed tests a message names: those new since the previous build of the PR or branch
 * first (marked new), then those already failing there, at most {@link #SHOWN}; the rest are counted.
 */
final class TestFailures {
    /** How many failed test cases a message names. */
    static final int SHOWN = 5;

    private TestFailures() {
    }

    static Tests shown(Tests tests, Optional<HistoryEntry> previous) {
        if (!tests.known() || tests.failures().isEmpty()) {
            return tests;
        }
        // a previous build that failed without recorded names tells nothing: every failure is new then
        Set<String> before = new HashSet<>(previous.filter(p -> !p.passed()).map(HistoryEntry::failedTests)
                .orElse(List.of()));
        List<TestCase> fresh = new ArrayList<>();
        List<TestCase> old = new ArrayList<>();
        for (TestCase c : tests.failures()) {
            (before.contains(c.name()) ? old : fresh).add(new TestCase(c.name(), c.message(), !before.contains(c.name())));
        }
        List<TestCase> ordered = new ArrayList<>(fresh);
        ordered.addAll(old);
        List<TestCase> shown = ordered.subList(0, Math.min(SHOWN, ordered.size()));
        int failed = Math.max(tests.failed(), ordered.size());
        return new Tests(tests.state(), tests.total(), tests.passed(), failed, tests.skipped(), List.copyOf(shown),
                failed - shown.size(), tests.lineCoverage());
    }
}
