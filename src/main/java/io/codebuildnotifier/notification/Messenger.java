package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;

/**
 * Sends notifications. Implementations throw {@link io.codebuildnotifier.kernel.TransientFailure}
 * when the chat service is down or throttling, and
 * {@link io.codebuildnotifier.kernel.MisconfigurationFailure} when the token is not valid.
 */
public interface Messenger {

    /**
     * @param destination a member id (a direct message) or a channel
     */
    PostResult post(String destination, Notification notification, Deadline deadline);

    /**
     * Replaces a message sent earlier with this notification, in place (a rollup that gained a
     * project). a {@link PostResult.Failed#gone() gone} {@code Failed} when the message is gone; the caller then posts anew.
     */
    PostResult update(MessageRef ref, Notification notification, Deadline deadline);

    /**
     * Posts a reply in the thread of {@code parent}, also shown in the conversation itself (a later
     * notification about the same PR or branch). a {@link PostResult.Failed#gone() gone} {@code Failed} when the parent
     * is gone; the caller then posts anew.
     */
    PostResult reply(MessageRef parent, Notification notification, Deadline deadline);
}
