package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.Notification.Person;
import io.codebuildnotifier.notification.NotificationKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to tell about a build: who wrote the commit, how the build went, where it belongs, and
 * the phase that failed. Plain text only; the chat adapter lays it out.
 */
public final class BuildNotifications {
    private BuildNotifications() {
    }

    public static Notification of(Build build, Commit commit, Repository repo, SourceRef ref) {
        BuildStatus status = build.status();
        Person author = new Person(Person.Role.AUTHOR, commit.authorName(), commit.authorEmail());
        Person committer = new Person(Person.Role.COMMITTER, commit.committerName(), commit.committerEmail());
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(FactKey.PROJECT, build.projectCode()));
        facts.add(new Fact(FactKey.STATUS, status.label()));
        facts.add(new Fact(FactKey.BUILD_ID, build.id()));
        facts.add(new Fact(FactKey.COMMIT, commit.sha()));
        facts.add(new Fact(FactKey.SHORT_COMMIT, commit.shortHash()));
        if (!commit.subject().isEmpty()) {
            facts.add(new Fact(FactKey.SUBJECT, commit.subject()));
        }
        facts.add(new Fact(FactKey.SOURCE_REF, ref.toString()));
        if (!status.passed()) {
            build.phases().stream()
                    .filter(p -> !p.status().isEmpty() && !p.status().equals("SUCCEEDED"))
                    .findFirst()
                    .ifPresent(p -> {
                        facts.add(new Fact(FactKey.FAILED_PHASE, p.type()));
                        facts.add(new Fact(FactKey.FAILED_PHASE_STATUS,
                                p.status().toLowerCase(Locale.ROOT).replace('_', ' ')));
                        if (!p.message().isEmpty()) {
                            facts.add(new Fact(FactKey.FAILED_PHASE_MESSAGE, p.message()));
                        }
                    });
        }
        List<Link> links = List.of(
                new Link(LinkKey.BUILD, Links.build(build), build.projectCode() + " build"),
                new Link(LinkKey.COMMIT, Links.commit(repo, commit.sha()), commit.shortHash()),
                new Link(LinkKey.SOURCE_REF, Links.sourceRef(repo, ref), ref.toString()));
        String title = author.label() + "'s " + build.projectCode() + " build - " + status.label();
        return new Notification(NotificationKey.build(build.id()), Notification.Kind.BUILD_RESULT, severity(status),
                title, facts, links, List.of(author, committer), List.of());
    }

    static Notification.Severity severity(BuildStatus status) {
        return switch (status) {
            case SUCCEEDED -> Notification.Severity.SUCCESS;
            case TIMED_OUT -> Notification.Severity.TIMEOUT;
            case FAILED, FAULT, STOPPED, IN_PROGRESS -> Notification.Severity.FAILURE;
        };
    }
}
