package io.codebuildnotifier.git;

/**
 * A pull request as its git host describes it.
 *
 * @param branch the branch it comes from; empty when not known
 * @param title  its title; empty when not known
 */
public record PullRequest(String branch, String title) {
    public PullRequest {
        branch = branch == null ? "" : branch.strip();
        title = title == null ? "" : title.strip();
    }

    public java.util.Optional<String> branchName() {
        return branch.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(branch);
    }
}
