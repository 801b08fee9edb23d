package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.ActionIds;
import io.codebuildnotifier.notification.Durations;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.Repository;

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

    /** The event type of a build's notification for machines (Slack message metadata). */
    public static final String EVENT_TYPE = "codebuild_build_finished";

    /**
     * What the history and the hosts add to a build's message.
     *
     * @param pullRequestTitle empty when not a pull request or not known
     * @param tests            what its test reports say
     * @param story            where it stands in its PR's or branch's story
     * @param entry            the build as recorded
     * @param branch           its branch, when known
     * @param now              for a streak whose last build has no end time
     */
    record Context(String pullRequestTitle, Notification.Tests tests, Story story, HistoryEntry entry, String branch,
                   java.time.Instant now) {
    }

    /** A build's message with its story, tests and metadata. */
    static Notification of(Build build, Commit commit, Repository repo, SourceRef ref, Context context) {
        Notification plain = of(build, commit, repo, ref);
        List<Fact> facts = new ArrayList<>(plain.facts());
        if (!context.pullRequestTitle().isEmpty()) {
            facts.add(new Fact(FactKey.PR_TITLE, context.pullRequestTitle()));
        }
        facts.addAll(context.story().facts(context.entry(), context.now()));
        List<Person> people = new ArrayList<>(plain.people());
        people.addAll(context.story().followers());
        return plain.withFacts(facts).withPeople(people).withTests(context.tests())
                .withMetadata(metadata(build, commit, ref, context));
    }

    /** The machine-readable side: see the README's "Message metadata" for the schema. */
    static Notification.Metadata metadata(Build build, Commit commit, SourceRef ref, Context context) {
        java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("project", build.projectCode());
        payload.put("build_id", build.id());
        payload.put("build_number", build.buildNumber());
        payload.put("status", build.status().name());
        payload.put("source_ref", ref.toString());
        payload.put("branch", context.branch());
        payload.put("commit", commit.sha());
        build.duration().ifPresent(d -> payload.put("duration_seconds", d.toSeconds()));
        Notification.Tests tests = context.tests();
        if (tests.known()) {
            payload.put("tests", java.util.Map.of("total", tests.total(), "passed", tests.passed(),
                    "failed", tests.failed(), "skipped", tests.skipped()));
        }
        payload.put("failed_tests", context.entry().failedTests().stream().limit(MAX_METADATA_TESTS).toList());
        payload.put("streak", context.story().streakPayload());
        payload.put("flaky", context.story().flakyWith().isPresent());
        context.story().breaker().ifPresent(b -> {
            java.util.Map<String, Object> brokenBy = new java.util.LinkedHashMap<>();
            brokenBy.put("commit", b.commitHash());
            brokenBy.put("author_email", b.authorEmail());
            payload.put("broken_by", brokenBy);
        });
        return new Notification.Metadata(EVENT_TYPE, payload);
    }

    /** How many failed test names the metadata carries (the history keeps more). */
    static final int MAX_METADATA_TESTS = 20;

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
        build.duration().ifPresent(d -> facts.add(new Fact(FactKey.DURATION, Durations.inWords(d))));
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

    /**
     * A failed or timed-out build's message with a button to retry it: its build id, and its author's and
     * committer's chat ids ({@link ActionIds#PEOPLE}, filled in once the dispatcher has found them). A pass has none.
     */
    static Notification withRetry(Notification n) {
        if (n.severity() != Notification.Severity.FAILURE && n.severity() != Notification.Severity.TIMEOUT) {
            return n;
        }
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
        args.put(ActionIds.BUILD_ID, n.factOrEmpty(FactKey.BUILD_ID));
        args.put(ActionIds.PEOPLE, "");
        List<Notification.Action> actions = new ArrayList<>(n.actions());
        actions.add(Notification.Action.button(ActionIds.RETRY_BUILD, "Retry build", args,
                Notification.Action.Style.DEFAULT));
        return n.withActions(actions);
    }

    /** What a PR's or branch's notifications share: {@code build:REPOSITORY_URL#REF}. */
    static String conversation(Repository repo, SourceRef ref) {
        return "build:" + repo.webUrl() + "#" + ref;
    }


    /** The key of a commit's rollup: {@code commit:REPOSITORY_URL@SHA}. */
    public static NotificationKey rollupKey(Repository repo, String sha) {
        return new NotificationKey("commit:" + repo.webUrl() + "@" + sha);
    }

    /** This build's entry in its commit's rollup, with what its own message would say at a glance. */
    static Rollups.Entry entry(Build build, Notification told) {
        return new Rollups.Entry(build.projectCode(), build.id(), build.status(), build.startMillis(), Links.build(build),
                glance(told));
    }

    /**
     * One line of a build's message for its commit's rollup: how long it took, the phase that failed, the
     * tests, and the streak when it is more than a new failure ("4m 05s · BUILD phase failed · 3 of 120 tests
     * failed · 2nd failure in a row, failing since 14:02 UTC (…)"); for a pass, only when it fixed the branch or
     * PR, or its commit is flaky; empty for a plain pass.
     */
    static String glance(Notification n) {
        if (n.severity() == Notification.Severity.SUCCESS && n.fact(FactKey.STREAK).isEmpty()
                && n.fact(FactKey.FLAKY).isEmpty()) {
            return ""; // a plain pass: its icon says it all
        }
        List<String> bits = new ArrayList<>();
        n.fact(FactKey.DURATION).ifPresent(bits::add);
        n.fact(FactKey.FAILED_PHASE).ifPresent(phase -> bits.add(phase + " phase "
                + n.fact(FactKey.FAILED_PHASE_STATUS).orElse("failed")));
        Notification.Tests tests = n.tests();
        if (tests.known() && tests.failed() > 0) {
            bits.add(tests.failed() + " of " + tests.total() + " tests failed");
        } else if (tests.state() == Notification.Tests.State.NOT_READY) {
            bits.add("test report not ready");
        }
        n.fact(FactKey.STREAK).filter(s -> !s.startsWith("New failure")).ifPresent(bits::add);
        n.fact(FactKey.FLAKY).ifPresent(bits::add);
        return String.join(" · ", bits);
    }

    /**
     * The message for a commit's rollup: with one project, that project's build message as it
     * always looked; with more, every project's result in one message.
     *
     * @param latest the message about the build just recorded
     */
    public static Notification rollup(Rollups.Rollup rollup, Notification latest, Repository repo, Commit commit) {
        if (rollup.entries().size() <= 1 && rollup.expected() <= 1) {
            return latest.withKey(rollup.key());
        }
        return summary(rollup, latest, repo, commit);
    }

    /** Every project's result in one message, whatever their number. */
    static Notification summary(Rollups.Rollup rollup, Notification latest, Repository repo, Commit commit) {
        List<Notification.Part> parts = rollup.entries().stream()
                .sorted(java.util.Comparator.comparing(Rollups.Entry::project))
                .map(e -> new Notification.Part(e.project(), severity(e.status()), e.status().label(), e.url(),
                        e.detail()))
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
                latest.people(), List.of(), parts).withConversation(latest.conversation())
                .withMetadata(rollupMetadata(latest.metadata(), rollup));
    }

    /** A rollup's metadata: its latest build's, and every project's build of the commit. */
    private static Notification.Metadata rollupMetadata(Notification.Metadata latest, Rollups.Rollup rollup) {
        if (!latest.present()) {
            return latest;
        }
        java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>(latest.payload());
        payload.put("builds", rollup.entries().stream()
                .sorted(java.util.Comparator.comparing(Rollups.Entry::project))
                .map(e -> (Object) java.util.Map.of("project", e.project(), "build_id", e.buildId(),
                        "status", e.status().name()))
                .toList());
        payload.put("finished", rollup.entries().size());
        payload.put("expected", rollup.expected());
        return new Notification.Metadata(latest.eventType(), payload);
    }

    static Notification.Severity severity(BuildStatus status) {
        return switch (status) {
            case SUCCEEDED -> Notification.Severity.SUCCESS;
            case TIMED_OUT -> Notification.Severity.TIMEOUT;
            case FAILED, FAULT, STOPPED, IN_PROGRESS -> Notification.Severity.FAILURE;
        };
    }
}
