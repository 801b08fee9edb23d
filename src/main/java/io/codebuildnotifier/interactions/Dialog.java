package io.codebuildnotifier.interactions;

import io.codebuildnotifier.notification.MessageRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A short dialog (Slack: a modal) with one optional multi-line text input, {@link Actions#COMMENT_INPUT}. Its
 * {@code args}, {@code about} and {@code replyTo} come back with its {@link Request.Submission}.
 */
public record Dialog(String dialogId, String title, String prompt, String submitLabel, Map<String, String> args,
                     Optional<MessageRef> about, String replyTo) {
    public Dialog {
        Objects.requireNonNull(dialogId, "dialogId");
        title = title == null ? "" : title;
        prompt = prompt == null ? "" : prompt;
        submitLabel = submitLabel == null ? "" : submitLabel;
        args = Map.copyOf(args);
        about = about == null ? Optional.empty() : about;
        replyTo = replyTo == null ? "" : replyTo;
    }
}
