package io.codebuildnotifier.notification;

import java.util.Optional;

/**
 * One message sent, or not.
 *
 * @param role   why this target got it
 * @param target who or where (a member id, a channel)
 * @param about  the email or setting that led to the target
 * @param error  empty when delivered; the chat's error otherwise
 * @param ref    where the message landed, when it did
 * @param queued true when it was handed to the delivery queue, not (yet) sent
 */
public record Delivery(Role role, String target, String about, String error, Optional<MessageRef> ref,
                       boolean queued) {
    public enum Role { DIRECT_MESSAGE, CHANNEL, ADMIN_NOTICE }

    public Delivery {
        error = error == null ? "" : error;
        ref = ref == null ? Optional.empty() : ref;
    }

    public Delivery(Role role, String target, String about, String error, Optional<MessageRef> ref) {
        this(role, target, about, error, ref, false);
    }

    /** A message handed to the delivery queue. */
    public static Delivery queued(Outgoing message) {
        return new Delivery(message.role(), message.destination(), message.about(), "", Optional.empty(), true);
    }

    /** A message that was never sent: nobody to send it to. */
    public static Delivery undeliverable(Role role, String target, String about, String why) {
        return new Delivery(role, target, about, why, Optional.empty());
    }

    static Delivery of(Role role, String target, String about, PostResult result) {
        return switch (result) {
            case PostResult.Posted posted -> new Delivery(role, target, about, "", posted.ref());
            case PostResult.Failed failed -> new Delivery(role, target, about, failed.reason(), Optional.empty());
        };
    }

    public boolean delivered() {
        return error.isEmpty();
    }

    @Override
    public String toString() {
        String who = switch (role) {
            case DIRECT_MESSAGE -> "DM " + target + " (" + about + ")";
            case CHANNEL -> "channel " + target;
            case ADMIN_NOTICE -> "admin " + target + " (about " + about + ")";
        };
        return queued ? who + " queued" : delivered() ? who : who + " failed: " + error;
    }
}
