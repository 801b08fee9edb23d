package io.codebuildnotifier.adapter.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import io.codebuildnotifier.notification.Notification;
import java.util.ArrayList;
import java.util.List;

/**
 * Block Kit's limits, in one place, and the few blocks our messages are made of, built so that they
 * hold: a text too long for one section is spread over several (whole lines or items, so that no escape
 * or link is ever cut), a message never has more blocks than Slack takes.
 */
final class BlockKit {
    /** The text of a section (and of any text object). */
    static final int SECTION_TEXT = 3000;
    /** The text of a button. */
    static final int BUTTON_TEXT = 75;
    /** A button's URL. */
    static final int URL = 3000;
    /** The elements of a context block. */
    static final int CONTEXT_ELEMENTS = 10;
    /** The elements of an actions block. */
    static final int ACTIONS_ELEMENTS = 25;
    /** The blocks of a message, its attachments' blocks included. */
    static final int BLOCKS = 50;
    /** The top-level text: Slack truncates longer ones (and shows a notification's first lines only). */
    static final int MESSAGE_TEXT = 4000;
    /** A button's value. */
    static final int BUTTON_VALUE = 2000;
    /** An {@code action_id} or a {@code block_id}. */
    static final int ID = 255;
    /** A select menu's placeholder. */
    static final int PLACEHOLDER = 150;

    /** Compact JSON, {@code <} and {@code &} as they are (Slack hands the value back as sent). */
    private static final com.google.gson.Gson JSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private BlockKit() {
    }

    /** A link button. */
    record Button(String label, String url) {
    }

    /**
     * Pieces of mrkdwn (each one escaped whole: a line, a project's link) as section texts of at most
     * {@link #SECTION_TEXT} characters, as few as hold them, each piece whole and in order, joined by
     * {@code separator} within a section. A piece that could not fit even alone (none of ours can) becomes
     * an ellipsis rather than be cut.
     */
    static List<String> pack(List<String> pieces, String separator) {
        List<String> texts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String raw : pieces) {
            String piece = raw.length() > SECTION_TEXT ? "\u2026" : raw;
            if (piece.isEmpty()) {
                continue;
            }
            if (!text.isEmpty() && text.length() + separator.length() + piece.length() > SECTION_TEXT) {
                texts.add(text.toString());
                text.setLength(0);
            }
            text.append(text.isEmpty() ? "" : separator).append(piece);
        }
        if (!text.isEmpty()) {
            texts.add(text.toString());
        }
        return texts;
    }

    /** Lines of mrkdwn as sections: one when they fit, more when not (see {@link #pack}). */
    static List<LayoutBlock> sections(List<String> lines) {
        return pack(lines, "\n").stream().<LayoutBlock>map(BlockKit::section).toList();
    }

    static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(MarkdownTextObject.builder().text(mrkdwn).build()).build();
    }

    /** Small grey text, one element per piece (at most {@link #CONTEXT_ELEMENTS}, each within the text limit). */
    static ContextBlock context(List<String> mrkdwn) {
        List<ContextBlockElement> elements = new ArrayList<>();
        for (String text : pack(mrkdwn, "  ")) {
            if (elements.size() == CONTEXT_ELEMENTS) {
                break;
            }
            elements.add(MarkdownTextObject.builder().text(text).build());
        }
        return ContextBlock.builder().elements(elements).build();
    }

    /** Link buttons; one whose URL Slack would refuse is left out. Empty when none is left. */
    static List<LayoutBlock> buttons(List<Button> buttons) {
        return buttons(List.of(), buttons);
    }

    /**
     * Arguments as a button's {@code value} (or a picker's {@code block_id}): a compact JSON object, keys in the
     * map's order. Whether it fits ({@link #BUTTON_VALUE}, {@link #ID}) is the caller's to decide.
     */
    static String value(java.util.Map<String, String> args) {
        return JSON.toJson(args);
    }

    /**
     * A button that sends {@code actionId} with {@code valueJson} (see {@link #value}) when clicked; its label as
     * given (clipped by the caller to {@link #BUTTON_TEXT}); Approve-like ones primary, Reject-like ones danger.
     */
    static ButtonElement button(String actionId, String label, String valueJson, Notification.Action.Style style) {
        ButtonElement.ButtonElementBuilder button = ButtonElement.builder()
                .text(PlainTextObject.builder().text(label).emoji(true).build())
                .actionId(actionId).value(valueJson);
        switch (style) {
            case PRIMARY -> button.style("primary");
            case DANGER -> button.style("danger");
            case DEFAULT -> { }
        }
        return button.build();
    }

    /**
     * A notification's buttons first ({@code action_id} = the action's id, {@code value} = its arguments as compact
     * JSON; Approve-like ones primary, Reject-like ones danger), then the link buttons, in one actions block; each
     * member picker in an actions block of its own whose {@code block_id} is its arguments as compact JSON (a
     * {@code users_select} has no value; the click names the block). An action whose arguments do not fit, or whose
     * id is already used in the message, is left out. Empty when nothing is left.
     */
    static List<LayoutBlock> buttons(List<Notification.Action> actions, List<Button> buttons) {
        List<BlockElement> elements = new ArrayList<>();
        List<LayoutBlock> pickers = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Notification.Action action : actions) {
            String value = value(action.args());
            if (action.id().isEmpty() || action.id().length() > ID || !ids.add(action.id())) {
                continue;
            }
            switch (action.kind()) {
                case BUTTON -> {
                    if (value.length() > BUTTON_VALUE || elements.size() == ACTIONS_ELEMENTS) {
                        continue;
                    }
                    elements.add(button(action.id(), clip(action.label(), BUTTON_TEXT), value, action.style()));
                }
                case USER_PICKER -> {
                    if (value.length() > ID) {
                        continue;
                    }
                    pickers.add(ActionsBlock.builder().blockId(value).elements(List.of(
                            com.slack.api.model.block.element.UsersSelectElement.builder().actionId(action.id())
                                    .placeholder(PlainTextObject.builder().text(clip(action.label(), PLACEHOLDER))
                                            .emoji(true).build()).build())).build());
                }
            }
        }
        for (Button button : buttons) {
            if (button.url().isEmpty() || button.url().length() > URL || !button.url().startsWith("https://")
                    || elements.size() == ACTIONS_ELEMENTS) {
                continue;
            }
            String label = button.label().length() > BUTTON_TEXT ? button.label().substring(0, BUTTON_TEXT - 1)
                    + "\u2026" : button.label();
            elements.add(ButtonElement.builder().text(PlainTextObject.builder().text(label).emoji(true).build())
                    .actionId("link-" + elements.size()).url(button.url()).build());
        }
        List<LayoutBlock> blocks = new ArrayList<>(pickers);
        if (!elements.isEmpty()) {
            blocks.add(ActionsBlock.builder().elements(elements).build());
        }
        return blocks;
    }

    /** Plain text within {@code max} characters, an ellipsis for what is cut (never half a surrogate pair). */
    static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }

    /**
     * The blocks of a message within {@link #BLOCKS} ({@code headline} counted): what does not fit is
     * replaced by a last context block saying so, keeping the link buttons when there are some.
     */
    static List<LayoutBlock> capped(List<LayoutBlock> headline, List<LayoutBlock> details) {
        int room = BLOCKS - headline.size();
        if (details.size() <= room) {
            return details;
        }
        // the buttons (and pickers) at the end are kept: they are what the message is for
        int trailing = 0;
        while (trailing < details.size() && trailing < 2
                && details.get(details.size() - 1 - trailing) instanceof ActionsBlock) {
            trailing++;
        }
        List<LayoutBlock> kept = new ArrayList<>(details.subList(0, room - trailing - 1));
        kept.add(context(List.of("\u2026 more than one message can show")));
        kept.addAll(details.subList(details.size() - trailing, details.size()));
        return kept;
    }
}
