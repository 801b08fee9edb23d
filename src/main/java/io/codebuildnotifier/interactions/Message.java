package io.codebuildnotifier.interactions;

import io.codebuildnotifier.notification.MessageRef;
import java.util.Objects;

/**
 * One of our messages as the chat showed it when clicked: where it is, and what the chat adapter needs to change
 * it ({@code opaque}, the adapter's own form of the message; the core never reads it).
 */
public record Message(MessageRef ref, String opaque) {
    public Message {
        Objects.requireNonNull(ref, "ref");
        opaque = opaque == null ? "" : opaque;
    }
}
