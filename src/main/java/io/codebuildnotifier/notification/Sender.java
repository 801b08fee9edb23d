package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import java.util.Optional;

/**
 * Posts one owed message at its destination's pace and notes it, so that each is sent once: a
 * message already sent (a redelivery) or superseded by a newer revision still to come (a rollup
 * that gained a project meanwhile) is dropped without a call to the chat; a later revision of a
 * message already posted replaces it in place. When the chat asks to wait ({@code Retry-After}),
 * the sender waits, in the destination's turn, for as long as the invocation allows.
 */
public final class Sender {
    /** How many times one message waits for the chat's {@code Retry-After} before its invocation gives up. */
    static final int RATE_LIMIT_WAITS = 30;

    private final Messenger messenger;
    private final Ledger ledger;
    private final Pacer pacer;

    public Sender(Messenger messenger, Ledger ledger, Pacer pacer) {
        this.messenger = messenger;
        this.ledger = ledger;
        this.pacer = pacer;
    }

    /** What became of one message. */
    public enum Status {
        /** Posted, or updated in place; {@link Sent#delivery()} says how it went. */
        SENT,
        /** Sent before (the queue delivered it again): nothing done. */
        ALREADY_SENT,
        /** A newer revision is queued for the same target: this one is dropped. */
        SUPERSEDED
    }

    public record Sent(Outgoing message, Status status, Optional<Delivery> delivery) {
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
        PostResult result = paced(message, earlier, deadline);
        Delivery delivery = Delivery.of(message.role(), message.destination(), message.about(), result);
        ledger.delivered(message.key(), message.target(), message.revision(), delivery.ref(), deadline);
        return new Sent(message, Status.SENT, Optional.of(delivery));
    }

    private PostResult paced(Outgoing message, Optional<MessageRef> earlier, Deadline deadline) {
        for (int wait = 0; ; wait++) {
            if (!pacer.await(message.destination(), deadline)) {
                throw new TransientFailure("no time left for " + message.destination() + "'s turn");
            }
            try {
                PostResult result = earlier.isPresent() ? replace(message, earlier.get(), deadline)
                        : messenger.post(message.destination(), message.notification(), deadline);
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
        if (updated instanceof PostResult.Failed failed && failed.reason().equals("message_not_found")) {
            return messenger.post(message.destination(), message.notification(), deadline);
        }
        return updated instanceof PostResult.Posted posted && posted.ref().isEmpty()
                ? new PostResult.Posted(ref) : updated;
    }
}
