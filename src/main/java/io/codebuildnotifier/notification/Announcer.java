package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.HeldElsewhere;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Exactly once for a source whose occurrences need nothing recorded beside their marker (an approval,
 * a pipeline run, a deployment, a push): the same marker mechanism as builds, keyed by what identifies
 * the occurrence. A duplicate or a late copy of a finished occurrence is a {@link Outcome.Duplicate};
 * one another invocation is handling waits ({@link HeldElsewhere}); a retry after a failure half-way
 * sends only what the marker says is missing.
 */
public final class Announcer {
    /**
     * How long a marker is kept: far longer than any event is late, or than an approval can wait (7 days by
     * default, at most 60 when its action sets a longer timeout), so its decision still finds its message.
     */
    public static final Duration MARKER_TTL = Duration.ofDays(62);

    private final Ledger ledger;
    private final Dispatcher dispatcher;
    private final Clock clock;

    public Announcer(Ledger ledger, Dispatcher dispatcher, Clock clock) {
        this.ledger = ledger;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** What a source decided about an occurrence it claimed. */
    public sealed interface Decided {
        /** Tell these people (the notification's) and this channel. */
        record Tell(Notification notification, Dispatcher.Audience audience, Decision decision, String status)
                implements Decided {
        }

        /** Nobody hears of it: the marker is finished as it is, and the reason logged. */
        record Quiet(Decision decision, String status) implements Decided {
        }
    }

    /**
     * Claims the occurrence, asks the source what to say ({@code decide}, called only once the claim
     * holds, so its reads are spent once per occurrence), hands the messages over and finishes the marker.
     * A failure releases the claim, so that a retry takes over at once.
     */
    public Outcome announce(NotificationKey key, String subject, Invocation invocation, Supplier<Decided> decide) {
        Optional<Marker> before = ledger.find(key, invocation.deadline());
        Optional<Outcome> settled = settled(before, subject, invocation);
        if (settled.isPresent()) {
            return settled.get();
        }
        Optional<Outcome> refused = claim(key, subject, invocation);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            Decided decided = decide.get();
            List<Delivery> deliveries = List.of();
            Optional<Notification> told = Optional.empty();
            if (decided instanceof Decided.Tell tell) {
                Set<String> alreadySent = before.map(Marker::delivered).orElse(Set.of());
                deliveries = dispatcher.dispatch(tell.notification(), tell.audience(), alreadySent,
                        invocation.deadline());
                told = Optional.of(tell.notification());
            }
            ledger.finish(key, invocation.deadline());
            return switch (decided) {
                case Decided.Tell tell -> new Outcome.Told(subject, tell.status(), tell.decision(), told, deliveries);
                case Decided.Quiet quiet -> new Outcome.Told(subject, quiet.status(), quiet.decision(),
                        Optional.empty(), List.of());
            };
        } catch (RuntimeException e) {
            releaseQuietly(key, invocation);
            throw e;
        }
    }

    /**
     * A later revision of a notification already announced (an approval decided): replaces its message
     * wherever it went (each person's and channel's, not the admins' notices), in place. Sent once per
     * target and revision whatever the retries. A notification never announced, or announced to nobody,
     * is announced now as it stands, so a late or lost first event loses nothing.
     *
     * @param revision 2 or more: the first message is revision 1
     */
    public Outcome revise(NotificationKey key, String subject, long revision, Invocation invocation,
                          Supplier<Decided> decide) {
        if (revision < 2) {
            throw new IllegalArgumentException("a revision of an announced notification counts from 2");
        }
        Optional<Marker> found = ledger.find(key, invocation.deadline());
        if (found.isEmpty()) {
            return announce(key, subject, invocation, decide);
        }
        Marker marker = found.get();
        if (marker.heldByAnother(invocation.id(), clock.instant())) {
            throw new HeldElsewhere("another invocation is handling " + subject + " until " + marker.leaseUntil());
        }
        if (marker.state() == Marker.State.SKIPPED) {
            return new Outcome.Duplicate(subject, "already skipped");
        }
        List<String> sent = followable(marker.delivered());
        // a revision owed but not yet sent is handed over again: the queue or the sender drops a second copy
        if (!sent.isEmpty() && sent.stream().allMatch(t -> marker.sentRevision(t) >= revision)) {
            return new Outcome.Duplicate(subject, "already updated");
        }
        boolean takeOver = !marker.finished();
        if (takeOver) {
            // the first announcement failed half-way (its claim released or run out): this revision finishes it
            Optional<Outcome> refused = claim(key, subject, invocation);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        try {
            Decided decided = decide.get();
            if (!(decided instanceof Decided.Tell tell)) {
                Decided.Quiet quiet = (Decided.Quiet) decided;
                if (takeOver) {
                    ledger.finish(key, invocation.deadline());
                }
                return new Outcome.Told(subject, quiet.status(), quiet.decision(), Optional.empty(), List.of());
            }
            // whoever has the first message, and whoever it is queued for and not yet sent to (with the delivery
            // queue, the first may still be waiting its turn: owing this revision drops it, and this one is posted)
            java.util.Set<String> targets = new java.util.TreeSet<>(sent);
            targets.addAll(followable(dispatcher.plan(tell.notification(), tell.audience(), invocation.deadline())
                    .followers()));
            List<Outgoing> messages = new ArrayList<>();
            for (String target : targets) {
                if (marker.sentRevision(target) < revision) {
                    Dispatcher.follow(target, revision, tell.notification()).ifPresent(messages::add);
                }
            }
            ledger.owe(key, targets, revision, invocation.deadline());
            List<Delivery> deliveries = dispatcher.deliver(messages, List.of(), invocation.deadline());
            if (takeOver) {
                ledger.finish(key, invocation.deadline());
            }
            return new Outcome.Told(subject, tell.status(), tell.decision(), Optional.of(tell.notification()),
                    deliveries);
        } catch (RuntimeException e) {
            if (takeOver) {
                releaseQuietly(key, invocation);
            }
            throw e;
        }
    }

    /** The targets a later revision can follow (a person's, a channel's; not an admin's notice), in order. */
    /** The targets a revision can follow to (a person's DM or a channel), in order. */
    private static List<String> followable(java.util.Collection<String> targets) {
        return targets.stream().filter(t -> Target.parse(t).isPresent()).sorted().toList();
    }

    /** Claims the notification for this invocation: empty when claimed, else what the marker that refused says. */
    private Optional<Outcome> claim(NotificationKey key, String subject, Invocation invocation) {
        Instant now = clock.instant();
        Optional<Marker> refused = ledger.claim(new Claim(key, subject, invocation.id(), now,
                invocation.deadline().at(), false, now.plus(MARKER_TTL)), invocation.deadline());
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(settled(refused, subject, invocation).orElseThrow(() ->
                new TransientFailure("could not claim the notification of " + subject)));
    }

    private Optional<Outcome> settled(Optional<Marker> marker, String subject, Invocation invocation) {
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        Marker m = marker.get();
        if (m.finished()) {
            return Optional.of(new Outcome.Duplicate(subject, m.state() == Marker.State.SKIPPED
                    ? "already skipped" : "already notified"));
        }
        if (m.heldByAnother(invocation.id(), clock.instant())) {
            throw new HeldElsewhere("another invocation is handling " + subject + " until " + m.leaseUntil());
        }
        return Optional.empty();
    }

    private void releaseQuietly(NotificationKey key, Invocation invocation) {
        try {
            ledger.release(key, invocation.id(), invocation.deadline());
        } catch (RuntimeException ignored) {
            // the lease runs out by itself when this invocation ends
        }
    }
}
