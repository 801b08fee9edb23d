package io.codebuildnotifier.interactions;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.people.Robots;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who wrote what an approval would let through: its execution's source revisions ({@code GetPipelineExecution}),
 * each commit's author and committer as the git host has them, and the chat members behind their addresses (found
 * as notifications find people: by email, a GitHub noreply address's public email, the alias table).
 */
public class ExecutionAuthors {
    /** Revisions read at most (a pipeline rarely has more than a few sources). */
    static final int MAX_REVISIONS = 10;

    private final Pipelines pipelines;
    private final GitHost git;
    private final String region;
    private final Recipients recipients;

    /**
     * @param region the pipelines' region (a CodeCommit source's)
     */
    public ExecutionAuthors(Pipelines pipelines, GitHost git, String region, Recipients recipients) {
        this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
        this.git = Objects.requireNonNull(git, "git");
        this.region = region == null ? "" : region;
        this.recipients = Objects.requireNonNull(recipients, "recipients");
    }

    /**
     * What is known of the execution's authors.
     *
     * @param known   whether CodePipeline knows the execution
     * @param emails  the authors' and committers' addresses, lowercase
     * @param chatIds the chat members found behind them
     * @param unread  revisions of a git repository whose commit could not be read (a commit the host does not know,
     *                a repository it may not read): their authors are unknown
     */
    public record Authorship(boolean known, Set<String> emails, Set<String> chatIds, int unread) {
        public static final Authorship UNKNOWN = new Authorship(false, Set.of(), Set.of(), 0);

        public Authorship {
            emails = Set.copyOf(emails);
            chatIds = Set.copyOf(chatIds);
        }

        /** Whether the person (by chat id, or by one of their addresses) wrote or committed a revision. */
        public boolean includes(String chatId, Optional<String> email) {
            return chatIds.contains(chatId) || email.map(e -> emails.contains(e.toLowerCase(Locale.ROOT))).orElse(false);
        }
    }

    /**
     * @throws io.codebuildnotifier.kernel.TransientFailure when CodePipeline, the git host or the chat cannot answer
     *                                                        now
     */
    public Authorship of(ApprovalRef approval, Deadline deadline) {
        if (approval.executionId().isEmpty()) {
            return Authorship.UNKNOWN;
        }
        Optional<Pipelines.Execution> execution = pipelines.execution(approval.pipeline(), approval.executionId(),
                deadline);
        if (execution.isEmpty()) {
            return Authorship.UNKNOWN;
        }
        List<Pipelines.SourceRevision> revisions = execution.get().revisions().stream().limit(MAX_REVISIONS).toList();
        Optional<Pipelines.Definition> definition = revisions.isEmpty() ? Optional.empty()
                : pipelines.definition(approval.pipeline(), deadline);
        Set<String> emails = new LinkedHashSet<>();
        int unread = 0;
        for (Pipelines.SourceRevision revision : revisions) {
            Optional<Repository> repository = definition.flatMap(d -> d.repositoryOf(revision, region));
            if (repository.isEmpty()) {
                // not a git source (S3, ECR) or a repository no host reads: no commit, so nobody wrote one
                continue;
            }
            try {
                Commit commit = git.commit(repository.get(), revision.revisionId(), deadline);
                add(emails, commit.authorEmail());
                add(emails, commit.committerEmail());
            } catch (PermanentFailure e) {
                unread++;
            }
        }
        Set<String> chatIds = new LinkedHashSet<>();
        List<String> lookedUp = new ArrayList<>(emails.stream().filter(e -> !Robots.isRobot(e)).toList());
        if (!lookedUp.isEmpty()) {
            recipients.resolve(lookedUp, deadline).recipients().forEach(r -> chatIds.add(r.userId()));
        }
        return new Authorship(true, emails, chatIds, unread);
    }

    private static void add(Set<String> emails, String email) {
        if (email != null && !email.isBlank()) {
            emails.add(email.strip().toLowerCase(Locale.ROOT));
        }
    }
}
