package io.codebuildnotifier.chain;

import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Glob;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a shipment (a successful deployment, a pipeline execution whose last stage deploys) made live for the first
 * time in its target: the commits of each repository's first-parent line from the head it shipped back to the head
 * the target's previous shipment had ({@link Shipments}), each with its commit as the git host reads it. Shared by the
 * sources that tell authors "your commit is live"; chat-neutral, it tells nobody.
 */
public final class NewlyShipped {
    /** How far back the first-parent history is walked to the target's previous head. */
    public static final int DEPTH = 20;
    /** How many newly shipped commits are read (and shown) at most. */
    public static final int SHOWN = 10;

    private final GitHost git;
    private final Shipments shipments;

    public NewlyShipped(GitHost git, Shipments shipments) {
        this.git = git;
        this.shipments = shipments;
    }

    /**
     * Which targets tell their authors ({@code CBN_DEPLOYED_DM}): patterns with {@code *} wildcards, matched against a
     * target's names (a deployment group's {@code APPLICATION/GROUP} and {@code GROUP}, a pipeline's name).
     */
    public record Targets(List<String> patterns) {
        public static final Targets NONE = new Targets(List.of());

        public Targets {
            patterns = patterns == null ? List.of() : patterns.stream().map(String::strip).filter(p -> !p.isEmpty())
                    .toList();
        }

        public boolean none() {
            return patterns.isEmpty();
        }

        /** Whether any pattern matches any of the names, whole. */
        public boolean any(List<String> names) {
            return patterns.stream().anyMatch(p -> names.stream().anyMatch(n -> Glob.matches(p, n)));
        }
    }

    /**
     * One newly shipped commit: its repository, its id, and the commit as the host read it (empty when the host does
     * not know it, or could not be asked).
     */
    public record Shipped(Repository repository, String sha, Optional<Commit> commit) {
        public Shipped {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(sha, "sha");
            commit = commit == null ? Optional.empty() : commit;
        }

        public String subject() {
            return commit.map(Commit::subject).orElse("");
        }

        public String authorName() {
            return commit.map(Commit::authorName).orElse("");
        }

        public String authorEmail() {
            return commit.map(Commit::authorEmail).orElse("");
        }

        public String url() {
            return commitUrl(repository, sha);
        }
    }

    /**
     * What a shipment made newly live.
     *
     * @param previous the target's shipment before this one; empty for its first
     * @param shipment this one, to be {@linkplain #record kept} once the authors are told
     * @param commits  the newly live commits, newest first, at most {@value #SHOWN}
     * @param total    how many commits are newly live (more than {@code commits} when capped)
     */
    public record Found(Optional<Shipments.Shipment> previous, Shipments.Shipment shipment, List<Shipped> commits,
                        int total) {
        public Found {
            previous = previous == null ? Optional.empty() : previous;
            commits = List.copyOf(commits);
        }

        public int more() {
            return Math.max(0, total - commits.size());
        }

        /** What shipped before, in words: the previous shipment's id ({@code d-…}, an execution), or a phrase. */
        public String since(String otherwise) {
            return previous.map(Shipments.Shipment::by).filter(by -> !by.isEmpty()).orElse(otherwise);
        }
    }

    /**
     * The head commit of each repository an execution's source revisions name, where the pipeline's source action
     * for the revision names a repository the git hosts know (CodeCommit, GitHub); a revision that is no commit
     * (an S3 object's version, an image digest) or whose source is unknown is left out.
     *
     * @param region the pipeline's region (a CodeCommit source's)
     */
    public static Map<Repository, String> heads(Optional<Pipelines.Definition> definition,
                                                List<Pipelines.SourceRevision> revisions, String region) {
        Map<Repository, String> heads = new LinkedHashMap<>();
        if (definition.isEmpty()) {
            return heads;
        }
        for (Pipelines.SourceRevision revision : revisions) {
            definition.get().repositoryOf(revision, region)
                    .ifPresent(repo -> heads.putIfAbsent(repo, revision.revisionId()));
        }
        return heads;
    }

    /**
     * What shipping {@code heads} to {@code target} made newly live, compared with the target's last shipment: for
     * each repository, the first-parent line from its head back to (not including) the previous head; only the head
     * when the target shipped nothing of it before or its previous head is not within {@value #DEPTH} commits; none
     * when it is the same head. The newly live commits are read from the host (at most {@value #SHOWN}).
     *
     * @param at when it went live (a shipment older than the one kept is not kept)
     * @param by what shipped it (a deployment id, a pipeline execution's)
     * @throws TransientFailure when the shipments' store or the git host is unavailable
     */
    public Found find(String target, Map<Repository, String> heads, Instant at, String by, Deadline deadline) {
        Optional<Shipments.Shipment> previous = shipments.last(target, deadline);
        List<Map.Entry<Repository, String>> fresh = new ArrayList<>();
        heads.forEach((repo, head) -> line(repo, head, previous, deadline).forEach(sha -> fresh.add(Map.entry(repo, sha))));
        List<Shipped> commits = new ArrayList<>();
        for (Map.Entry<Repository, String> entry : fresh.subList(0, Math.min(SHOWN, fresh.size()))) {
            Optional<Commit> commit;
            try {
                commit = Optional.of(git.commit(entry.getKey(), entry.getValue(), deadline));
            } catch (PermanentFailure e) {
                commit = Optional.empty(); // a commit the host no longer knows: nobody to tell about it
            }
            commits.add(new Shipped(entry.getKey(), entry.getValue(), commit));
        }
        Shipments.Shipment shipment = new Shipments.Shipment(at, by, heads.entrySet().stream()
                .map(h -> new Shipments.Head(h.getKey().webUrl(), h.getValue())).toList());
        return new Found(previous, shipment, commits, fresh.size());
    }

    /**
     * Keeps what was found as the target's last shipment. A store that is unavailable is let be: the people are told,
     * and the target's next shipment compares with the one before.
     *
     * @return whether it was kept
     */
    public boolean record(String target, Found found, Instant expiresAt, Deadline deadline) {
        try {
            return shipments.record(target, found.shipment(), expiresAt, deadline);
        } catch (TransientFailure e) {
            return false;
        }
    }

    private List<String> line(Repository repo, String head, Optional<Shipments.Shipment> previous, Deadline deadline) {
        Optional<String> before = previous.flatMap(p -> p.headOf(repo.webUrl()));
        if (before.isEmpty()) {
            return List.of(head);
        }
        if (before.get().equalsIgnoreCase(head)) {
            return List.of();
        }
        List<String> line;
        try {
            line = git.firstParents(repo, head, DEPTH, deadline);
        } catch (PermanentFailure e) {
            return List.of(head);
        }
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).equalsIgnoreCase(before.get())) {
                return List.copyOf(line.subList(0, i));
            }
        }
        return List.of(head);
    }

    /** A commit's page: the CodeCommit console's, or the GitHub repository's. */
    public static String commitUrl(Repository repo, String sha) {
        if (repo.host() == Repository.Host.CODECOMMIT) {
            return "https://" + repo.region() + ".console.aws.amazon.com/codesuite/codecommit/repositories/"
                    + repo.name() + "/commit/" + sha + "?region=" + repo.region();
        }
        return repo.webUrl() + "/commit/" + sha;
    }

}
