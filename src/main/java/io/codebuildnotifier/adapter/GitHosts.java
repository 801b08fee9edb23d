package io.codebuildnotifier.adapter;

import io.codebuildnotifier.commit.Commit;
import io.codebuildnotifier.commit.GitHost;
import io.codebuildnotifier.source.Repository;
import java.util.Optional;

/** Sends each repository to its own host: GitHub (and Enterprise) or CodeCommit. */
final class GitHosts implements GitHost {
    private final GitHost github;
    private final GitHost codeCommit;

    GitHosts(GitHost github, GitHost codeCommit) {
        this.github = github;
        this.codeCommit = codeCommit;
    }

    private GitHost of(Repository repo) {
        return repo.host() == Repository.Host.CODECOMMIT ? codeCommit : github;
    }

    @Override
    public Commit commit(Repository repository, String sha) {
        return of(repository).commit(repository, sha);
    }

    @Override
    public Optional<String> branchHead(Repository repository, String branch) {
        return of(repository).branchHead(repository, branch);
    }

    @Override
    public Optional<String> pullRequestBranch(Repository repository, String number) {
        return of(repository).pullRequestBranch(repository, number);
    }
}
