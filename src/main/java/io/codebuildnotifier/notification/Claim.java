package io.codebuildnotifier.notification;

import java.time.Instant;

/**
 * A claim on a notification, written with whatever the source records about it.
 * It succeeds when there is no marker, or the marker is an unfinished claim that is this
 * invocation's own or whose lease has run out.
 *
 * @param key        the notification
 * @param subject    what it is about, kept in the marker ({@code PROJECT:UUID} for a build)
 * @param owner      this invocation
 * @param now        the time the claim is made
 * @param leaseUntil when this invocation will have ended, one way or another
 * @param finished   true when nothing is to be sent: the marker is written as done
 * @param expiresAt  when the marker may be forgotten (the table's TTL)
 */
public record Claim(NotificationKey key, String subject, String owner, Instant now, Instant leaseUntil,
                    boolean finished, Instant expiresAt) {
}
