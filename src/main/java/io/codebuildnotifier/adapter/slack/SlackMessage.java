package io.codebuildnotifier.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import io.codebuildnotifier.notification.Notification;
import java.util.List;
import java.util.Objects;

/**
 * A notification as Slack gets it, whatever its kind: every piece of user text escaped and clipped, and
 * within Block Kit's limits ({@link BlockKit}).
 *
 * <p>Slack shows a message's blocks, and its {@code text} only where blocks cannot be shown (push
 * notifications, screen readers' summaries): so the headline is a block of the message itself, and the
 * details are blocks in a legacy attachment, for its coloured bar.
 *
 * @param text     the top-level text: one plain line, the fallback
 * @param headline the message's own blocks (the status line)
 * @param color    the attachment's bar: {@code good}, {@code warning} or {@code danger}
 * @param details  the attachment's blocks
 * @param metadata the notification for machines, passed through; {@link Notification.Metadata#NONE} for none
 */
record SlackMessage(String text, List<LayoutBlock> headline, String color, List<LayoutBlock> details,
                    Notification.Metadata metadata) {
    SlackMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(color, "color");
        headline = List.copyOf(headline);
        details = List.copyOf(details);
        metadata = metadata == null ? Notification.Metadata.NONE : metadata;
    }
}
