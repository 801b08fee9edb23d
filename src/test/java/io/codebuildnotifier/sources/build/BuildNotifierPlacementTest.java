package io.codebuildnotifier.sources.build;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static io.codebuildnotifier.sources.build.NotifierFixture.OTHER_SHA;
import static io.codebuildnotifier.sources.build.NotifierFixture.SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a build belongs, on in-memory fakes: the exported trigger, the source version, the git host, the history. */
class BuildNotifierPlacementTest {
    private final NotifierFixture world = new NotifierFixture();

    private Outcome.Recorded recorded(Build build) {
        return assertInstanceOf(Outcome.Recorded.class, world.handle(build));
    }

    @Test
    void theExportedTriggerWins() {
        Build build = world.build("b1", FAILED, "refs/heads/main", SHA, 10,
                Map.of("CODEBUILD_WEBHOOK_TRIGGER", "pr/7", "CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/feature"));

        Outcome.Recorded outcome = recorded(build);

        assertEquals("pr/7", outcome.sourceRef());
        assertEquals("exported CODEBUILD_WEBHOOK_TRIGGER", outcome.resolvedBy());
        assertEquals("feature", world.store.entriesOf("widgets:pr/7", world.deadline).get(0).branchName());
        assertEquals(List.of("commit " + SHA, "pullRequest 7"), world.git.calls(),
                "the commit's people and, for the notified PR, its title; nothing else asked");
    }

    @Test
    void theSourceVersionNamesAPullRequestOrABranch() {
        assertEquals("pr/8", recorded(world.build("b1", FAILED, "pr/8", 10)).sourceRef());
        assertEquals("pr/9", recorded(world.build("b2", FAILED, "refs/pull/9/head", 20)).sourceRef());
        assertEquals("branch/main", recorded(world.build("b3", FAILED, "refs/heads/main", 30)).sourceRef());
    }

    @Test
    void aPushBySha_isPlacedOnTheWhitelistedBranchItHeads() {
        world.git.branchHead("main", SHA.toUpperCase());

        Outcome.Recorded outcome = recorded(world.build("b1", SUCCEEDED, SHA, 10));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals("head of main on the git host", outcome.resolvedBy());
        assertEquals(1, world.git.calls("branchHead"));
    }

    @Test
    void aPushJustBehindTheHeadOfAWhitelistedBranchIsPlacedOnIt() {
        // another merge landed on main while the build ran: its commit is one first parent behind
        world.git.branchHead("main", OTHER_SHA).line(OTHER_SHA, SHA);

        Outcome.Recorded outcome = recorded(world.build("b1", FAILED, SHA, 10));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals("1 commit behind the head of main on the git host", outcome.resolvedBy());
        assertEquals(1, world.git.calls("firstParents"));
    }

    @Test
    void aPushOffTheBranchesLinesIsSkipped() {
        world.git.branchHead("main", OTHER_SHA).line(OTHER_SHA, "0000000000000000000000000000000000000001");

        assertInstanceOf(Outcome.Skipped.class, world.handle(world.build("b1", FAILED, SHA, 10)));
    }

    @Test
    void aRebuildOfACommitRecordedBeforeGoesWhereItWent() {
        recorded(world.build("b1", FAILED, "refs/heads/main", 10));
        world.git.branchHead("main", OTHER_SHA);

        Outcome.Recorded outcome = recorded(world.build("b2", SUCCEEDED, "", 20));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals("commit recorded before under branch/main", outcome.resolvedBy());
    }

    @Test
    void builds_thatBelongNowhere_areSkippedWithTheirReason_andNothingIsWritten() {
        world.git.branchHead("main", OTHER_SHA);
        Build s3 = new Build("widgets:s3", "arn:aws:codebuild:eu-west-1:1:build/widgets:s3", "widgets",
                NotifierFixture.NOW, FAILED, "", SHA, "S3", "my-bucket/source.zip", "", "", Map.of(), List.of());
        world.builds.add(s3);
        Map<Build, String> reasons = Map.of(
                s3, "is not a GitHub, GitHub Enterprise or CodeCommit repository",
                world.build("b1", FAILED, "pr/7", "", 10, Map.of()), "no resolved commit",
                world.build("b2", FAILED, "refs/tags/v1", 20), "is not a branch or pull request",
                world.build("b3", FAILED, "refs/heads/feature", 30), "neither a pull request nor a whitelisted branch",
                world.build("b4", FAILED, SHA, 40), "is not the head of a whitelisted branch");

        reasons.forEach((build, reason) -> {
            Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class, world.handle(build));
            assertTrue(skipped.reason().contains(reason), skipped.reason());
            assertEquals(Optional.empty(), world.marker(build), "the reconciliation marks skips, not the event");
        });
        assertEquals(0, world.store.records());
        assertEquals(List.of(), world.messenger.posts());
    }

    @Test
    void eventsThatAreNotAPassOrAFailureAreLeftAlone() {
        Build running = world.build("b1", BuildStatus.IN_PROGRESS, "pr/7", 10);

        assertInstanceOf(Outcome.Ignored.class, world.handle(running));
        assertInstanceOf(Outcome.Rejected.class, world.notifier().handle(
                new BuildEvent(running.arn(), "EXPLODED"), world.invocation("inv-1")));
        assertEquals(0, world.builds.finds());
    }
}
