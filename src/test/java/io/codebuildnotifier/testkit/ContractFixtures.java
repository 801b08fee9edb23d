package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sources.build.History;
import io.codebuildnotifier.sources.build.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Entries, claims and records the store contracts write. */
final class ContractFixtures {
    /** When the claims are made (markers compare the claim's own times, never a clock). */
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(15);

    private ContractFixtures() {
    }

    /** A deadline the adapters accept (they read the system clock through it). */
    static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }

    /** A deadline with no time left for a call. */
    static Deadline spent() {
        return Deadline.in(Duration.ofSeconds(1));
    }

    static NotificationKey key(String buildId) {
        return NotificationKey.build(buildId);
    }

    static HistoryEntry entry(String sourceRef, String buildId, String commit, long start) {
        return entry(sourceRef, HistoryEntry.versionKey(start, start), buildId, commit, start);
    }

    static HistoryEntry entry(String sourceRef, String versionKey, String buildId, String commit, long start) {
        return new HistoryEntry(HistoryEntry.sourceId("widgets", sourceRef), versionKey, sourceRef,
                sourceRef.startsWith("branch/") ? sourceRef.substring(7) : "", "widgets", buildId, commit,
                "SUCCEEDED", start, "Ada", "ada@example.com", "Grace", "grace@example.com", "Fix the widget",
                "https://github.com/acme/widgets");
    }

    /** A claim by {@code owner} at {@code now}, leased for {@link #LEASE}. */
    static Claim claim(String buildId, String owner, Instant now) {
        return new Claim(key(buildId), buildId, owner, now, now.plus(LEASE), false, now.plus(Duration.ofDays(30)));
    }

    static Claim finished(String buildId, String owner, Instant now) {
        return new Claim(key(buildId), buildId, owner, now, now.plus(LEASE), true, now.plus(Duration.ofDays(30)));
    }

    static History.Record record(HistoryEntry entry, Claim claim) {
        return new History.Record(entry, Optional.empty(), List.of(), false, claim);
    }
}
