package io.codebuildnotifier.sources.build;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a PR's or branch's recorded builds: which one came before a build, whether a newer one
 * is already known, and which version key a build gets. The answers do not depend on the order
 * in which the builds' events arrived.
 */
final class Timeline {
    private final List<HistoryEntry> entries;

    public Timeline(List<HistoryEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The newest other build that started before {@code startTime}, so that a late event for an
     * older build is never compared against a newer one.
     */
    public Optional<HistoryEntry> previous(String buildId, long startTime) {
        return others(buildId)
                .filter(e -> e.startTime() < startTime)
                .max(Comparator.comparingLong(HistoryEntry::startTime)
                        .thenComparing(HistoryEntry::buildId, Comparator.naturalOrder()));
    }

    /** This build's own entry, when an earlier event for it was recorded. */
    public Optional<HistoryEntry> own(String buildId) {
        return entries.stream().filter(e -> e.buildId().equals(buildId)).findFirst();
    }

    /** The newest other build that started after {@code startTime}, if one is recorded. */
    public Optional<HistoryEntry> newer(String buildId, long startTime) {
        return others(buildId)
                .filter(e -> e.startTime() > startTime)
                .max(Comparator.comparingLong(HistoryEntry::startTime));
    }

    /**
     * {@code FIRSTSTART_CURRENTSTART}: a rebuild of a commit already recorded here keeps that
     * commit's first start; any other build uses its own start twice.
     */
    public String versionKeyFor(String buildId, String commit, long startTime) {
        return HistoryEntry.versionKey(firstStart(buildId, commit, startTime), startTime);
    }

    /**
     * Entries of the same commit that were recorded before an earlier build of it was known,
     * with the key they get now that it is: the same history whatever the arrival order.
     */
    public List<History.Rekey> rekeysFor(String buildId, String commit, long startTime) {
        long first = firstStart(buildId, commit, startTime);
        return others(buildId)
                .filter(e -> sameCommit(e, commit) && e.startTime() > startTime && e.firstStart() > first)
                .map(e -> new History.Rekey(e, HistoryEntry.versionKey(first, e.startTime())))
                .toList();
    }

    private long firstStart(String buildId, String commit, long startTime) {
        return others(buildId)
                .filter(e -> sameCommit(e, commit) && e.startTime() < startTime)
                .mapToLong(HistoryEntry::firstStart)
                .filter(s -> s < startTime)
                .min()
                .orElse(startTime);
    }

    /** Whether the same commit both failed and passed here, counting this build ({@code passed}). */
    public boolean flaky(String buildId, String commit, boolean passed) {
        return others(buildId).anyMatch(e -> sameCommit(e, commit) && e.passed() != passed);
    }

    private static boolean sameCommit(HistoryEntry e, String commit) {
        return !commit.isEmpty() && e.commitHash().equalsIgnoreCase(commit);
    }

    private java.util.stream.Stream<HistoryEntry> others(String buildId) {
        return entries.stream().filter(e -> !e.buildId().equals(buildId));
    }
}
