package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.LEASE;
import static io.codebuildnotifier.testkit.ContractFixtures.T0;
import static io.codebuildnotifier.testkit.ContractFixtures.claim;
import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static io.codebuildnotifier.testkit.ContractFixtures.entry;
import static io.codebuildnotifier.testkit.ContractFixtures.key;
import static io.codebuildnotifier.testkit.ContractFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sources.build.History;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Ledger} does with the markers a {@link History} claims: notes deliveries and
 * where they landed, finishes, skips, releases, and says which notifications it knows. Runs
 * against the in-memory store and DynamoDB Local.
 */
public abstract class LedgerContract {
    private static final MessageRef REF = new MessageRef("DU1", "1700000000.000001");
    private static final Instant SKIP_TTL = T0.plus(Duration.ofDays(2));

    protected abstract HistoryContract.Store newStore();

    private History history;
    private Ledger ledger;

    @BeforeEach
    void open() {
        HistoryContract.Store store = newStore();
        history = store.history();
        ledger = store.ledger();
    }

    private History.Result claimAs(String buildId, String owner, Instant now) {
        return history.record(record(entry("pr/7", buildId, "abc1", 1000), claim(buildId, owner, now)), deadline());
    }

    private Marker marker(String buildId) {
        return ledger.find(key(buildId), deadline()).orElseThrow();
    }

    @Test
    void aClaimOnItsOwnTakesAFreeKeyAndIsRefusedByAnotherOwnerUntilItsLeaseRunsOut() {
        assertTrue(ledger.claim(claim("p:aa", "inv-1", T0), deadline()).isEmpty());
        assertEquals(Marker.State.CLAIMED, marker("p:aa").state());
        assertTrue(ledger.claim(claim("p:aa", "inv-1", T0.plusSeconds(1)), deadline()).isEmpty(), "its own again");
        Marker refused = ledger.claim(claim("p:aa", "inv-2", T0.plusSeconds(1)), deadline()).orElseThrow();
        assertEquals("inv-1", refused.owner());
        assertTrue(ledger.claim(claim("p:aa", "inv-2", T0.plus(Duration.ofHours(1))), deadline()).isEmpty(),
                "a lease that ran out is taken over");
        ledger.finish(key("p:aa"), deadline());
        assertEquals(Marker.State.DONE, ledger.claim(claim("p:aa", "inv-3", T0.plus(Duration.ofDays(1))),
                deadline()).orElseThrow().state());
    }

    @Test
    void aNotificationNeverClaimedHasNoMarker() {
        assertEquals(Optional.empty(), ledger.find(key("widgets:none"), deadline()));
    }

    @Test
    void deliveredNotesTargetsAndWhereTheyLanded() {
        claimAs("widgets:b1", "inv-1", T0);

        ledger.delivered(key("widgets:b1"), "dm:U1", 1, Optional.of(REF), deadline());
        ledger.delivered(key("widgets:b1"), "admin:U9:x@example.com", 1, Optional.empty(), deadline());

        Marker marker = marker("widgets:b1");
        assertEquals(Marker.State.CLAIMED, marker.state());
        assertEquals(Set.of("dm:U1", "admin:U9:x@example.com"), marker.delivered());
        assertEquals(Map.of("dm:U1", REF), marker.references());
        assertEquals("inv-1", marker.owner());
    }

    @Test
    void aFinishedNotificationRefusesEveryClaim() {
        claimAs("widgets:b1", "inv-1", T0);

        ledger.delivered(key("widgets:b1"), "dm:U1", 1, Optional.of(REF), deadline());
        ledger.finish(key("widgets:b1"), deadline());

        assertEquals(Marker.State.DONE, marker("widgets:b1").state());
        assertInstanceOf(History.Result.Refused.class, claimAs("widgets:b1", "inv-1", T0));
    }

    @Test
    void laterRevisionsAreNotedAndNeverLowered() {
        NotificationKey rollup = new NotificationKey("commit:https://github.com/acme/widgets@abc");
        ledger.delivered(rollup, "dm:U1", 1, Optional.of(REF), deadline());
        assertEquals(1, ledger.find(rollup, deadline()).orElseThrow().sentRevision("dm:U1"));

        ledger.delivered(rollup, "dm:U1", 3, Optional.of(REF), deadline());
        ledger.delivered(rollup, "dm:U1", 2, Optional.of(REF), deadline());

        Marker marker = ledger.find(rollup, deadline()).orElseThrow();
        assertEquals(3, marker.sentRevision("dm:U1"));
        assertEquals(0, marker.sentRevision("dm:U2"));
        assertEquals(Map.of("dm:U1", REF), marker.references());
    }

    @Test
    void theNewestRevisionOwedIsKeptPerTarget() {
        NotificationKey rollup = new NotificationKey("commit:https://github.com/acme/widgets@abc");
        ledger.owe(rollup, List.of("dm:U1", "channel:#builds"), 4, deadline());
        ledger.owe(rollup, List.of("dm:U1"), 5, deadline());
        ledger.owe(rollup, List.of("dm:U2"), 1, deadline());

        Marker marker = ledger.find(rollup, deadline()).orElseThrow();
        assertEquals(5, marker.owedRevision("dm:U1"));
        assertEquals(4, marker.owedRevision("channel:#builds"));
        assertEquals(0, marker.owedRevision("dm:U2"), "the first revision supersedes nothing: not noted");
    }

    @Test
    void finishMarksDoneAndKeepsTheRest() {
        claimAs("widgets:b1", "inv-1", T0);
        ledger.delivered(key("widgets:b1"), "dm:U1", 1, Optional.of(REF), deadline());

        ledger.finish(key("widgets:b1"), deadline());

        Marker marker = marker("widgets:b1");
        assertEquals(Marker.State.DONE, marker.state());
        assertEquals("inv-1", marker.owner());
        assertEquals(Map.of("dm:U1", REF), marker.references());
    }

    @Test
    void skippedOnlyWhenThereIsNoMarker() {
        ledger.skipped(key("widgets:b1"), "widgets:b1", SKIP_TTL, deadline());
        claimAs("widgets:b2", "inv-1", T0);
        ledger.skipped(key("widgets:b2"), "widgets:b2", SKIP_TTL, deadline());
        claimAs("widgets:b3", "inv-1", T0);
        ledger.finish(key("widgets:b3"), deadline());
        ledger.skipped(key("widgets:b3"), "widgets:b3", SKIP_TTL, deadline());

        assertEquals(Marker.State.SKIPPED, marker("widgets:b1").state());
        assertEquals("widgets:b1", marker("widgets:b1").subject());
        assertEquals(Marker.State.CLAIMED, marker("widgets:b2").state());
        assertEquals(Marker.State.DONE, marker("widgets:b3").state());
    }

    @Test
    void releaseLetsAnotherOwnerClaimAtOnce() {
        claimAs("widgets:b1", "inv-1", T0);

        ledger.release(key("widgets:b1"), "inv-1", deadline());

        assertEquals(Instant.EPOCH, marker("widgets:b1").leaseUntil());
        assertInstanceOf(History.Result.Claimed.class, claimAs("widgets:b1", "inv-2", T0.plusSeconds(1)));
        assertEquals("inv-2", marker("widgets:b1").owner());
    }

    @Test
    void onlyTheOwnerReleasesAndOnlyAClaim() {
        claimAs("widgets:b1", "inv-1", T0);
        ledger.release(key("widgets:b1"), "inv-2", deadline());
        assertEquals(T0.plus(LEASE), marker("widgets:b1").leaseUntil());

        ledger.finish(key("widgets:b1"), deadline());
        ledger.release(key("widgets:b1"), "inv-1", deadline());
        assertEquals(T0.plus(LEASE), marker("widgets:b1").leaseUntil());
        ledger.release(key("widgets:none"), "inv-1", deadline());
        assertEquals(Optional.empty(), ledger.find(key("widgets:none"), deadline()));
    }

    @Test
    void aTakeoverKeepsWhatWasDelivered() {
        claimAs("widgets:b1", "inv-1", T0);
        ledger.delivered(key("widgets:b1"), "dm:U1", 1, Optional.of(REF), deadline());

        assertInstanceOf(History.Result.Claimed.class, claimAs("widgets:b1", "inv-2", T0.plus(LEASE).plusSeconds(1)));

        Marker marker = marker("widgets:b1");
        assertEquals("inv-2", marker.owner());
        assertEquals(Set.of("dm:U1"), marker.delivered());
        assertEquals(Map.of("dm:U1", REF), marker.references());
    }

    @Test
    void aDeliveryWithoutAClaimLeavesAMarkerThatCanStillBeClaimed() {
        ledger.delivered(key("widgets:b1"), "dm:U1", 1, Optional.empty(), deadline());

        Marker stray = marker("widgets:b1");
        assertEquals(Marker.State.CLAIMED, stray.state(), "a marker without a state reads as claimed");
        assertEquals("", stray.owner());
        assertInstanceOf(History.Result.Claimed.class, claimAs("widgets:b1", "inv-1", T0));
    }

    @Test
    void findAllReadsTheMarkersOfManyNotifications() {
        List<NotificationKey> asked = new ArrayList<>();
        Set<NotificationKey> marked = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            NotificationKey key = key("widgets:k" + i);
            asked.add(key);
            if (i % 2 == 0) {
                ledger.skipped(key, "widgets:k" + i, SKIP_TTL, deadline());
                marked.add(key);
            }
        }
        claimAs("widgets:k1", "inv-1", T0);
        marked.add(key("widgets:k1"));
        asked.add(key("widgets:k0"));

        Map<NotificationKey, Marker> found = ledger.findAll(asked, deadline());
        assertEquals(marked, found.keySet());
        assertEquals(Marker.State.CLAIMED, found.get(key("widgets:k1")).state());
        assertEquals("inv-1", found.get(key("widgets:k1")).owner());
        assertEquals(Marker.State.SKIPPED, found.get(key("widgets:k0")).state());
        assertEquals(Map.of(), ledger.findAll(List.of(), deadline()));
    }
}
