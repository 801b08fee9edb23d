package io.codebuildnotifier.interactions;

import io.codebuildnotifier.notification.MessageRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request from the chat, read by the chat adapter from a request whose signature it has verified. Chat-neutral:
 * the adapter maps its own payloads (Slack's {@code block_actions}, {@code view_submission}, slash commands,
 * Events API) onto these, and nothing here is markup.
 */
public sealed interface Request permits Request.Click, Request.Submission, Request.Command, Request.HomeOpened {

    /**
     * The same for every delivery of one request (the chat's retries), different for each new request: a double
     * click is two requests. Slack: the {@code trigger_id} (for events, the {@code event_id}).
     */
    String requestId();

    Actor actor();

    /**
     * A button or menu on one of our messages.
     *
     * @param actionId which action ({@link Actions}); the adapter gives the id the message carried
     * @param args     the action's arguments, as the message carried them ({@code Notification.Action#args})
     * @param message  the message clicked on, when it is one the chat can change (not an ephemeral answer)
     * @param picked   what was chosen in a menu (a member id for a user picker); empty for a button
     * @param replyTo  where answers to the clicker go (Slack's {@code response_url}); empty when there is none
     * @param dialogTrigger what a dialog may be opened with, for a few seconds (Slack's {@code trigger_id})
     */
    record Click(String requestId, Actor actor, String actionId, Map<String, String> args, Optional<Message> message,
                 Optional<String> picked, String replyTo, String dialogTrigger) implements Request {
        public Click {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(actionId, "actionId");
            args = Map.copyOf(args);
            message = message == null ? Optional.empty() : message;
            picked = picked == null ? Optional.empty() : picked;
            replyTo = replyTo == null ? "" : replyTo;
            dialogTrigger = dialogTrigger == null ? "" : dialogTrigger;
        }
    }

    /**
     * A dialog ({@link Dialog}) submitted.
     *
     * @param dialogId which dialog
     * @param args     the dialog's own arguments, as it was opened with them
     * @param inputs   what the person entered, by input id
     * @param about    the message the dialog was opened from, if any
     * @param replyTo  where answers go (the {@code response_url} of the click that opened it); may be empty
     */
    record Submission(String requestId, Actor actor, String dialogId, Map<String, String> args,
                      Map<String, String> inputs, Optional<MessageRef> about, String replyTo) implements Request {
        public Submission {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(dialogId, "dialogId");
            args = Map.copyOf(args);
            inputs = Map.copyOf(inputs);
            about = about == null ? Optional.empty() : about;
            replyTo = replyTo == null ? "" : replyTo;
        }
    }

    /**
     * A slash command: {@code /codebuild status web}. Any command name is accepted.
     *
     * @param command the command's name as typed ({@code /codebuild}), for help texts
     * @param text    what follows it, as typed
     * @param replyTo where answers go (Slack's {@code response_url})
     */
    record Command(String requestId, Actor actor, String command, String text, String replyTo) implements Request {
        public Command {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(actor, "actor");
            command = command == null || command.isBlank() ? "/codebuild" : command;
            text = text == null ? "" : text.trim();
            replyTo = replyTo == null ? "" : replyTo;
        }
    }

    /** The person opened the app's home (Slack's {@code app_home_opened}, Home tab). */
    record HomeOpened(String requestId, Actor actor) implements Request {
        public HomeOpened {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(actor, "actor");
        }
    }
}
