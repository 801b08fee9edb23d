package io.codebuildnotifier.sources.build;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.NotifierFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciliation notes each run (when, how many builds it looked at, how many it told about), on fakes. */
class ReconcilerLogTest {
    private final NotifierFixture world = new NotifierFixture();
    private final Notes notes = new Notes();
    private final Reconciler reconciler = new Reconciler(world.notifier(), world.builds, world.store, world.clock,
            Duration.ofHours(2), notes);

    /** Keeps every run noted. */
    private static final class Notes implements ReconcileLog {
        final List<Run> runs = new ArrayList<>();

        @Override
        public void ran(Run run, Deadline deadline) {
            runs.add(run);
        }

        @Override
        public Optional<Run> last(Deadline deadline) {
            return runs.isEmpty() ? Optional.empty() : Optional.of(runs.getLast());
        }
    }

    @Test
    void aRunIsNotedWithTheBuildsItToldAbout() {
        Build notified = world.build("seen", FAILED, "pr/7", 10);
        world.handle(notified);
        Build lost = world.build("lost", FAILED, "pr/8", 20);
        world.builds.add(notified, NOW.minus(Duration.ofMinutes(30)));
        world.builds.add(lost, NOW.minus(Duration.ofMinutes(30)));

        reconciler.reconcile(world.invocation("rec-1"));
        reconciler.reconcile(world.invocation("rec-2"));

        assertEquals(List.of(new ReconcileLog.Run(NOW, 2, 1), new ReconcileLog.Run(NOW, 2, 0)), notes.runs,
                "the second run had nothing to tell");
    }

    @Test
    void aRunWithNothingFinishedIsNotedToo() {
        reconciler.reconcile(world.invocation("rec-1"));

        assertEquals(List.of(new ReconcileLog.Run(NOW, 0, 0)), notes.runs);
    }

    @Test
    void aRunThatEndsInAMisconfigurationIsNotedWithWhatItRecovered() {
        Build lost = world.build("lost", FAILED, "pr/8", 20);
        world.builds.add(lost, NOW.minus(Duration.ofMinutes(30))).unknownProject("wigdets");

        assertThrows(MisconfigurationFailure.class, () -> reconciler.reconcile(world.invocation("rec-1")));

        assertEquals(List.of(new ReconcileLog.Run(NOW, 1, 1)), notes.runs);
    }

    @Test
    void withoutALogNothingIsNotedAndTheRunIsTheSame() {
        Reconciler plain = new Reconciler(world.notifier(), world.builds, world.store, world.clock,
                Duration.ofHours(2));
        world.builds.add(world.build("lost", FAILED, "pr/8", 20), NOW.minus(Duration.ofMinutes(30)));

        assertEquals(1, plain.reconcile(world.invocation("rec-1")).recovered());
        assertEquals(Optional.empty(), ReconcileLog.NONE.last(world.deadline));
    }

    @Test
    void aRunsCountsAreNeverNegative() {
        assertThrows(IllegalArgumentException.class, () -> new ReconcileLog.Run(NOW, -1, 0));
        assertThrows(NullPointerException.class, () -> new ReconcileLog.Run(null, 0, 0));
    }
}
