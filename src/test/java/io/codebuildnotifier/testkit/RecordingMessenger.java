package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.PostResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat that keeps what it is sent. Each post to a destination is recorded (failed ones too) and
 * answered with {@code Posted(D<destination>/1700000000.00000N)}, N counting up from 1; a
 * destination can be told to refuse ({@code Failed(reason)}) or to be unreachable (a
 * {@link TransientFailure}), until {@link #heal}. Updates are recorded apart ({@link #updates()}):
 * one of a message it handed out is answered {@code Posted(ref)}, any other
 * {@code Failed("message_not_found")}; refusing and unreachable apply to the ref's channel (for
 * its own messages, {@code D<destination>}). Thread-safe.
 */
public final class RecordingMessenger implements Messenger {
    /** One post: where, and what. */
    public record Post(String destination, Notification notification) {
    }

    /** One update: of which message, to what. */
    public record Update(MessageRef ref, Notification notification) {
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<Post> delivered = new CopyOnWriteArrayList<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final Map<String, Boolean> unreachable = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private final Set<MessageRef> handedOut = ConcurrentHashMap.newKeySet();

    /** Posts to {@code destination} fail for good with {@code reason}. */
    public RecordingMessenger refuse(String destination, String reason) {
        refusals.put(destination, reason);
        return this;
    }

    /** Posts to {@code destination} throw a {@link TransientFailure}. */
    public RecordingMessenger unreachable(String destination) {
        unreachable.put(destination, true);
        return this;
    }

    /** Every destination works again. */
    public RecordingMessenger heal() {
        refusals.clear();
        unreachable.clear();
        return this;
    }

    @Override
    public PostResult post(String destination, Notification notification, Deadline deadline) {
        Post post = new Post(destination, notification);
        posts.add(post);
        if (unreachable.containsKey(destination)) {
            throw new TransientFailure("chat unreachable for " + destination);
        }
        String reason = refusals.get(destination);
        if (reason != null) {
            return new PostResult.Failed(reason);
        }
        delivered.add(post);
        MessageRef ref = new MessageRef("D" + destination,
                String.format("1700000000.%06d", sequence.incrementAndGet()));
        handedOut.add(ref);
        return new PostResult.Posted(ref);
    }

    @Override
    public PostResult update(MessageRef ref, Notification notification, Deadline deadline) {
        updates.add(new Update(ref, notification));
        if (unreachable.containsKey(ref.channel())) {
            throw new TransientFailure("chat unreachable for " + ref.channel());
        }
        String reason = refusals.get(ref.channel());
        if (reason != null) {
            return new PostResult.Failed(reason);
        }
        return handedOut.contains(ref) ? new PostResult.Posted(ref) : PostResult.Failed.gone("message_not_found");
    }

    /** One reply: in which thread, what. */
    public record Reply(MessageRef parent, Notification notification) {
    }

    private final List<Reply> replies = new CopyOnWriteArrayList<>();

    /**
     * A reply in the thread of a message it handed out is answered {@code Posted} (a new ref in the
     * same channel); any other {@code Failed("thread_not_found")}.
     */
    @Override
    public PostResult reply(MessageRef parent, Notification notification, Deadline deadline) {
        replies.add(new Reply(parent, notification));
        if (unreachable.containsKey(parent.channel())) {
            throw new TransientFailure("chat unreachable for " + parent.channel());
        }
        String reason = refusals.get(parent.channel());
        if (reason != null) {
            return new PostResult.Failed(reason);
        }
        if (!handedOut.contains(parent)) {
            return PostResult.Failed.gone("thread_not_found");
        }
        MessageRef ref = new MessageRef(parent.channel(), String.format("1700000000.%06d", sequence.incrementAndGet()));
        handedOut.add(ref);
        return new PostResult.Posted(ref);
    }

    /** Every reply tried, in order. */
    public List<Reply> replies() {
        return List.copyOf(replies);
    }

    /** Forgets a message it handed out, as if someone deleted it: updates and replies to it fail. */
    public void delete(MessageRef ref) {
        handedOut.remove(ref);
    }

    /** Every update tried, in order. */
    public List<Update> updates() {
        return List.copyOf(updates);
    }

    /** Every post tried, in order. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The destinations of the posts the chat accepted, in order. */
    public List<String> deliveredTo() {
        return delivered.stream().map(Post::destination).toList();
    }

    /** The destinations of every post tried, in order. */
    public List<String> destinations() {
        return posts.stream().map(Post::destination).toList();
    }
}
