package io.codebuildnotifier.interactions;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What we say back, chat-neutral: plain text in sections (the adapter escapes and lays it out), links, and the
 * buttons offered. Told to the asker only unless {@link #visibleToAll}.
 *
 * @param title    one plain line; may be empty
 * @param lines    plain lines, in order
 * @param links    label to URL, in order
 * @param buttons  actions offered with the answer (a deploy's confirmation)
 * @param replaceOriginal for an answer to a click: replace the message clicked on (an ephemeral confirmation)
 */
public record Answer(String title, List<String> lines, List<LinkedText> links, List<Button> buttons,
                     boolean visibleToAll, boolean replaceOriginal) {

    public record LinkedText(String label, String url) {
        public LinkedText {
            label = label == null ? "" : label;
            Objects.requireNonNull(url, "url");
        }
    }

    /** A button: an action id ({@link Actions}), its label, its arguments, and whether it is the primary or a
     * dangerous one. */
    public record Button(String actionId, String label, Map<String, String> args, Style style) {
        public enum Style { DEFAULT, PRIMARY, DANGER }

        public Button {
            Objects.requireNonNull(actionId, "actionId");
            label = label == null ? "" : label;
            args = Map.copyOf(args);
            style = style == null ? Style.DEFAULT : style;
        }
    }

    public Answer {
        title = title == null ? "" : title;
        lines = List.copyOf(lines);
        links = List.copyOf(links);
        buttons = List.copyOf(buttons);
    }

    /** A private answer of plain lines. */
    public static Answer of(String... lines) {
        return new Answer("", List.of(lines), List.of(), List.of(), false, false);
    }
}
