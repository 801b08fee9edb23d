package io.codebuildnotifier.sources.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.ImmediateQueue;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.sources.push.RepositoryChanges.CommitInfo;
import io.codebuildnotifier.sources.push.RepositoryChanges.FileChange;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryNotices;
import io.codebuildnotifier.testkit.InMemoryProfiles;
import io.codebuildnotifier.testkit.InMemoryRepositoryChanges;
import io.codebuildnotifier.testkit.InMemoryStore;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a push says and to whom, on in-memory fakes: the walk, the caps, each kind of change, both doors. */
class PushNotifierTest {
    static final Instant NOW = Instant.parse("2026-11-03T17:00:00Z");
    static final String REPO = "billing";
    static final String JANE = "arn:aws:iam::123456789012:user/jane";

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryStore store = new InMemoryStore();
    final RecordingMessenger messenger = new RecordingMessenger();
    final InMemoryRepositoryChanges changes = new InMemoryRepositoryChanges();
    ChannelRoutes routes = new ChannelRoutes(ChannelRoutes.parse("push:billing=#billing-dev"), Optional.empty());

    PushNotifier notifier() {
        InMemoryDirectory directory = new InMemoryDirectory();
        Dispatcher dispatcher = new Dispatcher(new Recipients(directory, new InMemoryProfiles(),
                new InMemoryAliasBook()), directory, new ImmediateQueue(new Sender(messenger, store,
                new Pacer(Duration.ZERO, clock, new Patience(d -> { })))), List.of(),
                new Dispatcher.Terms("Slack", "CBN_SLACK_ADMIN_USERNAMES"), new InMemoryNotices(), clock);
        return new PushNotifier(routes, changes, new Announcer(store, dispatcher, clock));
    }

    Invocation invocation(String id) {
        return new Invocation(id, new Deadline(NOW.plus(Duration.ofMinutes(5)), clock));
    }

    static String sha(int n) {
        return String.format("%040x", n + 0xabc000L);
    }

    static PushEvent eventBridge(String event, String type, String ref, String commit, String old) {
        return new PushEvent(PushEvent.Origin.EVENTBRIDGE, REPO, event, type, ref, commit, old, JANE, NOW,
                "us-east-1", "123456789012");
    }

    /** Commits sha(n) .. sha(1), each the first parent of the one before; sha(1)'s parent is sha(0). */
    void line(int n) {
        String[] shas = IntStream.iterate(n, i -> i >= 1, i -> i - 1).mapToObj(PushNotifierTest::sha)
                .toArray(String[]::new);
        changes.line(REPO, sha(0), shas);
        changes.commit(REPO, new CommitInfo(sha(0), List.of(), "Start", "Carol", "carol@example.com"));
    }

    Notification posted() {
        assertEquals(1, messenger.posts().size(), messenger.posts().toString());
        assertEquals("#billing-dev", messenger.posts().getFirst().destination());
        return messenger.posts().getFirst().notification();
    }

    @Test
    void anUpdateShowsTheNewCommitsNewestFirstAndTheFilesCappedAndCounted() {
        line(15);
        changes.differences(REPO, sha(0), sha(15), files(30));

        Outcome outcome = notifier().handle(eventBridge("referenceUpdated", "branch", "main", sha(15), sha(0)),
                invocation("inv-1"));

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        Notification n = posted();
        assertEquals(Notification.Kind.PUSH, n.kind());
        assertEquals("jane pushed 15 commits to main in billing", n.title());
        assertEquals("jane", n.factOrEmpty(FactKey.PUSHED_BY));
        assertEquals("billing", n.factOrEmpty(FactKey.REPOSITORY));
        assertEquals("main", n.factOrEmpty(FactKey.REF_NAME));
        assertEquals("branch updated", n.factOrEmpty(FactKey.CHANGE));
        assertEquals(10, n.changes().commits().size());
        assertEquals(sha(15), n.changes().commits().getFirst().sha(), "newest first");
        assertEquals(sha(6), n.changes().commits().getLast().sha());
        assertEquals(5, n.changes().moreCommits());
        assertEquals(20, n.changes().files().size());
        assertEquals(10, n.changes().moreFiles());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/billing/commit/"
                + sha(15) + "?region=us-east-1", n.changes().commits().getFirst().url());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/billing/compare/"
                + sha(0) + "/.../" + sha(15) + "?region=us-east-1", n.link(LinkKey.COMPARE).orElseThrow().url());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/billing/browse/"
                + "refs/heads/main?region=us-east-1", n.link(LinkKey.CONSOLE).orElseThrow().url());
        assertEquals("codecommit_push", n.metadata().eventType());
        Map<String, Object> payload = n.metadata().payload();
        assertEquals(15, payload.get("commit_count"));
        assertEquals(30, payload.get("file_count"));
        assertEquals(sha(0), payload.get("old_commit"));
        assertEquals(10, ((List<?>) payload.get("commits")).size());
        assertEquals(15, changes.calls().stream().filter(c -> c.startsWith("commit ")).count(),
                "the old head is not read");
    }

    @Test
    void aLongPushIsWalkedOnlySoFarAndSaysSo() {
        line(130);

        notifier().handle(eventBridge("referenceUpdated", "branch", "main", sha(130), sha(0)), invocation("inv-1"));

        Notification n = posted();
        assertEquals("jane pushed 100+ commits to main in billing", n.title());
        assertEquals(90, n.changes().moreCommits());
        assertEquals(false, n.metadata().payload().get("commit_count_exact"));
        assertEquals(PushNotifier.MAX_WALK, changes.calls().stream().filter(c -> c.startsWith("commit ")).count());
    }

    @Test
    void aForcePushWhoseOldHeadIsNotAnAncestorShowsOnlyTheNewHead() {
        line(3);
        changes.commit(REPO, new CommitInfo(sha(99), List.of(sha(0)), "Old work", "Bob", "bob@example.com"));

        notifier().handle(eventBridge("referenceUpdated", "branch", "main", sha(3), sha(99)), invocation("inv-1"));

        Notification n = posted();
        assertEquals("jane pushed to main in billing", n.title());
        assertEquals("branch updated (the previous head " + sha(99).substring(0, 7)
                + " is not an ancestor of the new one)", n.factOrEmpty(FactKey.CHANGE));
        assertEquals(List.of(sha(3)), n.changes().commits().stream().map(Notification.Revision::sha).toList());
        assertEquals(0, n.changes().moreCommits());
    }

    @Test
    void aCreatedBranchShowsItsHeadAndItsChangeFromItsFirstParent() {
        line(2);
        changes.differences(REPO, sha(1), sha(2), List.of(new FileChange('A', "docs/rounding.md")));

        notifier().handle(eventBridge("referenceCreated", "branch", "feature/rounding", sha(2), ""),
                invocation("inv-1"));

        Notification n = posted();
        assertEquals("jane created branch feature/rounding in billing", n.title());
        assertEquals("branch created", n.factOrEmpty(FactKey.CHANGE));
        assertEquals(List.of(sha(2)), n.changes().commits().stream().map(Notification.Revision::sha).toList());
        assertEquals(List.of(new Notification.FileChange('A', "docs/rounding.md")), n.changes().files());
        assertTrue(n.link(LinkKey.COMPARE).isEmpty());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/billing/browse/"
                + "refs/heads/feature/rounding?region=us-east-1", n.link(LinkKey.CONSOLE).orElseThrow().url());
    }

    @Test
    void aCreatedTagShowsTheTaggedCommitAndNoFiles() {
        line(2);

        notifier().handle(eventBridge("referenceCreated", "tag", "v1.4.0", sha(2), ""), invocation("inv-1"));

        Notification n = posted();
        assertEquals("jane created tag v1.4.0 in billing", n.title());
        assertEquals("tag created", n.factOrEmpty(FactKey.CHANGE));
        assertEquals(List.of(sha(2)), n.changes().commits().stream().map(Notification.Revision::sha).toList());
        assertEquals(List.of(), n.changes().files());
        assertTrue(n.link(LinkKey.CONSOLE).orElseThrow().url().contains("/browse/refs/tags/v1.4.0?"));
        assertTrue(changes.calls().stream().noneMatch(c -> c.startsWith("differences")));
    }

    @Test
    void aDeletedBranchReadsNothingAndSaysWhichHeadItHad() {
        notifier().handle(eventBridge("referenceDeleted", "branch", "feature/rounding", "", sha(7)),
                invocation("inv-1"));

        Notification n = posted();
        assertEquals("jane deleted branch feature/rounding in billing (its head was " + sha(7).substring(0, 7) + ")",
                n.title());
        assertEquals("branch deleted", n.factOrEmpty(FactKey.CHANGE));
        assertEquals(Notification.Severity.WARNING, n.severity());
        assertTrue(n.changes().none());
        assertEquals(sha(7), n.metadata().payload().get("commit"));
        assertEquals(List.of(), changes.calls(), "nothing to read");
        assertTrue(n.link(LinkKey.CONSOLE).orElseThrow().url().endsWith("/repositories/billing/browse?region=us-east-1"));
    }

    @Test
    void aDeletionThatNamesNoHeadIsStillTold() {
        PushEvent trigger = new PushEvent(PushEvent.Origin.TRIGGER, REPO, "referenceDeleted", "branch", "old-work",
                "0".repeat(40), "", JANE, NOW, "us-east-1", "123456789012");

        Outcome outcome = notifier().handle(trigger, invocation("inv-1"));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals("push:billing/branch/old-work/referenceDeleted/-", told.subject());
        assertEquals("jane deleted branch old-work in billing", posted().title());
    }

    @Test
    void anUpdateThatNamesNoNewHeadIsRejected() {
        Outcome outcome = notifier().handle(eventBridge("referenceUpdated", "branch", "main", "", sha(1)),
                invocation("inv-1"));

        assertInstanceOf(Outcome.Rejected.class, outcome, outcome.summary());
        assertEquals(List.of(), messenger.posts());
    }

    @Test
    void aTriggersUpdateHasNoOldHeadSoItShowsTheHeadAndItsOwnChange() {
        line(4);
        changes.differences(REPO, sha(3), sha(4), files(2));
        PushEvent trigger = new PushEvent(PushEvent.Origin.TRIGGER, REPO, "referenceUpdated", "branch", "main", sha(4),
                "", "arn:aws:sts::123456789012:assumed-role/Developer/jane@example.com", NOW, "us-east-1",
                "123456789012");

        notifier().handle(trigger, invocation("inv-1"));

        Notification n = posted();
        assertEquals("jane@example.com pushed to main in billing", n.title());
        assertEquals("branch updated (the previous head is not known)", n.factOrEmpty(FactKey.CHANGE));
        assertEquals(List.of(sha(4)), n.changes().commits().stream().map(Notification.Revision::sha).toList());
        assertEquals(2, n.changes().files().size());
        assertTrue(n.link(LinkKey.COMPARE).isEmpty());
        assertEquals(false, n.metadata().payload().get("commit_count_exact"));
    }

    @Test
    void bothDoorsNameTheSamePushSoItIsToldOnce() {
        line(2);
        PushNotifier notifier = notifier();
        notifier.handle(eventBridge("referenceUpdated", "branch", "main", sha(2), sha(0)), invocation("inv-1"));
        Outcome second = notifier.handle(new PushEvent(PushEvent.Origin.TRIGGER, REPO, "referenceUpdated", "branch",
                "main", sha(2).toUpperCase(), "", JANE, NOW, "us-east-1", "123456789012"), invocation("inv-2"));

        assertInstanceOf(Outcome.Duplicate.class, second, second.summary());
        assertEquals(1, messenger.posts().size());
    }

    @Test
    void aRetryAfterTheChatFailedSendsTheMessageOnce() {
        line(2);
        messenger.unreachable("#billing-dev");
        PushEvent push = eventBridge("referenceUpdated", "branch", "main", sha(2), sha(0));
        try {
            notifier().handle(push, invocation("inv-1"));
        } catch (RuntimeException expected) {
            // Lambda retries
        }
        messenger.heal();
        Outcome retried = notifier().handle(push, invocation("inv-2"));
        Outcome again = notifier().handle(push, invocation("inv-3"));

        assertInstanceOf(Outcome.Told.class, retried, retried.summary());
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(1, messenger.deliveredTo().size(), messenger.deliveredTo().toString());
    }

    @Test
    void aRepositoryWithNoChannelIsToldToNobodyAndNothingIsRead() {
        routes = new ChannelRoutes(ChannelRoutes.parse("push:payments=#payments"), Optional.empty());

        Outcome outcome = notifier().handle(eventBridge("referenceUpdated", "branch", "main", sha(2), sha(0)),
                invocation("inv-1"));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome);
        assertEquals(false, told.decision().notifies());
        assertEquals("no channel: no CBN_CHANNEL_ROUTES rule for push billing and no CBN_ADDITIONAL_CHANNEL",
                told.decision().reason());
        assertEquals(List.of(), changes.calls());
        assertEquals(List.of(), messenger.posts());
    }

    @Test
    void theCatchAllChannelTakesARepositoryNoRuleNames() {
        routes = new ChannelRoutes(ChannelRoutes.parse("push:payments=#payments"), Optional.of("#builds"));
        line(1);

        notifier().handle(eventBridge("referenceUpdated", "branch", "main", sha(1), sha(0)), invocation("inv-1"));

        assertEquals(List.of("#builds"), messenger.posts().stream().map(RecordingMessenger.Post::destination).toList());
    }

    @Test
    void anUnreferencedMergeCommitIsIgnored() {
        Outcome outcome = notifier().handle(new PushEvent(PushEvent.Origin.EVENTBRIDGE, REPO,
                "unreferencedMergeCommitCreated", "", "", sha(3), "", JANE, NOW, "us-east-1", ""), invocation("inv-1"));

        assertInstanceOf(Outcome.Ignored.class, outcome, outcome.summary());
        assertEquals(List.of(), messenger.posts());
    }

    @Test
    void whoPushedIsTheNameInTheCallersArn() {
        assertEquals("jane", Pushers.name("arn:aws:iam::123:user/jane"));
        assertEquals("jane", Pushers.name("arn:aws:iam::123:user/team/jane"));
        assertEquals("jane@example.com", Pushers.name("arn:aws:sts::123:assumed-role/Role/jane@example.com"));
        assertEquals("Mary_Major", Pushers.name("arn:aws:sts::123456789012:federated-user/Mary_Major"));
        assertEquals("root", Pushers.name("arn:aws:iam::123:root"));
        assertEquals("", Pushers.name(""));
        assertEquals("", Pushers.name("not an arn"));
    }

    static List<FileChange> files(int n) {
        return IntStream.range(0, n).mapToObj(i -> new FileChange(i % 3 == 0 ? 'A' : 'M', "src/f" + i + ".py"))
                .toList();
    }
}
