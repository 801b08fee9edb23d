package io.codebuildnotifier.sources.push;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a push changed in a repository, read from its host (CodeCommit's GetCommit and GetDifferences).
 * A repository that does not exist is a {@link PermanentFailure}; a commit it does not have is "not
 * known" (empty), so that a push of a tag object or of a commit since garbage-collected is still told;
 * an outage or throttling is a {@code TransientFailure}; access denied a {@code MisconfigurationFailure} naming the
 * IAM action to grant.
 */
public interface RepositoryChanges {

    /**
     * One commit.
     *
     * @param parents its parents' ids, the first parent first (none for a root commit)
     * @param subject the first line of its message
     */
    record CommitInfo(String sha, List<String> parents, String subject, String authorName, String authorEmail) {
        public CommitInfo {
            Objects.requireNonNull(sha, "sha");
            parents = parents == null ? List.of() : List.copyOf(parents);
            subject = subject == null ? "" : subject;
            authorName = authorName == null ? "" : authorName;
            authorEmail = authorEmail == null ? "" : authorEmail;
        }

        public Optional<String> firstParent() {
            return parents.isEmpty() ? Optional.empty() : Optional.of(parents.getFirst());
        }
    }

    /** One changed file: {@code A}dded, {@code M}odified or {@code D}eleted, and its path (the new one, or the old for a deletion). */
    record FileChange(char change, String path) {
        public FileChange {
            if (change != 'A' && change != 'M' && change != 'D') {
                throw new IllegalArgumentException("a change is A, M or D, not " + change);
            }
            path = path == null ? "" : path;
        }
    }

    /**
     * The changes between two commits, as far as they were read.
     *
     * @param changes the first changes, at most the limit asked for, in the host's order
     * @param total   how many changes were counted ({@code >= changes.size()})
     * @param more    whether there are changes beyond {@code total} that were not counted (the reading was cut)
     */
    record Differences(List<FileChange> changes, int total, boolean more) {
        public static final Differences NONE = new Differences(List.of(), 0, false);

        public Differences {
            changes = changes == null ? List.of() : List.copyOf(changes);
            if (total < changes.size()) {
                throw new IllegalArgumentException("the total counts the changes listed");
            }
        }
    }

    /** The commit, or empty when the repository has no such commit. */
    Optional<CommitInfo> commit(String repository, String sha, Deadline deadline);

    /**
     * The files changed from {@code before} to {@code after}: the first {@code limit}, and how many there are
     * (counted as far as the host lets in a few requests).
     *
     * @param before the old commit; empty for everything {@code after} holds (a root commit)
     * @return empty when the repository has no such commit
     */
    Optional<Differences> differences(String repository, String before, String after, int limit, Deadline deadline);
}
