package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An execution's source revisions as a notification shows them (commit, subject, link; the source's name when
 * there are several), and, when their commits are read from the git host, who wrote them.
 */
final class Revisions {
    /** Revisions shown at most (a pipeline rarely has more than a few sources). */
    static final int MAX_SHOWN = 10;

    private Revisions() {
    }

    /** What was read of an execution's sources: the changes to show and the people who wrote them. */
    record Read(Notification.Changes changes, List<Notification.Person> people) {
    }

    /** The revisions as they are, no author (no git host asked). */
    static Notification.Changes of(List<Pipelines.SourceRevision> revisions) {
        return read(revisions, Map.of()).changes();
    }

    /**
     * The revisions with each commit's author, and its author and committer as people, where the pipeline's source
     * action names a repository the git host knows and the host can read the commit. A commit that cannot be read
     * is shown without its author; reading never fails.
     *
     * @param region the pipeline's region (a CodeCommit source's)
     */
    static Read withAuthors(List<Pipelines.SourceRevision> revisions, Optional<Pipelines.Definition> definition,
                            String region, GitHost git, Deadline deadline) {
        Map<String, Commit> commits = new LinkedHashMap<>();
        for (Pipelines.SourceRevision revision : revisions.stream().limit(MAX_SHOWN).toList()) {
            Optional<Repository> repository = definition.flatMap(d -> d.repositoryOf(revision, region));
            if (repository.isEmpty()) {
                continue; // no commit (an S3 object's version, an image digest), or a source not known
            }
            try {
                commits.put(revision.revisionId(), git.commit(repository.get(), revision.revisionId(), deadline));
            } catch (io.codebuildnotifier.kernel.PermanentFailure e) {
                // a commit the host does not know is shown without its author; an outage fails the invocation,
                // and Lambda's retry tells the authors then (the marker keeps the channel's message to one)
            }
        }
        return read(revisions, commits);
    }


    private static Read read(List<Pipelines.SourceRevision> revisions, Map<String, Commit> commits) {
        boolean several = revisions.size() > 1;
        List<Notification.Revision> shown = new ArrayList<>();
        Map<String, Notification.Person> people = new LinkedHashMap<>();
        for (Pipelines.SourceRevision revision : revisions.stream().limit(MAX_SHOWN).toList()) {
            Commit commit = commits.get(revision.revisionId());
            String subject = !revision.summary().isEmpty() ? revision.summary() : commit == null ? "" : commit.subject();
            String author = commit == null ? "" : commit.authorName().isEmpty() ? commit.authorEmail()
                    : commit.authorName();
            shown.add(new Notification.Revision(revision.revisionId(), subject, author, revision.url(),
                    several ? revision.source() : ""));
            if (commit != null) {
                person(people, Notification.Person.Role.AUTHOR, commit.authorName(), commit.authorEmail());
                person(people, Notification.Person.Role.COMMITTER, commit.committerName(), commit.committerEmail());
            }
        }
        return new Read(new Notification.Changes(shown, Math.max(0, revisions.size() - MAX_SHOWN), List.of(), 0),
                List.copyOf(people.values()));
    }

    private static void person(Map<String, Notification.Person> people, Notification.Person.Role role, String name,
                               String email) {
        if (email.isEmpty()) {
            return;
        }
        people.putIfAbsent(email.toLowerCase(java.util.Locale.ROOT), new Notification.Person(role, name, email));
    }

    /** The revisions for machines: {@code source}, {@code revision_id}, {@code summary}, {@code url}. */
    static List<Map<String, Object>> payload(List<Pipelines.SourceRevision> revisions) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Pipelines.SourceRevision r : revisions.stream().limit(MAX_SHOWN).toList()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("source", r.source());
            entry.put("revision_id", r.revisionId());
            entry.put("summary", r.summary());
            entry.put("url", r.url());
            list.add(entry);
        }
        return list;
    }
}
