package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery queue without a queue: each message goes to the sender at once, in order, in the
 * invocation that owes it. Used where there is no sender function (the replay, the tests, a stack
 * deployed without the queue); a failure fails the invocation, whose retry sends only what is missing.
 */
public final class ImmediateQueue implements DeliveryQueue {
    private final Sender sender;

    public ImmediateQueue(Sender sender) {
        this.sender = sender;
    }

    @Override
    public List<Delivery> enqueue(List<Outgoing> messages, Deadline deadline) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Outgoing message : messages) {
            Sender.Sent sent = sender.send(message, deadline);
            sent.delivery().ifPresent(deliveries::add);
        }
        return deliveries;
    }
}
