package io.codebuildnotifier.history;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a PR's or branch's recorded builds: which one came before a build, and which
 * version key a build gets.
 */
public final class Timeline {
    private final List<HistoryEntry> entries;

    public Timeline(List<HistoryEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The newest other build that started before {@code startTime}, so that a late event for an
     * older build is never compared against a newer one.
     */
    public Optional<HistoryEntry> previous(String buildId, long startTime) {
        return entries.stream()
                .filter(e -> !e.buildId().equals(buildId))
                .filter(e -> e.startTime() < startTime)
                .max(Comparator.comparingLong(HistoryEntry::startTime)
                        .thenComparing(HistoryEntry::versionKey, Comparator.naturalOrder()));
    }

    /**
     * {@code FIRSTSTART_CURRENTSTART}: a rebuild of a commit already recorded here keeps that
     * commit's first start; any other build uses its own start twice. A build already recorded
     * (a repeated event) keeps its key, so recording it again overwrites rather than adds.
     */
    public String versionKeyFor(String buildId, String commit, long startTime) {
        Optional<HistoryEntry> same = entries.stream().filter(e -> e.buildId().equals(buildId)).findFirst();
        if (same.isPresent()) {
            return same.get().versionKey();
        }
        long first = entries.stream()
                .filter(e -> !commit.isEmpty() && e.commitHash().equalsIgnoreCase(commit))
                .mapToLong(HistoryEntry::firstStart)
                .filter(s -> s < startTime)
                .min()
                .orElse(startTime);
        return HistoryEntry.versionKey(first, startTime);
    }
}
