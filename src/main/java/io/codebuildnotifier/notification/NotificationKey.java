package io.codebuildnotifier.notification;

import java.util.Objects;

/**
 * Names one notification, so that it is claimed, delivered and remembered exactly once.
 *
 * @param value {@code SOURCE:ID}; a build's is {@code build:PROJECT:UUID} (the key its marker has
 *              always had in the history table)
 */
public record NotificationKey(String value) {
    public NotificationKey {
        Objects.requireNonNull(value, "value");
        if (value.indexOf(':') <= 0) {
            throw new IllegalArgumentException("a notification key is SOURCE:ID");
        }
    }

    public static NotificationKey build(String buildId) {
        return new NotificationKey("build:" + buildId);
    }

    @Override
    public String toString() {
        return value;
    }
}
