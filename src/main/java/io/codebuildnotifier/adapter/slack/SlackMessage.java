package io.codebuildnotifier.adapter.slack;

/** A notification as Slack shows it: every piece of user text escaped and clipped. */
sealed interface SlackMessage {

    /** The plain text of the message (notifications, clients without attachments). */
    String text();

    /**
     * A legacy attachment with a coloured bar.
     *
     * @param text     the top-level text: plain one line, for notifications
     * @param color    {@code good} or {@code danger}
     * @param body     the attachment's text, mrkdwn
     */
    record Attachment(String text, String color, String body) implements SlackMessage {
    }

    /** A plain mrkdwn message. */
    record Text(String text) implements SlackMessage {
    }
}
