package io.codebuildnotifier.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.testkit.InMemoryStore;
import io.codebuildnotifier.testkit.InMemoryThreads;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One conversation per PR or branch: the first message is the thread's parent, later ones replies in it. */
class SenderThreadsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String PR = "build:https://github.com/acme/widgets#pr/42";

    private final SenderTest.ManualClock clock = new SenderTest.ManualClock();
    private final Patience patience = new Patience(d -> clock.now = clock.now.plus(d));
    private final Deadline deadline = new Deadline(T0.plus(Duration.ofMinutes(15)), clock);
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryThreads threads = new InMemoryThreads();
    private final RecordingMessenger messenger = new RecordingMessenger();
    private final Sender sender = new Sender(messenger, store, new Pacer(Duration.ZERO, clock, patience), threads,
            clock);

    private static Notification notification(String key, String title, String conversation) {
        return new Notification(new NotificationKey(key), Notification.Kind.BUILD_RESULT,
                Notification.Severity.FAILURE, title, List.of(), List.of(), List.of(), List.of())
                .withConversation(conversation);
    }

    private static Outgoing dm(String key, long revision, String title) {
        return new Outgoing(new NotificationKey(key), "dm:U1", "U1", Delivery.Role.DIRECT_MESSAGE, "ada@example.com",
                revision, notification(key, title, PR));
    }

    private Sender.Sent send(Outgoing message) {
        clock.now = clock.now.plusSeconds(60);
        return sender.send(message, deadline);
    }

    private Threads.Thread thread() {
        return threads.kept("dm:U1", PR).orElseThrow();
    }

    private MessageRef ref(Sender.Sent sent) {
        return sent.delivery().orElseThrow().ref().orElseThrow();
    }

    private List<String> updated() {
        return messenger.updates().stream().map(u -> u.ref().ts() + " " + u.notification().title()).toList();
    }

    @Test
    void theFirstMessageStartsTheThread() {
        Sender.Sent sent = send(dm("build:w:1", 1, "failed"));

        assertEquals(Sender.Status.SENT, sent.status());
        assertEquals(1, messenger.posts().size());
        assertEquals(new Threads.Thread(ref(sent), new Threads.Shown(new NotificationKey("build:w:1"), 1,
                T0.plusSeconds(60))), thread());
        assertEquals(Optional.of(T0.plusSeconds(60).plus(Threads.KEEP)), threads.expiresAt("dm:U1", PR));
    }

    @Test
    void aLaterNotificationIsAReplyAndTheParentShowsIt() {
        MessageRef parent = ref(send(dm("build:w:1", 1, "failed")));
        Sender.Sent second = send(dm("build:w:2", 1, "failed again"));
        Sender.Sent third = send(dm("build:w:3", 1, "passed"));

        assertEquals(1, messenger.posts().size(), "one top-level message");
        assertEquals(List.of(parent, parent), messenger.replies().stream().map(RecordingMessenger.Reply::parent).toList());
        assertEquals(List.of(parent.ts() + " failed again", parent.ts() + " passed"), updated());
        assertEquals(new NotificationKey("build:w:3"), thread().shown().key());
        assertEquals(parent, thread().parent());
        assertTrue(!ref(second).equals(parent) && !ref(third).equals(ref(second)), "each reply is its own message");
        assertEquals(ref(third), store.find(new NotificationKey("build:w:3"), deadline).orElseThrow()
                .references().get("dm:U1"), "the reply is noted where it landed");
    }

    @Test
    void withThreadsOffEveryNotificationIsAMessageOfItsOwn() {
        Sender plain = new Sender(messenger, store, new Pacer(Duration.ZERO, clock, patience));

        plain.send(dm("build:w:1", 1, "failed"), deadline);
        plain.send(dm("build:w:2", 1, "failed again"), deadline);
        plain.send(dm("build:w:3", 1, "passed"), deadline);

        assertEquals(3, messenger.posts().size());
        assertEquals(List.of(), messenger.replies());
        assertEquals(List.of(), messenger.updates());
    }

    @Test
    void adminNoticesAndMessagesWithoutAConversationStandAlone() {
        Notification notice = notification("build:w:1", "nobody found", PR);
        send(new Outgoing(notice.key(), "admin:UA:x@example.com", "UA", Delivery.Role.ADMIN_NOTICE, "x@example.com",
                1, notice));
        send(new Outgoing(notice.key(), "admin:UA:y@example.com", "UA", Delivery.Role.ADMIN_NOTICE, "y@example.com",
                1, notice));
        Notification alone = notification("build:w:2", "no story", "");
        send(new Outgoing(alone.key(), "dm:U1", "U1", Delivery.Role.DIRECT_MESSAGE, "", 1, alone));
        send(new Outgoing(new NotificationKey("build:w:3"), "dm:U1", "U1", Delivery.Role.DIRECT_MESSAGE, "", 1,
                notification("build:w:3", "no story either", "")));

        assertEquals(4, messenger.posts().size());
        assertEquals(List.of(), messenger.replies());
        assertEquals(Optional.empty(), threads.kept("admin:UA:x@example.com", PR));
    }

    @Test
    void aParentSomeoneDeletedStartsANewThread() {
        MessageRef parent = ref(send(dm("build:w:1", 1, "failed")));
        messenger.delete(parent);

        Sender.Sent second = send(dm("build:w:2", 1, "failed again"));
        send(dm("build:w:3", 1, "passed"));

        assertEquals(Sender.Status.SENT, second.status());
        assertEquals(List.of("failed", "failed again"), messenger.posts().stream()
                .map(p -> p.notification().title()).toList(), "posted anew once the reply found no thread");
        assertEquals(ref(second), thread().parent(), "the new message is the new parent");
        assertEquals(List.of(parent, ref(second)), messenger.replies().stream()
                .map(RecordingMessenger.Reply::parent).toList());
        assertEquals(List.of(ref(second).ts() + " passed"), updated());
    }

    @Test
    void aLaterRevisionUpdatesItsReplyAndTheParentThatShowsIt() {
        MessageRef parent = ref(send(dm("build:w:1", 1, "failed")));
        MessageRef rollup = ref(send(dm("commit:w@abc", 1, "1 of 2 finished")));

        send(dm("commit:w@abc", 2, "2 of 2 finished"));

        assertEquals(List.of(parent.ts() + " 1 of 2 finished", rollup.ts() + " 2 of 2 finished",
                parent.ts() + " 2 of 2 finished"), updated());
        assertEquals(new Threads.Shown(new NotificationKey("commit:w@abc"), 2, T0.plusSeconds(120)), thread().shown());
    }

    @Test
    void anOlderNotificationNeverOverwritesTheParentShowingANewerOne() {
        MessageRef parent = ref(send(dm("build:w:1", 1, "failed")));
        MessageRef older = ref(send(dm("commit:w@abc", 1, "abc: 1 of 2 finished")));
        send(dm("commit:w@def", 1, "def: 1 of 1 finished"));

        send(dm("commit:w@abc", 2, "abc: 2 of 2 finished"));

        assertEquals(List.of(parent.ts() + " abc: 1 of 2 finished", parent.ts() + " def: 1 of 1 finished",
                older.ts() + " abc: 2 of 2 finished"), updated(), "its own reply is updated, the parent is not");
        assertEquals(new NotificationKey("commit:w@def"), thread().shown().key());
    }

    @Test
    void aParentThatShowsANewerNotificationIsNotRevisedInPlace_theRevisionIsAReplyOfItsOwn() {
        MessageRef parent = ref(send(dm("commit:w@abc", 1, "abc: 1 of 2 finished")));
        send(dm("commit:w@def", 1, "def: 1 of 1 finished"));

        Sender.Sent late = send(dm("commit:w@abc", 2, "abc: 2 of 2 finished"));

        assertEquals(Sender.Status.SENT, late.status());
        assertEquals(List.of(parent.ts() + " def: 1 of 1 finished"), updated(), "the parent still shows def");
        MessageRef own = ref(late);
        assertEquals(parent.channel(), own.channel());
        assertEquals(parent, messenger.replies().get(messenger.replies().size() - 1).parent(), "a reply in the thread");
        assertEquals(Sender.Status.ALREADY_SENT, send(dm("commit:w@abc", 2, "abc: 2 of 2 finished")).status(),
                "noted, so never tried again");

        send(dm("commit:w@abc", 3, "abc: 3 of 3 finished"));

        assertEquals(own.ts() + " abc: 3 of 3 finished", updated().get(updated().size() - 1),
                "its later revisions update that reply");
    }

    @Test
    void aRevisionWhoseOwnMessageIsGoneWhileTheParentShowsANewerOneIsPostedAnew() {
        MessageRef parent = ref(send(dm("commit:w@abc", 1, "abc: 1 of 2 finished")));
        send(dm("commit:w@def", 1, "def: 1 of 1 finished"));
        messenger.delete(parent);

        Sender.Sent late = send(dm("commit:w@abc", 2, "abc: 2 of 2 finished"));

        assertEquals(Sender.Status.SENT, late.status());
        MessageRef posted = ref(late);
        assertEquals("abc: 2 of 2 finished", messenger.posts().get(messenger.posts().size() - 1).notification()
                .title(), "the revision is not lost");
        assertEquals(Sender.Status.ALREADY_SENT, send(dm("commit:w@abc", 2, "abc: 2 of 2 finished")).status());
        send(dm("commit:w@abc", 3, "abc: 3 of 3 finished"));
        assertEquals(posted.ts() + " abc: 3 of 3 finished", updated().get(updated().size() - 1));
    }

    @Test
    void theParentsOwnRevisionReplacesItInPlace() {
        MessageRef parent = ref(send(dm("commit:w@abc", 1, "abc: 1 of 2 finished")));

        send(dm("commit:w@abc", 2, "abc: 2 of 2 finished"));

        assertEquals(List.of(parent.ts() + " abc: 2 of 2 finished"), updated(), "one update: it is the parent");
        assertEquals(2, thread().shown().revision());
    }

    @Test
    void aMessageDeliveredAgainSendsNothing() {
        send(dm("build:w:1", 1, "failed"));
        Outgoing reply = dm("build:w:2", 1, "failed again");
        send(reply);

        assertEquals(Sender.Status.ALREADY_SENT, send(reply).status());

        assertEquals(1, messenger.posts().size());
        assertEquals(1, messenger.replies().size());
        assertEquals(1, messenger.updates().size());
    }

    @Test
    void aFailureAfterTheReplyIsNotedNeverSendsItAgain() {
        MessageRef parent = ref(send(dm("build:w:1", 1, "failed")));
        Messenger updatesFail = new Messenger() {
            @Override
            public PostResult post(String destination, Notification notification, Deadline d) {
                return messenger.post(destination, notification, d);
            }

            @Override
            public PostResult update(MessageRef ref, Notification notification, Deadline d) {
                messenger.update(ref, notification, d);
                throw new TransientFailure("Slack answered 503");
            }

            @Override
            public PostResult reply(MessageRef p, Notification notification, Deadline d) {
                return messenger.reply(p, notification, d);
            }
        };
        Sender flaky = new Sender(updatesFail, store, new Pacer(Duration.ZERO, clock, patience), threads, clock);
        Outgoing second = dm("build:w:2", 1, "failed again");

        Sender.Sent sent = flaky.send(second, deadline);
        assertEquals(Sender.Status.SENT, sent.status(), "the reply went out: sent");
        assertEquals(Optional.of("parent " + parent.encoded() + " not updated: Slack answered 503"), sent.threadNote());
        assertEquals(Sender.Status.ALREADY_SENT, flaky.send(second, deadline).status());

        threads.writesFail(true);
        clock.now = clock.now.plusSeconds(60);
        Outgoing third = dm("build:w:3", 1, "passed");
        assertEquals(Sender.Status.SENT, sender.send(third, deadline).status(), "the thread note failed after the reply");
        threads.writesFail(false);
        assertEquals(Sender.Status.ALREADY_SENT, sender.send(third, deadline).status());

        assertEquals(List.of("failed again", "passed"), messenger.replies().stream()
                .map(r -> r.notification().title()).toList(), "each reply once");
        assertEquals(List.of(parent.ts() + " failed again"), updated(), "the parent's update was only tried");
    }

    @Test
    void whenTheThreadCannotBeReadTheMessageStaysOwed() {
        send(dm("build:w:1", 1, "failed"));
        threads.unavailable(true);

        Outgoing second = dm("build:w:2", 1, "failed again");
        org.junit.jupiter.api.Assertions.assertThrows(TransientFailure.class, () -> sender.send(second, deadline));
        threads.unavailable(false);
        assertEquals(Sender.Status.SENT, sender.send(second, deadline).status());

        assertEquals(1, messenger.replies().size());
    }

    @Test
    void eachTargetHasItsOwnThread() {
        Notification n = notification("build:w:1", "failed", PR);
        send(new Outgoing(n.key(), "dm:U1", "U1", Delivery.Role.DIRECT_MESSAGE, "", 1, n));
        send(new Outgoing(n.key(), "channel:C1", "C1", Delivery.Role.CHANNEL, "additional channel", 1, n));
        Notification later = notification("build:w:2", "passed", PR);
        send(new Outgoing(later.key(), "dm:U1", "U1", Delivery.Role.DIRECT_MESSAGE, "", 1, later));
        send(new Outgoing(later.key(), "channel:C1", "C1", Delivery.Role.CHANNEL, "additional channel", 1, later));

        assertEquals(List.of("DU1", "DC1"), messenger.replies().stream().map(r -> r.parent().channel()).toList());
        assertEquals(2, messenger.posts().size());
    }
}
