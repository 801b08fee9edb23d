package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.DeliveryQueue;
import io.codebuildnotifier.notification.Outgoing;
import io.codebuildnotifier.notification.Sender;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A FIFO delivery queue in memory, as SQS FIFO keeps one: a group per destination, in the order
 * queued; a message whose delivery key was queued before is dropped (SQS's deduplication). Nothing
 * is sent until a test {@link #drain}s it through a {@link Sender}. Thread-safe.
 */
public final class LocalQueue implements DeliveryQueue {
    private final Map<String, Deque<Outgoing>> groups = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();
    private int deduplicated;

    @Override
    public synchronized List<Delivery> enqueue(List<Outgoing> messages, Deadline deadline) {
        List<Delivery> queued = new ArrayList<>();
        for (Outgoing message : messages) {
            if (seen.add(message.deliveryKey())) {
                groups.computeIfAbsent(message.destination(), g -> new ArrayDeque<>()).add(message);
            } else {
                deduplicated++;
            }
            queued.add(Delivery.queued(message));
        }
        return queued;
    }

    /** Every message waiting, group by group, each in order. */
    public synchronized List<Outgoing> pending() {
        return groups.values().stream().flatMap(Deque::stream).toList();
    }

    /** How many messages were dropped as already queued. */
    public synchronized int deduplicated() {
        return deduplicated;
    }

    /** Forgets what was queued before, as SQS does after five minutes. */
    public synchronized LocalQueue forgetDeduplication() {
        seen.clear();
        return this;
    }

    /**
     * Sends everything waiting, group after group, each in order; a failure leaves the failed
     * message and the rest of its group waiting and goes on with the other groups.
     *
     * @return what the sender did with each message it took
     */
    public List<Sender.Sent> drain(Sender sender, Deadline deadline) {
        List<Sender.Sent> sent = new ArrayList<>();
        for (String group : groupNames()) {
            while (true) {
                Outgoing next = peek(group);
                if (next == null) {
                    break;
                }
                try {
                    sent.add(sender.send(next, deadline));
                } catch (RuntimeException e) {
                    break;
                }
                remove(group);
            }
        }
        return sent;
    }

    private synchronized List<String> groupNames() {
        return List.copyOf(groups.keySet());
    }

    private synchronized Outgoing peek(String group) {
        Deque<Outgoing> messages = groups.get(group);
        return messages == null ? null : messages.peekFirst();
    }

    private synchronized void remove(String group) {
        Deque<Outgoing> messages = groups.get(group);
        messages.pollFirst();
        if (messages.isEmpty()) {
            groups.remove(group);
        }
    }
}
