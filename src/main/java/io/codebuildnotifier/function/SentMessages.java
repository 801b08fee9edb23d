package io.codebuildnotifier.function;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.PostResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps every message the chat accepted (posts, updates, replies), with where it went, until it is
 * {@link #take taken}: for the replay, which prints each one as Slack shows it. A decorator of the
 * messenger that sends; it changes nothing of what is sent.
 */
final class SentMessages {
    private static final Pattern MEMBER_ID = Pattern.compile("^[UW][A-Z0-9]{2,}$");

    /**
     * One accepted message.
     *
     * @param how   {@code post}, {@code update} or {@code reply}
     * @param where where it went, for people: {@code DM U…}, {@code channel #builds}, {@code admin U…}
     */
    record Sent(String how, String where, Notification notification) {
    }

    private final List<Sent> sent = new ArrayList<>();
    /** Where each message landed was first sent, so that an update or a reply says it too. */
    private final Map<String, String> destinations = new ConcurrentHashMap<>();

    Messenger watching(Messenger messenger) {
        return new Messenger() {
            @Override
            public PostResult post(String destination, Notification notification, Deadline deadline) {
                PostResult result = messenger.post(destination, notification, deadline);
                String where = describe(destination, notification);
                accepted(result, "post", where, notification);
                return result;
            }

            @Override
            public PostResult update(MessageRef ref, Notification notification, Deadline deadline) {
                PostResult result = messenger.update(ref, notification, deadline);
                accepted(result, "update", known(ref), notification);
                return result;
            }

            @Override
            public PostResult reply(MessageRef parent, Notification notification, Deadline deadline) {
                PostResult result = messenger.reply(parent, notification, deadline);
                accepted(result, "reply", known(parent), notification);
                return result;
            }
        };
    }

    /** The messages accepted since the last call, in the order they were. */
    synchronized List<Sent> take() {
        List<Sent> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    private synchronized void accepted(PostResult result, String how, String where, Notification notification) {
        if (result instanceof PostResult.Posted posted) {
            posted.ref().ifPresent(ref -> destinations.putIfAbsent(ref.encoded(), where));
            sent.add(new Sent(how, where, notification));
        }
    }

    private String known(MessageRef ref) {
        return Optional.ofNullable(destinations.get(ref.encoded())).orElse("conversation " + ref.channel());
    }

    private static String describe(String destination, Notification notification) {
        if (notification.kind() == Notification.Kind.PERSON_NOT_FOUND) {
            return "admin " + destination;
        }
        return MEMBER_ID.matcher(destination).matches() ? "DM " + destination : "channel " + destination;
    }
}
