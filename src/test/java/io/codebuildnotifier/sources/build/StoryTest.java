package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.Durations;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.notification.NotifyStrategy;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Streaks, flaky commits, who broke a branch and who fixed it: from the history alone, on in-memory fakes. */
class StoryTest {
    private static final String SHA_B = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
    private static final String SHA_C = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";
    private final NotifierFixture world = new NotifierFixture().strategy(NotifyStrategy.EVERY_BUILD);

    private Notification told(Build build) {
        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, world.handle(build));
        return recorded.notification().orElseThrow(() -> new AssertionError("not notified: " + recorded.summary()));
    }

    private Build build(String uuid, BuildStatus status, String version, String sha, long start) {
        return world.build(uuid, status, version, sha, start, Map.of());
    }

    private static Map<String, Object> streak(Notification n) {
        @SuppressWarnings("unchecked")
        Map<String, Object> streak = (Map<String, Object>) n.metadata().payload().get("streak");
        return streak;
    }

    @Test
    void aFailureSaysWhetherItIsNewOrHowLongItHasLasted() {
        world.git.commit(new Commit(SHA_B, "Bo", "bo@example.com", "Bo", "bo@example.com", "Two"));
        told(build("p1", SUCCEEDED, "pr/7", NotifierFixture.SHA, 10));
        Notification first = told(build("f1", FAILED, "pr/7", NotifierFixture.SHA, 120));
        assertEquals(Optional.of("New failure: the previous build passed"), first.fact(FactKey.STREAK));

        Notification second = told(build("f2", FAILED, "pr/7", SHA_B, 600));

        String start = Story.when(Instant.ofEpochMilli(world.store.entriesOf("widgets:pr/7", world.deadline).stream()
                .filter(e -> e.buildId().equals("widgets:f1")).findFirst().orElseThrow().startTime()), Instant.EPOCH);
        assertEquals(Optional.of("2nd failure in a row, failing since 11:02 UTC (build f1, a1b2c3d by Ada)"),
                second.fact(FactKey.STREAK), start);
        assertEquals("failing", streak(second).get("status"));
        assertEquals(2, streak(second).get("count"));
        assertEquals(NotifierFixture.NOW.minusSeconds(3600 - 120).getEpochSecond(), streak(second).get("since"));
        assertTrue(second.fact(FactKey.BROKEN_BY).isEmpty(), "who broke it is told on branches only");
    }

    @Test
    void aPassAfterFailuresSaysHowLongItWasBroken() {
        world.git.commit(new Commit(SHA_B, "Bo", "bo@example.com", "Bo", "bo@example.com", "Two"));
        told(build("f1", FAILED, "pr/7", NotifierFixture.SHA, 0));
        told(build("f2", FAILED, "pr/7", NotifierFixture.SHA, 600));
        told(build("f3", FAILED, "pr/7", NotifierFixture.SHA, 1200));
        Build pass = new Build("widgets:p1", "arn:aws:codebuild:eu-west-1:123456789012:build/widgets:p1", "widgets",
                NotifierFixture.NOW.minusSeconds(3600 - 7200), SUCCEEDED, "pr/7", SHA_B, "GITHUB",
                "https://github.com/acme/widgets.git", "GitHub-Hookshot", "", Map.of(), List.of(),
                NotifierFixture.NOW.minusSeconds(3600 - 7500), 12, List.of());
        world.builds.add(pass);

        Notification fixed = told(pass);

        assertEquals(Optional.of("Fixed after 3 failed builds (2h 05m)"), fixed.fact(FactKey.STREAK));
        assertEquals("passing", streak(fixed).get("status"));
        assertEquals(1, streak(fixed).get("count"));
        assertEquals(Optional.of("5m 00s"), fixed.fact(FactKey.DURATION));
        assertEquals(Optional.of("12"), fixed.fact(FactKey.BUILD_NUMBER));
    }

    @Test
    void aCommitThatFailedAndPassedIsFlakyAndTheHistoryMarksEveryBuildOfIt() {
        told(build("f1", FAILED, "pr/7", NotifierFixture.SHA, 0));

        Notification rebuilt = told(build("p1", SUCCEEDED, "pr/7", NotifierFixture.SHA, 600));

        assertEquals(Optional.of("Flaky? commit a1b2c3d failed in build f1 and passed in p1"),
                rebuilt.fact(FactKey.FLAKY));
        assertEquals(true, rebuilt.metadata().payload().get("flaky"));
        assertTrue(world.store.entriesOf("widgets:pr/7", world.deadline).stream().allMatch(HistoryEntry::flaky));
    }

    @Test
    void aBrokenBranchNamesWhoBrokeItAndWhoCommittedSince_andTheFixReachesThemAll() {
        world.git.commit(new Commit(SHA_B, "Bo", "bo@example.com", "Bo", "bo@example.com", "Two"));
        world.git.commit(new Commit(SHA_C, "Cy", "cy@example.com", "Cy", "cy@example.com", "Three"));
        world.directory.member("bo@example.com", "U3").member("cy@example.com", "U4");
        told(build("p0", SUCCEEDED, "refs/heads/main", SHA_C, 0));
        // Ada breaks main; Bo pushes on top of the broken branch
        Notification broken = told(build("f1", FAILED, "refs/heads/main", NotifierFixture.SHA, 600));
        assertEquals(Optional.of("Broken by Ada in a1b2c3d"), broken.fact(FactKey.BROKEN_BY));
        Notification still = told(build("f2", FAILED, "refs/heads/main", SHA_B, 1200));
        assertEquals(Optional.of("Broken by Ada in a1b2c3d (build f1)"), still.fact(FactKey.BROKEN_BY));
        assertEquals(Optional.of("Commits since the last pass: Ada (a1b2c3d), Bo (b0b0b0b)"),
                still.fact(FactKey.SINCE_LAST_PASS));
        @SuppressWarnings("unchecked")
        Map<String, Object> brokenBy = (Map<String, Object>) still.metadata().payload().get("broken_by");
        assertEquals(Map.of("commit", NotifierFixture.SHA, "author_email", "ada@example.com"), brokenBy);
        int before = world.messenger.posts().size();

        // Cy's commit fixes it: Ada (and her committer Grace) and Bo hear it too
        Notification fixed = told(build("p1", SUCCEEDED, "refs/heads/main", SHA_C, 1800));

        assertEquals(Optional.of("Fixed by Cy in c0c0c0c; broken by Ada in a1b2c3d"), fixed.fact(FactKey.FIXED_BY));
        List<String> told = world.messenger.destinations().subList(before, world.messenger.destinations().size());
        assertEquals(List.of("U4", "U1", "U2", "U3", "#builds"), told, "each person once, the channel too");
    }

    @Test
    void aBranchWhoseRecordedHistoryStartsFailingBlamesNobody_butTheFixStillReachesThem() {
        world.git.commit(new Commit(SHA_C, "Cy", "cy@example.com", "Cy", "cy@example.com", "Three"));
        world.directory.member("cy@example.com", "U4");
        Notification broken = told(build("f1", FAILED, "refs/heads/main", NotifierFixture.SHA, 0));
        assertTrue(broken.fact(FactKey.BROKEN_BY).isEmpty(), "broken before we knew it");
        assertFalse(broken.metadata().payload().containsKey("broken_by"));
        int before = world.messenger.destinations().size();

        Notification fixed = told(build("p1", SUCCEEDED, "refs/heads/main", SHA_C, 600));

        assertEquals(Optional.of("Fixed by Cy in c0c0c0c"), fixed.fact(FactKey.FIXED_BY));
        assertEquals(List.of("U4", "U1", "U2", "#builds"),
                world.messenger.destinations().subList(before, world.messenger.destinations().size()));
    }

    @Test
    void aPullRequestOrABranchIsOneConversation() {
        Notification broken = told(build("f1", FAILED, "refs/heads/main", NotifierFixture.SHA, 600));
        Notification fixed = told(build("p1", SUCCEEDED, "refs/heads/main", NotifierFixture.SHA, 1800));
        Notification pr1 = told(build("r1", FAILED, "pr/9", NotifierFixture.SHA, 0));
        Notification pr2 = told(build("r2", SUCCEEDED, "pr/9", NotifierFixture.SHA, 600));

        assertEquals("build:https://github.com/acme/widgets#branch/main", broken.conversation());
        assertEquals(broken.conversation(), fixed.conversation());
        assertEquals("build:https://github.com/acme/widgets#pr/9", pr1.conversation());
        assertEquals(pr1.conversation(), pr2.conversation());
    }

    @Test
    void thePullRequestTitleComesFromTheGitHostOnlyForNotifiedBuilds() {
        world.git.pullRequestTitle("7", "Make widgets faster");
        Notification n = told(build("f1", FAILED, "pr/7", NotifierFixture.SHA, 0));
        assertEquals(Optional.of("Make widgets faster"), n.fact(FactKey.PR_TITLE));
        assertEquals(1, world.git.calls("pullRequest"));

        NotifierFixture quiet = new NotifierFixture();
        quiet.git.pullRequestTitle("7", "Make widgets faster");
        quiet.handle(quiet.build("f1", FAILED, "pr/7", 0));
        quiet.handle(quiet.build("f2", FAILED, "pr/7", 600));
        assertEquals(1, quiet.git.calls("pullRequest"), "the quiet second failure asks nothing");
        assertFalse(quiet.messenger.posts().isEmpty());
    }

    @Test
    void theMetadataDescribesTheBuild() {
        Notification n = told(build("f1", FAILED, "refs/heads/main", NotifierFixture.SHA, 0));

        assertEquals("codebuild_build_finished", n.metadata().eventType());
        Map<String, Object> payload = n.metadata().payload();
        assertEquals("widgets", payload.get("project"));
        assertEquals("widgets:f1", payload.get("build_id"));
        assertEquals("FAILED", payload.get("status"));
        assertEquals("branch/main", payload.get("source_ref"));
        assertEquals("main", payload.get("branch"));
        assertEquals(NotifierFixture.SHA, payload.get("commit"));
        assertEquals(List.of(), payload.get("failed_tests"));
        assertEquals(false, payload.get("flaky"));
        assertFalse(payload.containsKey("tests"), "no test report, no totals");
    }

    @Test
    void ordinalsAndTimes() {
        assertEquals(List.of("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "102nd"),
                List.of(1, 2, 3, 4, 11, 12, 13, 21, 102).stream().map(Story::ordinal).toList());
        Instant at = Instant.parse("2026-11-02T14:02:00Z");
        assertEquals("14:02 UTC", Story.when(at, Instant.parse("2026-11-02T23:00:00Z")));
        assertEquals("Nov 2 14:02 UTC", Story.when(at, Instant.parse("2026-11-03T01:00:00Z")));
        assertEquals(List.of("42s", "4m 05s", "1h 02m"), List.of(42, 245, 3720).stream()
                .map(s -> Durations.inWords(java.time.Duration.ofSeconds(s))).toList());
    }
}
