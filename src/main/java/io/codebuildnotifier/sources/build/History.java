package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.Marker;
import java.util.List;

/**
 * The build history (the original's DynamoDB table and its {@code commit_hash_index}).
 */
public interface History {

    /** Every build recorded for a PR or branch of a project. */
    List<HistoryEntry> entriesOf(String sourceId, Deadline deadline);

    /** Every build recorded for a commit, across projects and refs. */
    List<HistoryEntry> entriesWithCommit(String commitHash, Deadline deadline);

    /**
     * Records a build and claims its notification, all or nothing: its history entry, the
     * entries of the same commit that move to an earlier first start, the per-source-ref branch
     * entry and, for a whitelisted branch, the repository's project summary (the last two only
     * ever move forward in time), and the notification marker.
     */
    Result record(Record record, Deadline deadline);

    /**
     * @param replaces    this build's own entry under an older version key, to remove; empty if none
     * @param rekeys      entries of the same commit and PR or branch whose version key changes
     * @param whitelisted whether the build is of a whitelisted branch (the project summary)
     */
    record Record(HistoryEntry entry, java.util.Optional<String> replaces, List<Rekey> rekeys, boolean whitelisted,
                  Claim claim) {
        public Record {
            rekeys = List.copyOf(rekeys);
        }
    }

    /**
     * An entry written again: under {@code versionKey} instead of its own, or, when that is its own,
     * in place (it became flaky).
     */
    record Rekey(HistoryEntry entry, String versionKey) {
    }

    /** What became of a {@link Record}. */
    sealed interface Result {
        /** Written, and the claim is ours. */
        record Claimed() implements Result {
        }

        /** Not written: the notification is finished or held by another invocation. */
        record Refused(Marker marker) implements Result {
        }
    }
}
