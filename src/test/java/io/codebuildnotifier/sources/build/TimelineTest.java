package io.codebuildnotifier.sources.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimelineTest {

    private static final String SOURCE_ID = "widgets:pr/42";
    private static final String COMMIT_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String COMMIT_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    /** A recorded build of {@link #SOURCE_ID}. */
    private static HistoryEntry entry(String buildId, String commit, String status, long firstStart, long start) {
        return new HistoryEntry(SOURCE_ID, HistoryEntry.versionKey(firstStart, start), "pr/42", "",
                "widgets", buildId, commit, status, start, "Ada", "ada@example.com", "Ada", "ada@example.com",
                "Fix it", "https://github.com/octo/widgets");
    }

    private static HistoryEntry entry(String buildId, String commit, String status, long start) {
        return entry(buildId, commit, status, start, start);
    }

    @Nested
    class Previous {

        private final HistoryEntry first = entry("widgets:1", COMMIT_A, "FAILED", 1_000);
        private final HistoryEntry second = entry("widgets:2", COMMIT_B, "SUCCEEDED", 2_000);
        private final HistoryEntry third = entry("widgets:3", COMMIT_B, "FAILED", 3_000);
        private final Timeline timeline = new Timeline(List.of(third, first, second));

        @Test
        void nothingBeforeTheFirstBuild() {
            assertEquals(Optional.empty(), new Timeline(List.of()).previous("widgets:1", 1_000));
            assertEquals(Optional.empty(), timeline.previous("widgets:0", 500));
        }

        @Test
        void newestBuildThatStartedBefore() {
            assertEquals(Optional.of(third), timeline.previous("widgets:4", 4_000));
        }

        @Test
        void lateEventForAnOlderBuildIsNotComparedWithANewerOne() {
            // build 2b started between 2 and 3 but its event arrives after 3 was recorded
            assertEquals(Optional.of(second), timeline.previous("widgets:2b", 2_500));
        }

        @Test
        void theBuildItselfIsExcluded() {
            // a repeated event for build 3, already recorded
            assertEquals(Optional.of(second), timeline.previous("widgets:3", 3_000));
        }

        @Test
        void aBuildStartingAtTheSameMillisecondIsNotBefore() {
            assertEquals(Optional.of(second), timeline.previous("widgets:3b", 3_000));
        }

        @Test
        void retriesAreOrderedByStartTimeNotByVersionKey() {
            // commit A first built at 1000, built again at 5000: key 1000_5000 sorts before 3000_3000
            HistoryEntry retry = entry("widgets:5", COMMIT_A, "SUCCEEDED", 1_000, 5_000);
            Timeline withRetry = new Timeline(List.of(first, second, third, retry));
            assertTrue(retry.versionKey().compareTo(third.versionKey()) < 0);

            assertEquals(Optional.of(retry), withRetry.previous("widgets:6", 6_000));
            assertEquals(Optional.of(third), withRetry.previous("widgets:4", 4_000));
        }
    }

    @Nested
    class VersionKey {

        @Test
        void freshBuildUsesItsOwnStartTwice() {
            assertEquals("1000_1000", new Timeline(List.of()).versionKeyFor("widgets:1", COMMIT_A, 1_000));
        }

        @Test
        void buildOfAnotherCommitIsFresh() {
            Timeline timeline = new Timeline(List.of(entry("widgets:1", COMMIT_A, "FAILED", 1_000)));
            assertEquals("2000_2000", timeline.versionKeyFor("widgets:2", COMMIT_B, 2_000));
        }

        @Test
        void rebuildOfARecordedCommitStartsWithThatCommitsFirstStart() {
            Timeline timeline = new Timeline(List.of(
                    entry("widgets:1", COMMIT_A, "FAILED", 1_000),
                    entry("widgets:2", COMMIT_B, "FAILED", 2_000)));
            assertEquals("1000_5000", timeline.versionKeyFor("widgets:5", COMMIT_A, 5_000));
        }

        @Test
        void rebuildOfARebuildKeepsTheOriginalFirstStart() {
            Timeline timeline = new Timeline(List.of(
                    entry("widgets:1", COMMIT_A, "FAILED", 1_000),
                    entry("widgets:5", COMMIT_A, "FAILED", 1_000, 5_000)));
            assertEquals("1000_9000", timeline.versionKeyFor("widgets:9", COMMIT_A, 9_000));
        }

        @Test
        void commitsCompareIgnoringCase() {
            Timeline timeline = new Timeline(List.of(entry("widgets:1", COMMIT_A, "FAILED", 1_000)));
            assertEquals("1000_5000", timeline.versionKeyFor("widgets:5", COMMIT_A.toUpperCase(), 5_000));
        }

        @Test
        void repeatedEventForTheSameBuildKeepsItsKey() {
            Timeline timeline = new Timeline(List.of(
                    entry("widgets:1", COMMIT_A, "FAILED", 1_000),
                    entry("widgets:5", COMMIT_A, "FAILED", 1_000, 5_000)));
            assertEquals("1000_1000", timeline.versionKeyFor("widgets:1", COMMIT_A, 1_000));
            assertEquals("1000_5000", timeline.versionKeyFor("widgets:5", COMMIT_A, 5_000));
        }

        @Test
        void lateEventForAnEarlierBuildOfTheSameCommitIsFresh() {
            Timeline timeline = new Timeline(List.of(entry("widgets:5", COMMIT_A, "FAILED", 5_000)));
            assertEquals("1000_1000", timeline.versionKeyFor("widgets:1", COMMIT_A, 1_000));
        }

        @Test
        void anUnknownCommitIsNeverARebuild() {
            Timeline timeline = new Timeline(List.of(entry("widgets:1", "", "FAILED", 1_000)));
            assertEquals("2000_2000", timeline.versionKeyFor("widgets:2", "", 2_000));
        }
    }

    @Nested
    class Entry {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "1000_5000, 1000",
                "1000_1000, 1000",
                "1000,      1000",
                "junk,      5000",
                "'',        5000",
        })
        void firstStartIsReadFromTheVersionKey(String versionKey, long firstStart) {
            HistoryEntry entry = new HistoryEntry(SOURCE_ID, versionKey, "pr/42", "", "widgets", "widgets:5",
                    COMMIT_A, "FAILED", 5_000, "", "", "", "", "", "");
            assertEquals(firstStart, entry.firstStart());
        }

        @Test
        void keysAndIds() {
            assertEquals("widgets:branch/main", HistoryEntry.sourceId("widgets", "branch/main"));
            assertEquals("1000_5000", HistoryEntry.versionKey(1_000, 5_000));
        }

        @ParameterizedTest(name = "{0} passed={1}")
        @CsvSource({"SUCCEEDED, true", "FAILED, false", "FAULT, false", "TIMED_OUT, false"})
        void onlySucceededIsAPass(String status, boolean passed) {
            assertEquals(passed, entry("widgets:1", COMMIT_A, status, 1_000).passed());
        }

        @Test
        void branchIsEmptyWhenUnknown() {
            assertFalse(entry("widgets:1", COMMIT_A, "FAILED", 1_000).branch().isPresent());
        }
    }
}
