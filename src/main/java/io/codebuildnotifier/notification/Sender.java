package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Posts one owed message at its destination's pace and notes it, so that each is sent once: a
 * message already sent (a redelivery) or superseded by a newer revision still to come (a rollup
 * that gained a project meanwhile) is dropped without a call to the chat; a later revision of a
 * message already posted replaces it in place. When the chat asks to wait ({@code Retry-After}),
 * the sender waits, in the destination's turn, for as long as the invocation allows.
 *
 * <p>With {@link Threads}, a person's (or channel's) messages about one conversation (a PR or a
 * branch) hang together: the first is the thread's parent, each later one a reply in its thread,
 * also shown in the conversation, and the parent is then updated to show the latest status. A reply
 * is noted before the parent is updated, and the parent's update is best-effort: failing it never
 * sends the reply again. A parent the chat no longer has starts a new thread. What the parent shows
 * only moves forward ({@link Threads#show}, {@link Threads#revise}).
 */
public final class Sender {
    /** How many times one message waits for the chat's {@code Retry-After} before its invocation gives up. */
    static final int RATE_LIMIT_WAITS = 30;

    private final Messenger messenger;
    private final Ledger ledger;
    private final Pacer pacer;
    private final Threads threads;
    /** When a thread's messages were posted; only read with threads on. */
    private final Clock clock;

    /** A sender without threads: every notification is a message of its own. */
    public Sender(Messenger messenger, Ledger ledger, Pacer pacer) {
        this(messenger, ledger, pacer, Threads.NONE, null);
    }

    /**
     * @param threads {@link Threads#NONE} for no threads
     * @param clock   when messages are posted in a thread (what a parent shows only moves forward)
     */
    public Sender(Messenger messenger, Ledger ledger, Pacer pacer, Threads threads, Clock clock) {
        this.messenger = messenger;
        this.ledger = ledger;
        this.pacer = pacer;
        this.threads = Objects.requireNonNull(threads, "threads");
        this.clock = threads == Threads.NONE ? clock : Objects.requireNonNull(clock, "clock");
    }

    /** What became of one message. */
    public enum Status {
        /** Posted, or updated in place; {@link Sent#delivery()} says how it went. */
        SENT,
        /** Sent before (the queue delivered it again): nothing done. */
        ALREADY_SENT,
        /**
         * A newer revision is queued for the same target: this one is dropped. Or its message is a
         * thread's parent that already shows a newer notification: it is left as it is.
         */
        SUPERSEDED
    }

    /**
     * @param threadNote what went wrong after the message was noted (a thread not kept, a parent not
     *                   updated), for the log; the message itself went out
     */
    public record Sent(Outgoing message, Status status, Optional<Delivery> delivery, Optional<String> threadNote) {
        public Sent {
            threadNote = threadNote == null ? Optional.empty() : threadNote;
        }

        public Sent(Outgoing message, Status status, Optional<Delivery> delivery) {
            this(message, status, delivery, Optional.empty());
        }

        Sent noting(Optional<String> note) {
            return note.isEmpty() ? this : new Sent(message, status, delivery, note);
        }
    }

    /**
     * @throws TransientFailure when the chat is down, or still throttling when the invocation's time
     *                          runs out: the message stays owed and is tried again
     */
    public Sent send(Outgoing message, Deadline deadline) {
        Optional<Marker> marker = ledger.find(message.key(), deadline);
        if (marker.map(m -> m.sentRevision(message.target())).orElse(0L) >= message.revision()) {
            return new Sent(message, Status.ALREADY_SENT, Optional.empty());
        }
        if (marker.map(m -> m.owedRevision(message.target())).orElse(0L) > message.revision()) {
            return new Sent(message, Status.SUPERSEDED, Optional.empty());
        }
        Optional<MessageRef> earlier = marker.map(m -> m.references().get(message.target()));
        if (!threaded(message)) {
            return noted(message, paced(message, () -> earlier.isPresent() ? replace(message, earlier.get(), deadline)
                    : messenger.post(message.destination(), message.notification(), deadline), deadline), deadline);
        }
        return earlier.isPresent() ? revised(message, earlier.get(), deadline) : threadedPost(message, deadline);
    }

    /** Notes what became of the message: from here on, it is never sent again. */
    private Sent noted(Outgoing message, PostResult result, Deadline deadline) {
        Delivery delivery = Delivery.of(message.role(), message.destination(), message.about(), result);
        ledger.delivered(message.key(), message.target(), message.revision(), delivery.ref(), deadline);
        return new Sent(message, Status.SENT, Optional.of(delivery));
    }

    /** Threads on, a conversation to keep together, a person or a channel (admin notices stand alone). */
    private boolean threaded(Outgoing message) {
        return threads != Threads.NONE && !message.notification().conversation().isEmpty()
                && message.role() != Delivery.Role.ADMIN_NOTICE;
    }

    /** A target's new message about a conversation: a reply in its thread, or the start of one. */
    private Sent threadedPost(Outgoing message, Deadline deadline) {
        String target = message.target();
        String conversation = message.notification().conversation();
        Instant now = clock.instant();
        Threads.Shown shown = new Threads.Shown(message.key(), message.revision(), now);
        Optional<Threads.Thread> thread = threads.find(target, conversation, now, deadline);
        if (thread.isEmpty()) {
            PostResult posted = paced(message, () -> messenger.post(message.destination(), message.notification(),
                    deadline), deadline);
            Sent sent = noted(message, posted, deadline);
            return sent.noting(ref(posted).flatMap(ref -> quietly("thread of " + target + " not started", () -> {
                threads.start(target, conversation, new Threads.Thread(ref, shown), now.plus(Threads.KEEP), deadline);
                return Optional.empty();
            })));
        }
        MessageRef parent = thread.get().parent();
        PostResult reply = paced(message, () -> messenger.reply(parent, message.notification(), deadline), deadline);
        if (reply instanceof PostResult.Failed failed && failed.gone()) {
            PostResult posted = paced(message, () -> messenger.post(message.destination(), message.notification(),
                    deadline), deadline);
            Sent sent = noted(message, posted, deadline);
            return sent.noting(ref(posted).flatMap(ref -> quietly("thread of " + target + " not restarted", () -> {
                threads.restart(target, conversation, parent, new Threads.Thread(ref, shown), now.plus(Threads.KEEP),
                        deadline);
                return Optional.empty();
            })));
        }
        Sent sent = noted(message, reply, deadline);
        if (!(reply instanceof PostResult.Posted)) {
            return sent;
        }
        return sent.noting(quietly("parent " + parent.encoded() + " not updated", () ->
                threads.show(target, conversation, parent, shown, now.plus(Threads.KEEP), deadline)
                        ? updateParent(message, parent, deadline) : Optional.empty()));
    }

    /**
     * A later revision of a message already posted: replaced in place; when it is a reply whose
     * parent shows this notification, the parent too. A parent that already shows a newer
     * notification is left as it is.
     */
    private Sent revised(Outgoing message, MessageRef own, Deadline deadline) {
        String target = message.target();
        String conversation = message.notification().conversation();
        Optional<Threads.Thread> thread = threads.find(target, conversation, clock.instant(), deadline);
        boolean ownIsParent = thread.map(t -> t.parent().equals(own)).orElse(false);
        boolean parentShowsThis = thread.map(t -> t.shown().key().equals(message.key())).orElse(false);
        if (ownIsParent && !parentShowsThis) {
            // the parent already shows a newer notification: this revision goes in the thread as a reply of its
            // own (its later revisions update that reply), the parent is left as it is
            PostResult reply = paced(message, () -> messenger.reply(own, message.notification(), deadline), deadline);
            if (reply instanceof PostResult.Failed failed && failed.gone()) {
                // its own message is gone: posted anew, as any message whose thread is gone
                reply = paced(message, () -> messenger.post(message.destination(), message.notification(), deadline),
                        deadline);
            }
            return noted(message, reply, deadline);
        }
        PostResult result = paced(message, () -> replace(message, own, deadline), deadline);
        Sent sent = noted(message, result, deadline);
        Optional<MessageRef> landed = ref(result);
        if (thread.isEmpty() || landed.isEmpty()) {
            return sent;
        }
        MessageRef parent = thread.get().parent();
        if (ownIsParent && !landed.get().equals(own)) {
            // the parent was gone: the message posted anew starts the thread again
            Instant now = clock.instant();
            return sent.noting(quietly("thread of " + target + " not restarted", () -> {
                threads.restart(target, conversation, own, new Threads.Thread(landed.get(),
                        new Threads.Shown(message.key(), message.revision(), now)), now.plus(Threads.KEEP), deadline);
                return Optional.empty();
            }));
        }
        if (ownIsParent) {
            return sent.noting(quietly("thread of " + target + " not revised", () -> {
                threads.revise(target, conversation, parent, message.key(), message.revision(), deadline);
                return Optional.empty();
            }));
        }
        if (parentShowsThis) {
            return sent.noting(quietly("parent " + parent.encoded() + " not updated", () ->
                    threads.revise(target, conversation, parent, message.key(), message.revision(), deadline)
                            ? updateParent(message, parent, deadline) : Optional.empty()));
        }
        return sent;
    }

    /**
     * The parent shows the latest status, in the destination's turn; the chat's refusal (a parent
     * someone deleted) is only noted: the next reply finds the thread gone and starts another.
     */
    private Optional<String> updateParent(Outgoing message, MessageRef parent, Deadline deadline) {
        PostResult result = paced(message, () -> messenger.update(parent, message.notification(), deadline), deadline);
        return result instanceof PostResult.Failed failed
                ? Optional.of("parent " + parent.encoded() + " not updated: " + failed.reason()) : Optional.empty();
    }

    /**
     * What follows a message already noted: a failure here (the chat or the store unavailable) leaves a
     * thread unstarted or a parent not updated, and never sends the message again; it is only noted.
     */
    private static Optional<String> quietly(String what, Supplier<Optional<String>> step) {
        try {
            return step.get();
        } catch (TransientFailure | PermanentFailure e) {
            return Optional.of(what + ": " + e.getMessage()); // best-effort: the message itself went out, noted
        }
    }

    private static Optional<MessageRef> ref(PostResult result) {
        return result instanceof PostResult.Posted posted ? posted.ref() : Optional.empty();
    }

    /** One call to the chat in the destination's turn, waiting out its {@code Retry-After}. */
    private PostResult paced(Outgoing message, Supplier<PostResult> call, Deadline deadline) {
        for (int wait = 0; ; wait++) {
            if (!pacer.await(message.destination(), deadline)) {
                throw new TransientFailure("no time left for " + message.destination() + "'s turn");
            }
            try {
                PostResult result = call.get();
                pacer.sent(message.destination());
                return result;
            } catch (TransientFailure e) {
                if (e.retryAfter().isEmpty() || wait >= RATE_LIMIT_WAITS) {
                    throw e;
                }
                pacer.hold(message.destination(), e.retryAfter().get());
            }
        }
    }

    /** An update in place; a message someone deleted is posted anew. */
    private PostResult replace(Outgoing message, MessageRef ref, Deadline deadline) {
        PostResult updated = messenger.update(ref, message.notification(), deadline);
        if (updated instanceof PostResult.Failed failed && failed.gone()) {
            return messenger.post(message.destination(), message.notification(), deadline);
        }
        return updated instanceof PostResult.Posted posted && posted.ref().isEmpty()
                ? new PostResult.Posted(ref) : updated;
    }
}
