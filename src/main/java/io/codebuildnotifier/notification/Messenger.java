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
}
