package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.T0;
import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sources.build.BuildStatus;
import io.codebuildnotifier.sources.build.Rollups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Rollups} store does: one entry per project, a revision that counts changes
 * (and only changes), followers added, a closed or rebuilt rollup started anew; the rollup's
 * delivery notes are read by the {@link Ledger} of the same table. Runs against the in-memory
 * store and DynamoDB Local.
 */
public abstract class RollupsContract {
    private static final NotificationKey KEY = new NotificationKey("commit:https://github.com/acme/widgets@abc123");
    private static final Instant EXPIRES = T0.plus(Duration.ofDays(30));
    private static final Instant OPEN_SINCE = T0.minus(Duration.ofHours(6));

    /** A rollup store and the ledger of the same table. */
    public record Store(Rollups rollups, Ledger ledger) {
    }

    protected abstract Store newStore();

    private Rollups rollups;
    private Ledger ledger;

    @BeforeEach
    void open() {
        Store store = newStore();
        rollups = store.rollups();
        ledger = store.ledger();
    }

    private static Rollups.Entry entry(String project, String build, BuildStatus status, long start) {
        return new Rollups.Entry(project, project + ":" + build, status, start, "https://console/" + build);
    }

    private Rollups.Rollup record(Rollups.Entry entry, Set<String> followers, Instant now) {
        return rollups.record(KEY, "abc123", entry, followers, now, now.minus(Duration.ofHours(6)), EXPIRES, deadline());
    }

    @Test
    void eachProjectsBuildIsAnEntryAndEachChangeARevision() {
        Rollups.Rollup first = record(entry("unit", "b1", BuildStatus.SUCCEEDED, 100), Set.of("dm:U1"), T0);
        Rollups.Rollup second = record(entry("lint", "b2", BuildStatus.FAILED, 101), Set.of("dm:U1", "channel:#b"), T0);

        assertEquals(1, first.revision());
        assertEquals(2, second.revision());
        assertEquals(List.of(entry("lint", "b2", BuildStatus.FAILED, 101), entry("unit", "b1", BuildStatus.SUCCEEDED, 100)),
                second.entries());
        assertEquals(Set.of("dm:U1", "channel:#b"), second.followers());
        assertEquals(T0, second.opened());
        assertEquals(KEY, second.key());
    }

    @Test
    void anEntryKeepsWhatItsBuildSaidAtAGlance_andAChangedDetailIsAChange() {
        Rollups.Entry failed = new Rollups.Entry("unit", "unit:b1", BuildStatus.FAILED, 100, "https://console/b1",
                "4m 05s · BUILD phase failed · 3 of 120 tests failed | piped");
        record(failed, Set.of("dm:U1"), T0);

        Rollups.Rollup again = record(failed, Set.of("dm:U1"), T0);

        assertEquals(List.of(failed), again.entries());
        assertEquals(1, again.revision());
        Rollups.Rollup changed = record(new Rollups.Entry("unit", "unit:b1", BuildStatus.FAILED, 100,
                "https://console/b1", "test report not ready"), Set.of("dm:U1"), T0);
        assertEquals("test report not ready", changed.entries().get(0).detail());
    }

    @Test
    void theSameEntryAgainChangesNothing() {
        record(entry("unit", "b1", BuildStatus.SUCCEEDED, 100), Set.of("dm:U1"), T0);

        Rollups.Rollup again = record(entry("unit", "b1", BuildStatus.SUCCEEDED, 100), Set.of("dm:U1"), T0);

        assertEquals(1, again.revision());
        assertEquals(1, again.entries().size());
    }

    @Test
    void aNewFollowerIsAChange() {
        record(entry("unit", "b1", BuildStatus.SUCCEEDED, 100), Set.of("dm:U1"), T0);

        Rollups.Rollup followed = record(entry("unit", "b1", BuildStatus.SUCCEEDED, 100), Set.of("dm:U2"), T0);

        assertEquals(2, followed.revision());
        assertEquals(Set.of("dm:U1", "dm:U2"), followed.followers());
    }

    @Test
    void aRebuildOfAProjectStartsANewRollupAndAnOlderBuildChangesNothing() {
        record(entry("unit", "b1", BuildStatus.FAILED, 100), Set.of("dm:U1"), T0);
        record(entry("lint", "b2", BuildStatus.FAILED, 101), Set.of("dm:U1"), T0);
        ledger.delivered(KEY, "dm:U1", 2, Optional.of(new MessageRef("DU1", "1.1")), deadline());

        Rollups.Rollup rebuilt = record(entry("unit", "b3", BuildStatus.SUCCEEDED, 200), Set.of("dm:U1"), T0.plusSeconds(60));
        Rollups.Rollup stale = record(entry("unit", "b0", BuildStatus.FAILED, 50), Set.of("dm:U1"), T0.plusSeconds(61));

        assertEquals(List.of(entry("unit", "b3", BuildStatus.SUCCEEDED, 200)), rebuilt.entries());
        assertEquals(3, rebuilt.revision(), "revisions go on counting");
        assertEquals(T0.plusSeconds(60), rebuilt.opened());
        Marker notes = ledger.find(KEY, deadline()).orElseThrow();
        assertEquals(0, notes.sentRevision("dm:U1"), "a new rollup is a new message");
        assertEquals(rebuilt.entries(), stale.entries());
        assertEquals(3, stale.revision());
    }

    @Test
    void aRollupOpenedLongAgoIsClosed() {
        record(entry("unit", "b1", BuildStatus.FAILED, 100), Set.of("dm:U1"), T0);

        Rollups.Rollup later = record(entry("lint", "b2", BuildStatus.FAILED, 101), Set.of("dm:U1"), T0.plus(Duration.ofHours(7)));

        assertEquals(List.of(entry("lint", "b2", BuildStatus.FAILED, 101)), later.entries());
        assertEquals(T0.plus(Duration.ofHours(7)), later.opened());
    }

    @Test
    void theLedgerReadsTheRollupsDeliveryNotes() {
        record(entry("unit", "b1", BuildStatus.FAILED, 100), Set.of("dm:U1"), T0);
        ledger.owe(KEY, List.of("dm:U1"), 4, deadline());
        ledger.delivered(KEY, "dm:U1", 3, Optional.of(new MessageRef("DU1", "1.1")), deadline());

        Marker marker = ledger.find(KEY, deadline()).orElseThrow();
        assertEquals(Marker.State.DONE, marker.state(), "a rollup is never a claim");
        assertEquals(3, marker.sentRevision("dm:U1"));
        assertEquals(4, marker.owedRevision("dm:U1"));
        assertEquals(new MessageRef("DU1", "1.1"), marker.references().get("dm:U1"));
        assertEquals(1, record(entry("unit", "b1", BuildStatus.FAILED, 100), Set.of("dm:U1"), T0).entries().size());
    }

    @Test
    void concurrentProjectsEachGetTheirOwnRevision() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Rollups.Rollup>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                results.add(pool.submit(() -> record(entry("p" + n, "b" + n, BuildStatus.FAILED, 100 + n),
                        Set.of("dm:U1"), T0)));
            }
            Set<Long> revisions = new java.util.TreeSet<>();
            for (Future<Rollups.Rollup> result : results) {
                revisions.add(result.get().revision());
            }
            assertEquals(24, revisions.size(), "no two changes share a revision: " + revisions);
            assertEquals(24, record(entry("p0", "b0", BuildStatus.FAILED, 100), Set.of("dm:U1"), T0).entries().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void projectsSeenStartingCountAsExpected() {
        rollups.started(KEY, "abc123", "lint", "lint:b2", T0, EXPIRES, deadline());
        rollups.started(KEY, "abc123", "unit", "unit:b1", T0, EXPIRES, deadline());
        rollups.started(KEY, "abc123", "docs", "docs:b3", T0, EXPIRES, deadline());

        Rollups.Rollup first = record(entry("unit", "b1", BuildStatus.FAILED, 100), Set.of("dm:U1"), T0);

        assertEquals(1, first.entries().size());
        assertEquals(3, first.expected(), "unit finished; lint and docs are still running");
        assertEquals(1, first.revision(), "a start changes no revision");
        assertEquals(T0, first.opened());
    }
}
