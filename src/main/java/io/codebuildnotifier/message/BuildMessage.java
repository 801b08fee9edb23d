package io.codebuildnotifier.message;

/**
 * A rendered build notification, free of any chat API's types.
 *
 * @param fallback plain one-line text for notifications and clients without attachments
 * @param color    {@code good} or {@code danger}
 * @param text     the body, Slack mrkdwn, every piece of user text escaped
 */
public record BuildMessage(String fallback, String color, String text) { }
