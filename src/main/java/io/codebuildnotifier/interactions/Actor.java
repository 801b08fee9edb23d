package io.codebuildnotifier.interactions;

import java.util.Objects;

/**
 * Who asks: the chat's member id (Slack's {@code U…}) and the name the chat gave with the request. The id is
 * what permissions are checked by; the name is only shown and logged.
 */
public record Actor(String chatId, String name) {
    public Actor {
        Objects.requireNonNull(chatId, "chatId");
        name = name == null ? "" : name;
    }
}
