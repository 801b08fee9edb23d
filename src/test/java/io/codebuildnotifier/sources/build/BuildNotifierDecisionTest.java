package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.NotifyStrategy;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static io.codebuildnotifier.sources.build.NotifierFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.HeldElsewhere;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recording a build and deciding who hears about it, on in-memory fakes. */
class BuildNotifierDecisionTest {
    private final NotifierFixture world = new NotifierFixture();

    private Decision decision(Build build) {
        return assertInstanceOf(Outcome.Recorded.class, world.handle(build)).decision();
    }

    @Test
    void theFirstBuildOfAPullRequestNotifiesAndIsRecorded() {
        Build build = world.build("b1", FAILED, "pr/7", 10);

        assertEquals(new Decision.Notify("status_change: first build"), decision(build));

        HistoryEntry entry = world.store.entriesOf("widgets:pr/7", world.deadline).get(0);
        assertEquals(List.of(build.id(), "FAILED", "Ada", "https://github.com/acme/widgets"),
                List.of(entry.buildId(), entry.status(), entry.authorName(), entry.gitRepoUrl()));
        assertEquals(Marker.State.DONE, world.marker(build).orElseThrow().state());
    }

    @Test
    void onlyAChangeOfStatusNotifies() {
        decision(world.build("b1", FAILED, "pr/7", 10));

        Decision same = decision(world.build("b2", FAILED, "pr/7", 20));
        Decision changed = decision(world.build("b3", SUCCEEDED, "pr/7", 30));

        assertEquals(new Decision.Quiet("status_change: status unchanged"), same);
        assertEquals(new Decision.Notify("status_change: status changed"), changed);
        assertEquals(Marker.State.DONE, world.marker(world.builds.find("widgets:b2", world.deadline).orElseThrow())
                .orElseThrow().state(), "a quiet build's claim is written finished");
        assertEquals(4, world.messenger.posts().size(), "two DMs for b1, two for b3");
    }

    @Test
    void anOverrideForTheBranchNotifiesEveryBuild() {
        world.overrides(Map.of("main", NotifyStrategy.EVERY_BUILD, "release", NotifyStrategy.EVERY_BUILD));
        world.git.pullRequest("7", "release");

        decision(world.build("b1", SUCCEEDED, "refs/heads/main", 10));
        assertEquals(new Decision.Notify("every_build"), decision(world.build("b2", SUCCEEDED, "refs/heads/main", 20)));
        decision(world.build("b3", SUCCEEDED, "pr/7", 30));
        assertEquals(new Decision.Notify("every_build"), decision(world.build("b4", SUCCEEDED, "pr/7", 40)),
                "the pull request's branch, asked of the git host");
        assertEquals(2, world.git.calls("pullRequest"));
    }

    @Test
    void aLateEventForAnOlderBuildIsQuiet() {
        decision(world.build("new", SUCCEEDED, "pr/7", 20));

        Decision late = decision(world.build("old", FAILED, "pr/7", 10));

        assertEquals(new Decision.Quiet("a newer build of pr/7 (widgets:new) is already recorded"), late);
        assertEquals(2, world.store.entriesOf("widgets:pr/7", world.deadline).size());
    }

    @Test
    void aRepeatedEventIsADuplicateAndSendsNothingMore() {
        Build build = world.build("b1", FAILED, "pr/7", 10);
        world.handle(build);

        Outcome again = world.handle(build, "inv-2");

        assertEquals(new Outcome.Duplicate(build.id(), "already notified"), again);
        assertEquals(2, world.messenger.posts().size());
        assertEquals(1, world.builds.finds(), "settled from the marker, before CodeBuild is asked");
    }

    @Test
    void aBuildHeldByAnotherRunningInvocationIsLeftToIt() {
        Build build = world.build("b1", FAILED, "pr/7", 10);
        world.claimedElsewhere(build, NOW.plusSeconds(60));

        assertThrows(HeldElsewhere.class, () -> world.handle(build));

        assertEquals(List.of(), world.messenger.posts());
        assertEquals("inv-other", world.marker(build).orElseThrow().owner());
    }

    @Test
    void aClaimWhoseLeaseRanOutIsTakenOver() {
        Build build = world.build("b1", FAILED, "pr/7", 10);
        world.claimedElsewhere(build, NOW.minusMillis(1));

        Outcome outcome = world.handle(build);

        assertTrue(assertInstanceOf(Outcome.Recorded.class, outcome).decision().notifies());
        Marker marker = world.marker(build).orElseThrow();
        assertEquals("inv-1", marker.owner());
        assertEquals(Marker.State.DONE, marker.state());
        assertFalse(world.messenger.posts().isEmpty());
    }
}
