package io.codebuildnotifier.git;

import io.codebuildnotifier.kernel.Deadline;
import java.util.Optional;

/**
 * A git host that can say who wrote a commit and where a branch points.
 * Implementations throw {@link io.codebuildnotifier.kernel.TransientFailure} when the host
 * cannot be reached and {@link io.codebuildnotifier.kernel.PermanentFailure} when it does not
 * know the repository or the commit.
 */
public interface GitHost {
    Commit commit(Repository repository, String sha, Deadline deadline);

    /** The commit a branch points at, or empty when the branch does not exist. */
    Optional<String> branchHead(Repository repository, String branch, Deadline deadline);

    /**
     * The first-parent history of a branch from its head: {@code head} and the commits before it,
     * newest first, following each commit's first parent (the branch's own line, not what merges
     * brought in). At most {@code depth} commits; fewer when the history is shorter or the host
     * would need more than a few calls to go further.
     */
    java.util.List<String> firstParents(Repository repository, String head, int depth, Deadline deadline);

    /** A pull request's branch and title, or empty when the host does not know the pull request. One call. */
    Optional<PullRequest> pullRequest(Repository repository, String number, Deadline deadline);
}
