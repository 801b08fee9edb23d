package io.codebuildnotifier.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.testkit.InMemoryStore;
import io.codebuildnotifier.testkit.LocalQueue;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Posting what is owed: each destination at its pace and in order, each message once. */
class SenderTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    /** A clock that moves only when the sender waits. */
    static final class ManualClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<Duration> waits = new ArrayList<>();
    private final Patience patience = new Patience(d -> {
        waits.add(d);
        clock.now = clock.now.plus(d);
    });
    private final Deadline deadline = new Deadline(T0.plus(Duration.ofMinutes(15)), clock);
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingMessenger messenger = new RecordingMessenger();
    private final List<String> postedAt = new ArrayList<>();
    private final Messenger timed = new Messenger() {
        @Override
        public PostResult post(String destination, Notification notification, Deadline d) {
            postedAt.add(destination + "@" + Duration.between(T0, clock.instant()).toSeconds() + " " + notification.title());
            return messenger.post(destination, notification, d);
        }

        @Override
        public PostResult update(MessageRef ref, Notification notification, Deadline d) {
            return messenger.update(ref, notification, d);
        }

        @Override
        public PostResult reply(MessageRef parent, Notification notification, Deadline d) {
            return messenger.reply(parent, notification, d);
        }
    };
    private final Sender sender = new Sender(timed, store, new Pacer(Duration.ofSeconds(1), clock, patience));

    private static Outgoing message(String build, String destination, long revision, String title) {
        NotificationKey key = NotificationKey.build(build);
        Notification n = new Notification(key, Notification.Kind.BUILD_RESULT, Notification.Severity.FAILURE, title,
                List.of(), List.of(), List.of(), List.of());
        return new Outgoing(key, "dm:" + destination, destination, Delivery.Role.DIRECT_MESSAGE, "", revision, n);
    }

    @Test
    void eachDestinationKeepsItsOrderAndItsPaceWhileTheOthersGoOn() {
        LocalQueue queue = new LocalQueue();
        queue.enqueue(List.of(message("p:1", "CA", 1, "a1"), message("p:2", "CB", 1, "b1"),
                message("p:3", "CA", 1, "a2"), message("p:4", "CA", 1, "a3"), message("p:5", "CB", 1, "b2")), deadline);

        queue.drain(sender, deadline);

        assertEquals(List.of("CA@0 a1", "CA@1 a2", "CA@2 a3", "CB@2 b1", "CB@3 b2"), postedAt,
                "CA's three a second apart; CB's first at once (its own pace), its second a second later");
        assertEquals(List.of(), queue.pending());
    }

    /** A ledger whose second delivery note is lost with its instance. */
    private Ledger dyingOnTheSecondNote() {
        AtomicInteger notes = new AtomicInteger();
        return new Ledger() {
            @Override
            public Optional<Marker> claim(io.codebuildnotifier.notification.Claim claim, Deadline d) {
                return store.claim(claim, d);
            }

            @Override
            public Optional<Marker> find(NotificationKey key, Deadline d) {
                return store.find(key, d);
            }

            @Override
            public Map<NotificationKey, Marker> findAll(Collection<NotificationKey> keys, Deadline d) {
                return store.findAll(keys, d);
            }

            @Override
            public void delivered(NotificationKey key, String target, long revision, Optional<MessageRef> ref,
                                  Deadline d) {
                if (notes.incrementAndGet() == 2) {
                    throw new IllegalStateException("the instance is gone");
                }
                store.delivered(key, target, revision, ref, d);
            }

            @Override
            public void owe(NotificationKey key, Collection<String> targets, long revision, Deadline d) {
                store.owe(key, targets, revision, d);
            }

            @Override
            public void finish(NotificationKey key, Deadline d) {
                store.finish(key, d);
            }

            @Override
            public void skipped(NotificationKey key, String subject, Instant expiresAt, Deadline d) {
                store.skipped(key, subject, expiresAt, d);
            }

            @Override
            public void release(NotificationKey key, String owner, Deadline d) {
                store.release(key, owner, d);
            }
        };
    }

    @Test
    void aSenderThatDiesBetweenPostingAndNotingResendsOnlyThatMessage() {
        LocalQueue queue = new LocalQueue();
        queue.enqueue(List.of(message("p:1", "U1", 1, "one"), message("p:2", "U1", 1, "two"),
                message("p:3", "U1", 1, "three")), deadline);

        queue.drain(new Sender(timed, dyingOnTheSecondNote(), new Pacer(Duration.ZERO, clock, patience)), deadline);
        assertEquals(2, queue.pending().size(), "the message whose note was lost is still owed, and what follows");
        queue.drain(sender, deadline);

        assertEquals(List.of("one", "two", "two", "three"),
                messenger.posts().stream().map(p -> p.notification().title()).toList());
    }

    @Test
    void aMessageTheQueueDeliversAgainIsNotSentAgain() {
        Outgoing once = message("p:1", "U1", 1, "once");

        assertEquals(Sender.Status.SENT, sender.send(once, deadline).status());
        assertEquals(Sender.Status.ALREADY_SENT, sender.send(once, deadline).status());

        assertEquals(1, messenger.posts().size());
    }

    @Test
    void slacksRetryAfterIsWaitedOutInTheDestinationsTurn() {
        AtomicInteger calls = new AtomicInteger();
        Messenger throttled = new Messenger() {
            @Override
            public PostResult post(String destination, Notification notification, Deadline d) {
                if (calls.incrementAndGet() <= 2) {
                    throw new TransientFailure("ratelimited", null, Duration.ofSeconds(7));
                }
                return messenger.post(destination, notification, d);
            }

            @Override
            public PostResult update(MessageRef ref, Notification notification, Deadline d) {
                return messenger.update(ref, notification, d);
            }

            @Override
            public PostResult reply(MessageRef parent, Notification notification, Deadline d) {
                return messenger.reply(parent, notification, d);
            }
        };
        Sender patient = new Sender(throttled, store, new Pacer(Duration.ofSeconds(1), clock, patience));

        assertEquals(Sender.Status.SENT, patient.send(message("p:1", "U1", 1, "late"), deadline).status());

        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), waits);
        assertEquals(1, messenger.posts().size());
    }

    @Test
    void whenTheTimeRunsOutTheMessageStaysOwed() {
        Messenger throttled = new Messenger() {
            @Override
            public PostResult post(String destination, Notification notification, Deadline d) {
                throw new TransientFailure("ratelimited", null, Duration.ofMinutes(20));
            }

            @Override
            public PostResult update(MessageRef ref, Notification notification, Deadline d) {
                throw new AssertionError();
            }

            @Override
            public PostResult reply(MessageRef parent, Notification notification, Deadline d) {
                throw new AssertionError();
            }
        };
        Sender patient = new Sender(throttled, store, new Pacer(Duration.ofSeconds(1), clock, patience));

        assertThrows(TransientFailure.class, () -> patient.send(message("p:1", "U1", 1, "late"), deadline));
        assertEquals(0, store.find(NotificationKey.build("p:1"), deadline).map(m -> m.sentRevision("dm:U1"))
                .orElse(0L));
    }

    @Test
    void aLaterRevisionReplacesTheMessageInPlace() {
        sender.send(message("p:1", "U1", 1, "first"), deadline);
        sender.send(message("p:1", "U1", 2, "second"), deadline);

        assertEquals(1, messenger.posts().size());
        assertEquals(List.of("second"), messenger.updates().stream().map(u -> u.notification().title()).toList());
        assertTrue(messenger.updates().get(0).ref().ts().startsWith("1700000000."));
    }
}
