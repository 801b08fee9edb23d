package io.codebuildnotifier.message;

import java.util.Optional;

/**
 * Sends messages. Implementations throw {@link io.codebuildnotifier.failure.TransientFailure}
 * when the chat service is down or throttling, and
 * {@link io.codebuildnotifier.failure.MisconfigurationFailure} when the token is not valid.
 */
public interface Messenger {

    /** @return empty when delivered, else the error (such as {@code channel_not_found}) */
    Optional<String> post(String channel, BuildMessage message);

    /** A plain-text notice (to an admin). */
    Optional<String> postText(String channel, String mrkdwnText);
}
