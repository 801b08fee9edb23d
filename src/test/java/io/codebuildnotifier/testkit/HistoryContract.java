package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.LEASE;
import static io.codebuildnotifier.testkit.ContractFixtures.T0;
import static io.codebuildnotifier.testkit.ContractFixtures.claim;
import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static io.codebuildnotifier.testkit.ContractFixtures.entry;
import static io.codebuildnotifier.testkit.ContractFixtures.finished;
import static io.codebuildnotifier.testkit.ContractFixtures.key;
import static io.codebuildnotifier.testkit.ContractFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.sources.build.History;
import io.codebuildnotifier.sources.build.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link History} does: records a build and claims its notification all or nothing,
 * and reads back what it recorded. Runs against the in-memory store and DynamoDB Local.
 */
public abstract class HistoryContract {
    /** A history and the ledger that reads its markers (one table). */
    public record Store(History history, Ledger ledger) {
    }

    protected abstract Store newStore();

    private History history;
    private Ledger ledger;

    @BeforeEach
    void open() {
        Store store = newStore();
        history = store.history();
        ledger = store.ledger();
    }

    private Marker marker(String buildId) {
        return ledger.find(key(buildId), deadline()).orElseThrow();
    }

    @Test
    void recordWritesTheEntryAndClaims() {
        HistoryEntry entry = entry("pr/7", "widgets:b1", "abc1", 1000);

        assertInstanceOf(History.Result.Claimed.class, history.record(record(entry, claim("widgets:b1", "inv-1", T0)),
                deadline()));

        assertEquals(List.of(entry), history.entriesOf(entry.sourceId(), deadline()));
        Marker marker = marker("widgets:b1");
        assertEquals(Marker.State.CLAIMED, marker.state());
        assertEquals("inv-1", marker.owner());
        assertEquals("widgets:b1", marker.subject());
        assertEquals(T0.plus(LEASE), marker.leaseUntil());
        assertEquals(Set.of(), marker.delivered());
    }

    @Test
    void aSecondRecordIsRefusedWithTheHoldersMarkerAndWritesNothing() {
        HistoryEntry first = entry("pr/7", "widgets:b1", "abc1", 1000);
        history.record(record(first, claim("widgets:b1", "inv-1", T0)), deadline());
        HistoryEntry other = entry("pr/7", HistoryEntry.versionKey(1000, 2000), "widgets:b1", "abc1", 2000);

        History.Result result = history.record(record(other, claim("widgets:b1", "inv-2", T0.plusSeconds(60))),
                deadline());

        Marker holder = assertInstanceOf(History.Result.Refused.class, result).marker();
        assertEquals("inv-1", holder.owner());
        assertEquals(Marker.State.CLAIMED, holder.state());
        assertEquals(List.of(first), history.entriesOf(first.sourceId(), deadline()));
    }

    @Test
    void aClaimAfterTheLeaseRanOutSucceeds() {
        history.record(record(entry("pr/7", "widgets:b1", "abc1", 1000), claim("widgets:b1", "inv-1", T0)), deadline());
        Instant atLeaseEnd = T0.plus(LEASE);

        assertInstanceOf(History.Result.Refused.class, history.record(record(entry("pr/7", "widgets:b1", "abc1", 1000),
                claim("widgets:b1", "inv-2", atLeaseEnd)), deadline()), "the lease runs until its last millisecond");
        assertInstanceOf(History.Result.Claimed.class, history.record(record(entry("pr/7", "widgets:b1", "abc1", 1000),
                claim("widgets:b1", "inv-2", atLeaseEnd.plusMillis(1))), deadline()));

        assertEquals("inv-2", marker("widgets:b1").owner());
    }

    @Test
    void theOwnerCanClaimAgainAndReplaceItsOwnEntry() {
        HistoryEntry before = entry("pr/7", "widgets:b1", "abc1", 1000);
        history.record(record(before, claim("widgets:b1", "inv-1", T0)), deadline());
        HistoryEntry after = entry("pr/7", HistoryEntry.versionKey(500, 1000), "widgets:b1", "abc1", 1000);

        History.Result result = history.record(new History.Record(after, Optional.of(before.versionKey()), List.of(),
                false, claim("widgets:b1", "inv-1", T0.plusSeconds(1))), deadline());

        assertInstanceOf(History.Result.Claimed.class, result);
        assertEquals(List.of(after), history.entriesOf(after.sourceId(), deadline()));
    }

    @Test
    void rekeysMoveEntriesToTheirNewVersionKey() {
        HistoryEntry later = entry("branch/main", "widgets:b2", "abc1", 2000);
        history.record(record(later, claim("widgets:b2", "inv-1", T0)), deadline());
        HistoryEntry earlier = entry("branch/main", "widgets:b1", "abc1", 1000);
        String moved = HistoryEntry.versionKey(1000, 2000);

        history.record(new History.Record(earlier, Optional.empty(), List.of(new History.Rekey(later, moved)), true,
                claim("widgets:b1", "inv-2", T0)), deadline());

        assertEquals(List.of(earlier.versionKey(), moved), history.entriesOf(earlier.sourceId(), deadline()).stream()
                .map(HistoryEntry::versionKey).toList());
    }

    @Test
    void finishedMarkersRefuseEveryone() {
        history.record(record(entry("pr/7", "widgets:b1", "abc1", 1000), finished("widgets:b1", "inv-1", T0)),
                deadline());
        assertEquals(Marker.State.DONE, marker("widgets:b1").state());
        Instant later = T0.plus(LEASE).plus(Duration.ofHours(1));

        for (String owner : List.of("inv-1", "inv-2")) {
            History.Result result = history.record(record(entry("pr/7", "widgets:b1", "abc1", 1000),
                    claim("widgets:b1", owner, later)), deadline());
            assertEquals(Marker.State.DONE, assertInstanceOf(History.Result.Refused.class, result).marker().state());
        }
    }

    @Test
    void aSkippedNotificationRefusesAClaim() {
        ledger.skipped(key("widgets:b1"), "widgets:b1", T0.plus(Duration.ofDays(2)), deadline());

        History.Result result = history.record(record(entry("pr/7", "widgets:b1", "abc1", 1000),
                claim("widgets:b1", "inv-1", T0)), deadline());

        assertEquals(Marker.State.SKIPPED, assertInstanceOf(History.Result.Refused.class, result).marker().state());
        assertEquals(List.of(), history.entriesOf(HistoryEntry.sourceId("widgets", "pr/7"), deadline()));
    }

    @Test
    void entriesOfReturnsOneSourceByVersionKey() {
        HistoryEntry b2 = entry("pr/7", "widgets:b2", "abc2", 2000);
        HistoryEntry b1 = entry("pr/7", "widgets:b1", "abc1", 1000);
        HistoryEntry elsewhere = entry("pr/8", "widgets:b3", "abc1", 1500);
        for (HistoryEntry e : List.of(b2, b1, elsewhere)) {
            history.record(record(e, claim(e.buildId(), "inv-1", T0)), deadline());
        }

        assertEquals(List.of(b1, b2), history.entriesOf(b1.sourceId(), deadline()));
        assertEquals(List.of(), history.entriesOf(HistoryEntry.sourceId("widgets", "pr/9"), deadline()));
    }

    @Test
    void entriesWithCommitSpanSourcesAndNothingElse() {
        HistoryEntry pr = entry("pr/7", "widgets:b1", "abc1", 1000);
        HistoryEntry branch = entry("branch/main", "widgets:b2", "abc1", 2000);
        HistoryEntry other = entry("branch/main", "widgets:b3", "abc2", 3000);
        for (HistoryEntry e : List.of(pr, branch, other)) {
            history.record(record(e, claim(e.buildId(), "inv-1", T0)), deadline());
        }

        assertEquals(Set.of(pr, branch), Set.copyOf(history.entriesWithCommit("abc1", deadline())));
        assertEquals(List.of(), history.entriesWithCommit("ABC1", deadline()), "the index matches exactly");
        assertEquals(Set.of("widgets:b3"), history.entriesWithCommit("abc2", deadline()).stream()
                .map(HistoryEntry::buildId).collect(Collectors.toSet()));
    }

    @Test
    void noCallIsStartedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> history.entriesOf("widgets:pr/7", ContractFixtures.spent()));
        assertThrows(TransientFailure.class, () -> history.record(record(entry("pr/7", "widgets:b1", "abc1", 1000),
                claim("widgets:b1", "inv-1", T0)), ContractFixtures.spent()));
    }
}
