package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.PullRequest;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.git.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommitIdDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.GetCommitResponse;
import software.amazon.awssdk.services.codecommit.model.InvalidPullRequestIdException;
import software.amazon.awssdk.services.codecommit.model.PullRequestDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.UserInfo;

/** Commits and branches from CodeCommit (GetCommit, GetBranch). */
public final class CodeCommitHost implements GitHost {
    private final Supplier<CodeCommitClient> clients;

    /** @param clients the client, built when first needed */
    public CodeCommitHost(Supplier<CodeCommitClient> clients) {
        this.clients = clients;
    }

    @Override
    public Commit commit(Repository repository, String sha, Deadline deadline) {
        GetCommitResponse response;
        try {
            CodeCommitClient client = clients.get();
            response = client.getCommit(r -> r.repositoryName(repository.name()).commitId(sha)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodeCommit GetCommit")));
        } catch (RepositoryDoesNotExistException e) {
            throw new PermanentFailure("CodeCommit repository " + repository.name() + " does not exist", e);
        } catch (CommitIdDoesNotExistException e) {
            throw new PermanentFailure("CodeCommit repository " + repository.name() + " has no commit " + sha, e);
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeCommit GetCommit", e);
        }
        var c = response.commit();
        UserInfo author = c.author() == null ? UserInfo.builder().build() : c.author();
        UserInfo committer = c.committer() == null ? author : c.committer();
        return Commit.of(c.commitId() == null ? sha : c.commitId(), author.name(), author.email(),
                committer.name(), committer.email(), c.message());
    }

    @Override
    public Optional<PullRequest> pullRequest(Repository repository, String number, Deadline deadline) {
        try {
            CodeCommitClient client = clients.get();
            software.amazon.awssdk.services.codecommit.model.PullRequest pull = client.getPullRequest(r -> r
                    .pullRequestId(number)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodeCommit GetPullRequest"))).pullRequest();
            Optional<String> branch = pull.pullRequestTargets().stream()
                    .filter(t -> repository.name().equals(t.repositoryName()))
                    .map(t -> t.sourceReference() == null ? "" : t.sourceReference().replaceFirst("^refs/heads/", ""))
                    .filter(ref -> !ref.isEmpty())
                    .findFirst();
            boolean ours = pull.pullRequestTargets().stream().anyMatch(t -> repository.name().equals(t.repositoryName()));
            return ours ? Optional.of(new PullRequest(branch.orElse(""), pull.title())) : Optional.empty();
        } catch (PullRequestDoesNotExistException | InvalidPullRequestIdException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeCommit GetPullRequest", e);
        }
    }

    /** Commits read per call to {@link #firstParents}: each is one GetCommit. */
    static final int MAX_CALLS = 5;

    /** Walks first parents from {@code head} with GetCommit, at most {@link #MAX_CALLS} calls. */
    @Override
    public List<String> firstParents(Repository repository, String head, int depth, Deadline deadline) {
        List<String> line = new ArrayList<>();
        String sha = head;
        for (int calls = 0; sha != null && !sha.isEmpty() && line.size() < depth; calls++) {
            line.add(sha);
            if (calls >= MAX_CALLS || line.size() >= depth) {
                break;
            }
            String current = sha;
            try {
                CodeCommitClient client = clients.get();
                List<String> parents = client.getCommit(r -> r.repositoryName(repository.name()).commitId(current)
                        .overrideConfiguration(AwsCalls.within(deadline, "CodeCommit GetCommit"))).commit().parents();
                sha = parents == null || parents.isEmpty() ? null : parents.get(0);
            } catch (RepositoryDoesNotExistException | CommitIdDoesNotExistException e) {
                break;
            } catch (SdkException e) {
                throw AwsErrors.classify("CodeCommit GetCommit", e);
            }
        }
        return line;
    }

    @Override
    public Optional<String> branchHead(Repository repository, String branch, Deadline deadline) {
        try {
            CodeCommitClient client = clients.get();
            return Optional.ofNullable(client.getBranch(r -> r.repositoryName(repository.name()).branchName(branch)
                            .overrideConfiguration(AwsCalls.within(deadline, "CodeCommit GetBranch")))
                    .branch().commitId());
        } catch (BranchDoesNotExistException e) {
            return Optional.empty();
        } catch (RepositoryDoesNotExistException e) {
            throw new PermanentFailure("CodeCommit repository " + repository.name() + " does not exist", e);
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeCommit GetBranch", e);
        }
    }
}
