package io.codebuildnotifier.notification;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a message landed: enough to reply in its thread, update it or find it again.
 *
 * @param channel the conversation's id (a DM's channel id, not the member's id)
 * @param ts      the message's timestamp id in that conversation
 */
public record MessageRef(String channel, String ts) {
    public MessageRef {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(ts, "ts");
    }

    /** {@code CHANNEL/TS}, as kept in a delivery note. */
    public String encoded() {
        return channel + "/" + ts;
    }

    public static Optional<MessageRef> decode(String value) {
        int slash = value == null ? -1 : value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new MessageRef(value.substring(0, slash), value.substring(slash + 1)));
    }
}
