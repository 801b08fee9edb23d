package io.codebuildnotifier.sources.build;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.NotifierFixture.NOW;
import static io.codebuildnotifier.sources.build.NotifierFixture.OTHER_SHA;
import static io.codebuildnotifier.sources.build.NotifierFixture.SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.Marker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reconciliation run over builds whose events were lost, on in-memory fakes. */
class ReconcilerFastTest {
    private final NotifierFixture world = new NotifierFixture();
    private final Reconciler reconciler = new Reconciler(world.notifier(), world.builds, world.store, world.clock,
            Duration.ofHours(2));

    @Test
    void recoversLostBuildsMarksSkipsAndLeavesRecentOnesToTheirEvents() {
        world.git.branchHead("main", OTHER_SHA);
        Build notified = world.build("seen", FAILED, "pr/7", 10);
        world.handle(notified);
        Build lost = world.build("lost", FAILED, "pr/8", 20);
        Build nowhere = world.build("nowhere", FAILED, SHA, 30);
        Build recent = world.build("recent", FAILED, "pr/9", 40);
        for (Build b : List.of(notified, lost, nowhere)) {
            world.builds.add(b, NOW.minus(Duration.ofMinutes(30)));
        }
        world.builds.add(recent, NOW.minus(Duration.ofMinutes(1)));

        Reconciler.Report report = reconciler.reconcile(world.invocation("rec-1"));

        assertEquals(new Reconciler.Report(3, 1, 1, 0, 1, 0, 0, 0, List.of()), report);
        assertEquals(List.of("U1", "U2", "U1", "U2"), world.messenger.destinations());
        assertEquals(Marker.State.SKIPPED, world.marker(nowhere).orElseThrow().state());
        assertEquals(3, reconciler.reconcile(world.invocation("rec-2")).alreadyProcessed(), "the next run has nothing to do");
    }

    @Test
    void anUnknownWatchedProjectIsNamedAfterTheOthersAreReconciled() {
        Build lost = world.build("lost", FAILED, "pr/8", 20);
        world.builds.add(lost, NOW.minus(Duration.ofMinutes(30))).unknownProject("wigdets");

        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                () -> reconciler.reconcile(world.invocation("rec-1")));

        assertTrue(failure.getMessage().contains("watched projects that do not exist: wigdets"), failure.getMessage());
        assertTrue(failure.getMessage().contains("1 recovered"), failure.getMessage());
        assertEquals(List.of("U1", "U2"), world.messenger.destinations(), "the other projects were reconciled");
    }

    @Test
    void aClaimWhoseHolderIsGoneIsFinishedAndALiveOneIsLeftAlone() {
        // (the fixture's claims share one history entry of pr/7, a failure: passing is a status change)
        Build abandoned = world.build("abandoned", BuildStatus.SUCCEEDED, "pr/7", 10);
        Build live = world.build("live", FAILED, "pr/7", 20);
        world.builds.add(abandoned, NOW.minus(Duration.ofMinutes(30)));
        world.builds.add(live, NOW.minus(Duration.ofMinutes(30)));
        world.claimedElsewhere(abandoned, NOW.minus(Duration.ofMinutes(20)));
        world.claimedElsewhere(live, NOW.plus(Duration.ofMinutes(5)));

        Reconciler.Report report = reconciler.reconcile(world.invocation("rec-1"));

        assertEquals(1, report.resumed(), report.summary());
        assertEquals(1, report.alreadyProcessed(), "the live claim counts as in hand");
        assertTrue(report.summary().contains("1 stuck claims finished"), report.summary());
        assertEquals(List.of("U1", "U2"), world.messenger.destinations());
        assertEquals(Marker.State.DONE, world.marker(abandoned).orElseThrow().state());
        Marker held = world.marker(live).orElseThrow();
        assertEquals(Marker.State.CLAIMED, held.state());
        assertEquals("inv-other", held.owner());
    }
}
