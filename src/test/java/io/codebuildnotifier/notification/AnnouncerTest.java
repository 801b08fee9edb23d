package io.codebuildnotifier.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.HeldElsewhere;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryNotices;
import io.codebuildnotifier.testkit.InMemoryStore;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Exactly once for the delivery chain's sources: claim, decide once, deliver, finish; revisions in place. */
class AnnouncerTest {
    private static final NotificationKey KEY = new NotificationKey("approval:web/Prod/Approve/e1");
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingMessenger slack = new RecordingMessenger();
    private final InMemoryDirectory directory = new InMemoryDirectory().member("ada@example.com", "U1");
    private final Dispatcher dispatcher = new Dispatcher(new Recipients(directory, new InMemoryAliasBook()), directory,
            new ImmediateQueue(new Sender(slack, store, new Pacer(Duration.ZERO, clock, Patience.real()))), List.of(),
            new Dispatcher.Terms("Slack", "ADMINS"), new InMemoryNotices(), clock);
    private final Announcer announcer = new Announcer(store, dispatcher, clock);
    private final AtomicInteger decided = new AtomicInteger();

    private static Invocation invocation(String id) {
        return new Invocation(id, Deadline.in(Duration.ofMinutes(1), Clock.systemUTC()));
    }

    private Announcer.Decided tell(String title) {
        decided.incrementAndGet();
        return new Announcer.Decided.Tell(new Notification(KEY, Notification.Kind.APPROVAL,
                Notification.Severity.WARNING, title, List.of(), List.of(), List.of(new Notification.Person(
                Notification.Person.Role.AUTHOR, "Ada", "ada@example.com")), List.of()),
                new Dispatcher.Audience(Optional.of("#releases")), new Decision.Notify("approval waiting"), "STARTED");
    }

    @Test
    void anOccurrenceIsToldOnceAndDecidedOnce() {
        Outcome first = announcer.announce(KEY, "web", invocation("i1"), () -> tell("waiting"));
        Outcome again = announcer.announce(KEY, "web", invocation("i2"), () -> tell("waiting"));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, first);
        assertEquals(2, told.deliveries().size());
        assertEquals(List.of("U1", "#releases"), slack.destinations());
        assertInstanceOf(Outcome.Duplicate.class, again);
        assertEquals(1, decided.get(), "the second copy reads nothing");
        assertTrue(told.summary().startsWith("recorded web STARTED; notified (approval waiting): "), told.summary());
    }

    @Test
    void aRetryAfterAFailureHalfWaySendsOnlyWhatIsMissing() {
        slack.unreachable("#releases");
        assertThrows(TransientFailure.class, () -> announcer.announce(KEY, "web", invocation("i1"),
                () -> tell("waiting")));
        slack.heal();
        Outcome retried = announcer.announce(KEY, "web", invocation("i2"), () -> tell("waiting"));

        assertInstanceOf(Outcome.Told.class, retried);
        assertEquals(List.of("U1", "#releases"), slack.deliveredTo(), "the DM once, the channel once");
    }

    @Test
    void anOccurrenceAnotherInvocationHoldsWaits() {
        store.claim(new Claim(KEY, "web", "other", clock.instant(), clock.instant().plusSeconds(60), false,
                clock.instant().plus(Duration.ofDays(1))), invocation("x").deadline());
        assertThrows(HeldElsewhere.class, () -> announcer.announce(KEY, "web", invocation("i1"), () -> tell("w")));
        assertEquals(0, decided.get());
    }

    @Test
    void aQuietDecisionFinishesTheMarkerAndSendsNothing() {
        Outcome quiet = announcer.announce(KEY, "web", invocation("i1"), () -> new Announcer.Decided.Quiet(
                new Decision.Quiet("no channel for approval web"), "STARTED"));
        assertEquals("recorded web STARTED; no notification: no channel for approval web", quiet.summary());
        assertEquals(List.of(), slack.destinations());
        assertInstanceOf(Outcome.Duplicate.class, announcer.announce(KEY, "web", invocation("i2"),
                () -> tell("waiting")));
    }

    @Test
    void aRevisionReplacesTheMessageWhereverItWentOnce() {
        announcer.announce(KEY, "web", invocation("i1"), () -> tell("waiting"));
        Outcome revised = announcer.revise(KEY, "web", 2, invocation("i2"), () -> tell("approved"));
        Outcome again = announcer.revise(KEY, "web", 2, invocation("i3"), () -> tell("approved"));

        assertInstanceOf(Outcome.Told.class, revised);
        assertEquals(2, slack.posts().size(), "nothing posted anew");
        assertEquals(List.of("approved", "approved"), slack.updates().stream().map(u -> u.notification().title())
                .toList());
        assertEquals(Outcome.Duplicate.class, again.getClass());
    }

    @Test
    void aRevisionOfAnOccurrenceNeverToldIsToldAsItStandsAndItsLateStartIsADuplicate() {
        Outcome revised = announcer.revise(KEY, "web", 2, invocation("i1"), () -> tell("approved"));
        Outcome lateStart = announcer.announce(KEY, "web", invocation("i2"), () -> tell("waiting"));

        assertInstanceOf(Outcome.Told.class, revised);
        assertEquals(List.of("approved", "approved"), slack.posts().stream().map(p -> p.notification().title())
                .toList());
        assertInstanceOf(Outcome.Duplicate.class, lateStart);
        assertEquals(List.of(), slack.updates());
    }

    @Test
    void aDecisionThatComesBeforeTheQueuedFirstMessageWasSentReplacesItAndInvitesNothing() {
        io.codebuildnotifier.testkit.LocalQueue queue = new io.codebuildnotifier.testkit.LocalQueue();
        Sender sender = new Sender(slack, store, new Pacer(Duration.ZERO, clock, Patience.real()));
        Dispatcher queued = new Dispatcher(new Recipients(directory, new InMemoryAliasBook()), directory, queue,
                List.of(), new Dispatcher.Terms("Slack", "ADMINS"), new InMemoryNotices(), clock);
        Announcer withQueue = new Announcer(store, queued, clock);

        withQueue.announce(KEY, "web", invocation("i1"), () -> tell("waiting"));
        Outcome decided = withQueue.revise(KEY, "web", 2, invocation("i2"), () -> tell("approved"));
        queue.drain(sender, invocation("s1").deadline());

        assertInstanceOf(Outcome.Told.class, decided, decided.summary());
        assertEquals(List.of("approved", "approved"), slack.posts().stream().map(p -> p.notification().title())
                .toList(), "the waiting message is dropped unsent, the decided one posted");
        assertInstanceOf(Outcome.Duplicate.class, withQueue.revise(KEY, "web", 2, invocation("i3"),
                () -> tell("approved")));
    }

    @Test
    void aDecisionAfterAFirstAnnouncementThatFailedHalfWayUpdatesWhatWentOutAndFinishesIt() {
        slack.unreachable("#releases");
        assertThrows(TransientFailure.class, () -> announcer.announce(KEY, "web", invocation("i1"),
                () -> tell("waiting")));
        slack.heal();
        Outcome decided = announcer.revise(KEY, "web", 2, invocation("i2"), () -> tell("approved"));

        assertInstanceOf(Outcome.Told.class, decided, decided.summary());
        assertEquals(List.of("U1", "#releases"), slack.deliveredTo(), "the DM once (then updated), the channel once");
        assertEquals(List.of("approved"), slack.updates().stream().map(u -> u.notification().title()).toList());
        assertInstanceOf(Outcome.Duplicate.class, announcer.announce(KEY, "web", invocation("i3"),
                () -> tell("waiting")), "the start's retry finds it done");
    }
}
