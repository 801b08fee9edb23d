package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.sources.push.RepositoryChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BlobMetadata;
import software.amazon.awssdk.services.codecommit.model.CommitDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommitIdDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.Difference;
import software.amazon.awssdk.services.codecommit.model.GetDifferencesResponse;
import software.amazon.awssdk.services.codecommit.model.InvalidCommitIdException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.UserInfo;

/**
 * What a push changed, from CodeCommit: GetCommit for each commit, GetDifferences (paginated, at most
 * {@link #MAX_PAGES} pages of {@link #PAGE} changes) for the files. A repository that does not exist is a
 * {@link PermanentFailure}; a commit it does not have is empty; throttling and outages are transient, and
 * access denied a {@link MisconfigurationFailure} naming the IAM action to grant.
 */
public final class CodeCommitChanges implements RepositoryChanges {
    /** Changes asked for per GetDifferences page (CodeCommit's own default is 100). */
    static final int PAGE = 100;
    /** GetDifferences pages read at most: a push of more files is counted as "at least". */
    static final int MAX_PAGES = 5;

    private final Supplier<CodeCommitClient> clients;
    private final int page;

    /** @param clients the client, built when first needed */
    public CodeCommitChanges(Supplier<CodeCommitClient> clients) {
        this(clients, PAGE);
    }

    CodeCommitChanges(Supplier<CodeCommitClient> clients, int page) {
        this.clients = clients;
        this.page = page;
    }

    @Override
    public Optional<CommitInfo> commit(String repository, String sha, Deadline deadline) {
        try {
            var c = clients.get().getCommit(r -> r.repositoryName(repository).commitId(sha)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodeCommit GetCommit"))).commit();
            if (c == null) {
                return Optional.empty(); // an answer without the commit: as good as a commit it does not have
            }
            UserInfo author = c.author() == null ? UserInfo.builder().build() : c.author();
            String message = c.message() == null ? "" : c.message().strip();
            int newline = message.indexOf('\n');
            return Optional.of(new CommitInfo(c.commitId() == null ? sha : c.commitId(),
                    c.parents().stream().filter(p -> p != null && !p.isBlank()).toList(),
                    (newline < 0 ? message : message.substring(0, newline)).strip(), author.name(), author.email()));
        } catch (RepositoryDoesNotExistException e) {
            throw new PermanentFailure("CodeCommit repository " + repository + " does not exist", e);
        } catch (CommitIdDoesNotExistException | InvalidCommitIdException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GetCommit", repository, e);
        }
    }

    @Override
    public Optional<Differences> differences(String repository, String before, String after, int limit,
                                             Deadline deadline) {
        List<FileChange> first = new ArrayList<>();
        int total = 0;
        String token = null;
        try {
            for (int pages = 0; pages < MAX_PAGES; pages++) {
                String next = token;
                GetDifferencesResponse response = clients.get().getDifferences(r -> r.repositoryName(repository)
                        .beforeCommitSpecifier(before == null || before.isEmpty() ? null : before)
                        .afterCommitSpecifier(after).maxResults(page).nextToken(next)
                        .overrideConfiguration(AwsCalls.within(deadline, "CodeCommit GetDifferences")));
                for (Difference difference : response.differences()) {
                    Optional<FileChange> change = difference == null ? Optional.empty() : change(difference);
                    if (change.isEmpty()) {
                        continue;
                    }
                    total++;
                    if (first.size() < limit) {
                        first.add(change.get());
                    }
                }
                token = response.nextToken();
                if (token == null || token.isEmpty()) {
                    return Optional.of(new Differences(first, total, false));
                }
            }
            return Optional.of(new Differences(first, total, true));
        } catch (RepositoryDoesNotExistException e) {
            throw new PermanentFailure("CodeCommit repository " + repository + " does not exist", e);
        } catch (CommitDoesNotExistException | CommitIdDoesNotExistException | InvalidCommitIdException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GetDifferences", repository, e);
        }
    }

    /**
     * Access denied is a misconfiguration (a repository the function's role may not read: the invocation fails
     * loudly, naming the IAM action to grant, and the event can be redriven once it is); the rest as
     * {@link AwsErrors} sorts it.
     */
    private static RuntimeException failure(String action, String repository, SdkException e) {
        return AwsErrors.classify("CodeCommit " + action + " of " + repository, "codecommit:" + action,
                "the repository " + repository, "grant it and redrive the event", e);
    }

    /** A/M/D and the path (the old one for a deletion); a change of another type (none are documented) is skipped. */
    private static Optional<FileChange> change(Difference difference) {
        String type = difference.changeTypeAsString() == null ? "" : difference.changeTypeAsString();
        BlobMetadata blob = type.equals("D") ? difference.beforeBlob() : difference.afterBlob();
        if (blob == null) {
            blob = type.equals("D") ? difference.afterBlob() : difference.beforeBlob();
        }
        String path = blob == null || blob.path() == null ? "" : blob.path();
        return switch (type) {
            case "A", "M", "D" -> Optional.of(new FileChange(type.charAt(0), path));
            default -> Optional.empty();
        };
    }
}
