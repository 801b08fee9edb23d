package io.codebuildnotifier.commit;

import io.codebuildnotifier.source.Repository;
import java.util.Optional;

/**
 * A git host that can say who wrote a commit and where a branch points.
 * Implementations throw {@link io.codebuildnotifier.failure.TransientFailure} when the host
 * cannot be reached and {@link io.codebuildnotifier.failure.PermanentFailure} when it does not
 * know the repository or the commit.
 */
public interface GitHost {
    Commit commit(Repository repository, String sha);

    /** The commit a branch points at, or empty when the branch does not exist. */
    Optional<String> branchHead(Repository repository, String branch);

    /** The branch a pull request comes from, or empty when the host does not know the pull request. */
    Optional<String> pullRequestBranch(Repository repository, String number);
}
