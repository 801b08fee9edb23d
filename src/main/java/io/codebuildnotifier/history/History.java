package io.codebuildnotifier.history;

import java.util.List;

/**
 * The build history (the original's DynamoDB table and its {@code commit_hash_index}).
 */
public interface History {

    /** Every build recorded for a PR or branch of a project. */
    List<HistoryEntry> entriesOf(String sourceId);

    /** Every build recorded for a commit, across projects and refs. */
    List<HistoryEntry> entriesWithCommit(String commitHash);

    /**
     * Records a build: its history entry, the per-source-ref branch entry, and, for a
     * whitelisted branch, the repository's project summary.
     */
    void record(HistoryEntry entry, boolean whitelistedBranch);
}
