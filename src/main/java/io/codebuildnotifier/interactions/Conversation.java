package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import java.util.List;

/**
 * The chat, as the interactions answer through it (port). Each call is one request to the chat; a transient failure
 * throws {@code TransientFailure} (the work is retried), a permanent one {@code PermanentFailure}.
 */
public interface Conversation {

    /** Answers the asker through {@code replyTo} (Slack: POST to the {@code response_url}). */
    void answer(String replyTo, Answer answer, Deadline deadline);

    /**
     * Changes one of our messages as it was clicked: drops its actions (buttons, menus) and adds a note (plain
     * text and an optional link) at its end. Slack: {@code chat.update} with the message's blocks.
     */
    void amend(Message message, Note note, Deadline deadline);

    /** Opens a dialog; must be called within a few seconds of the request (Slack: {@code views.open}). */
    void open(String dialogTrigger, Dialog dialog, Deadline deadline);

    /** Shows a person their home (Slack: {@code views.publish} of the Home tab). */
    void showHome(String chatId, Home home, Deadline deadline);

    /** The member ids in a user group, by its handle without the {@code @} (Slack: {@code usergroups.users.list}). */
    List<String> membersOf(String groupHandle, Deadline deadline);

    /** A member's email address, empty if the chat does not say (Slack: {@code users.info}). */
    java.util.Optional<String> emailOf(String chatId, Deadline deadline);

    /**
     * A note added to a message: who did what, and where to look ("@Jane retried this build · build #12").
     *
     * @param by   the chat id of who did it, shown first as the chat names people (a mention); empty for nobody
     * @param text what was done, plain text
     */
    record Note(java.util.Optional<String> by, String text, java.util.Optional<Answer.LinkedText> link) {
        public Note(String text, java.util.Optional<Answer.LinkedText> link) {
            this(java.util.Optional.empty(), text, link);
        }

        public Note {
            by = by == null ? java.util.Optional.empty() : by;
            text = text == null ? "" : text;
            link = link == null ? java.util.Optional.empty() : link;
        }
    }
}
