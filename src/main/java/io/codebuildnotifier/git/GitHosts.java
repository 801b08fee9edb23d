package io.codebuildnotifier.git;

import io.codebuildnotifier.kernel.Deadline;
import java.util.Optional;

/**
 * Sends each repository to its own host: GitHub (and Enterprise) or CodeCommit. A whitelisted
 * branch the repository does not have (often {@code master} beside {@code main}) is remembered for
 * a few minutes, so that every push is not asked about it again.
 */
public final class GitHosts implements GitHost {
    static final long MISSING_BRANCH_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    private final GitHost github;
    private final GitHost codeCommit;
    private final java.util.Map<String, Long> missingBranches = new java.util.concurrent.ConcurrentHashMap<>();

    public GitHosts(GitHost github, GitHost codeCommit) {
        this.github = github;
        this.codeCommit = codeCommit;
    }

    private GitHost of(Repository repo) {
        return repo.host() == Repository.Host.CODECOMMIT ? codeCommit : github;
    }

    @Override
    public Commit commit(Repository repository, String sha, Deadline deadline) {
        return of(repository).commit(repository, sha, deadline);
    }

    @Override
    public Optional<String> branchHead(Repository repository, String branch, Deadline deadline) {
        String key = repository.webUrl() + " " + branch;
        Long missingSince = missingBranches.get(key);
        if (missingSince != null && System.nanoTime() - missingSince < MISSING_BRANCH_NANOS) {
            return Optional.empty();
        }
        Optional<String> head = of(repository).branchHead(repository, branch, deadline);
        if (head.isEmpty()) {
            missingBranches.put(key, System.nanoTime());
        } else {
            missingBranches.remove(key);
        }
        return head;
    }

    @Override
    public java.util.List<String> firstParents(Repository repository, String head, int depth, Deadline deadline) {
        return of(repository).firstParents(repository, head, depth, deadline);
    }

    @Override
    public Optional<PullRequest> pullRequest(Repository repository, String number, Deadline deadline) {
        return of(repository).pullRequest(repository, number, deadline);
    }
}
