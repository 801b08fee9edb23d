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
        if (build.buildNumber() > 0) {
            facts.add(new Fact(FactKey.BUILD_NUMBER, Long.toString(build.buildNumber())));
        }
        build.duration().ifPresent(d -> facts.add(new Fact(FactKey.DURATION, duration(d))));
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
        List<Link> links = new ArrayList<>(List.of(
                new Link(LinkKey.BUILD, Links.build(build), build.projectCode() + " build"),
                new Link(LinkKey.COMMIT, Links.commit(repo, commit.sha()), commit.shortHash()),
                new Link(LinkKey.SOURCE_REF, Links.sourceRef(repo, ref), ref.toString())));
        if (build.logLink().startsWith("https://")) {
            links.add(new Link(LinkKey.LOGS, build.logLink(), "logs"));
        }
        String title = author.label() + "'s " + build.projectCode() + " build - " + status.label();
        return new Notification(NotificationKey.build(build.id()), Notification.Kind.BUILD_RESULT, severity(status),
                title, facts, links, List.of(author, committer), List.of())
                .withConversation(conversation(repo, ref));
    }

    /** What a PR's or branch's notifications share: {@code build:REPOSITORY_URL#REF}. */
    static String conversation(Repository repo, SourceRef ref) {
        return "build:" + repo.webUrl() + "#" + ref;
    }

    /** {@code 42s}, {@code 4m 05s}, {@code 1h 02m}. */
    static String duration(java.time.Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    /** The key of a commit's rollup: {@code commit:REPOSITORY_URL@SHA}. */
    public static NotificationKey rollupKey(Repository repo, String sha) {
        return new NotificationKey("commit:" + repo.webUrl() + "@" + sha);
    }

    /** This build's entry in its commit's rollup. */
    static Rollups.Entry entry(Build build) {
        return new Rollups.Entry(build.projectCode(), build.id(), build.status(), build.startMillis(), Links.build(build));
    }

    /**
     * The message for a commit's rollup: with one project, that project's build message as it
     * always looked; with more, every project's result in one message.
     *
     * @param latest the message about the build just recorded
     */
    public static Notification rollup(Rollups.Rollup rollup, Notification latest, Repository repo, Commit commit) {
        if (rollup.entries().size() <= 1 && rollup.expected() <= 1) {
            return withKey(latest, rollup.key());
        }
        List<Notification.Part> parts = rollup.entries().stream()
                .sorted(java.util.Comparator.comparing(Rollups.Entry::project))
                .map(e -> new Notification.Part(e.project(), severity(e.status()), e.status().label(), e.url()))
                .toList();
        Notification.Severity severity = parts.stream().map(Notification.Part::severity)
                .anyMatch(s -> s == Notification.Severity.FAILURE) ? Notification.Severity.FAILURE
                : parts.stream().anyMatch(p -> p.severity() == Notification.Severity.TIMEOUT)
                ? Notification.Severity.TIMEOUT : Notification.Severity.SUCCESS;
        String repository = repo.owner().isEmpty() ? repo.name() : repo.owner() + "/" + repo.name();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(FactKey.REPOSITORY, repository));
        facts.add(new Fact(FactKey.COMMIT, commit.sha()));
        facts.add(new Fact(FactKey.SHORT_COMMIT, commit.shortHash()));
        if (!commit.subject().isEmpty()) {
            facts.add(new Fact(FactKey.SUBJECT, commit.subject()));
        }
        latest.fact(FactKey.SOURCE_REF).ifPresent(r -> facts.add(new Fact(FactKey.SOURCE_REF, r)));
        facts.add(new Fact(FactKey.FINISHED, Integer.toString(parts.size())));
        if (rollup.expected() > parts.size()) {
            facts.add(new Fact(FactKey.EXPECTED, Integer.toString(rollup.expected())));
        }
        List<Link> links = latest.links().stream().filter(l -> l.key() != LinkKey.BUILD).toList();
        String title = repository + " @ " + commit.shortHash() + ": " + parts.size()
                + (rollup.expected() > parts.size() ? " of " + rollup.expected() : "") + " finished";
        return new Notification(rollup.key(), Notification.Kind.COMMIT_ROLLUP, severity, title, facts, links,
                latest.people(), List.of(), parts).withConversation(latest.conversation());
    }

    static Notification withKey(Notification n, NotificationKey key) {
        return n.withKey(key);
    }

    static Notification.Severity severity(BuildStatus status) {
        return switch (status) {
            case SUCCEEDED -> Notification.Severity.SUCCESS;
            case TIMED_OUT -> Notification.Severity.TIMEOUT;
            case FAILED, FAULT, STOPPED, IN_PROGRESS -> Notification.Severity.FAILURE;
        };
    }
}
