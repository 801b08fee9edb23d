package io.codebuildnotifier.notification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One message owed: what the notifier hands to the delivery queue and the sender posts.
 *
 * @param key          the notification it belongs to (its marker notes the delivery)
 * @param target       which of the notification's messages ({@code dm:U…}, {@code channel:…},
 *                     {@code admin:U…:email})
 * @param destination  where the chat posts it (a member id or a channel); the queue's pacing group
 * @param role         why this destination gets it
 * @param about        the email or setting that led to the destination
 * @param revision     1, or the number of a rollup's update: a higher one replaces a lower one in place
 * @param notification what to say
 */
public record Outgoing(NotificationKey key, String target, String destination, Delivery.Role role, String about,
                       long revision, Notification notification) {
    public Outgoing {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(notification, "notification");
        about = about == null ? "" : about;
        if (revision < 1) {
            throw new IllegalArgumentException("a revision counts from 1");
        }
    }

    /** Names this message exactly (its notification, target and revision): 64 hex digits. */
    public String deliveryKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((key.value() + "\n" + target + "\n" + revision)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return role + " " + destination + " " + key + " r" + revision;
    }
}
