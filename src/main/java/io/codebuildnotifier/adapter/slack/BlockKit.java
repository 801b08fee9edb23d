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
        List<BlockElement> elements = new ArrayList<>();
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
        return elements.isEmpty() ? List.of() : List.of(ActionsBlock.builder().elements(elements).build());
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
        LayoutBlock last = details.getLast();
        boolean keepButtons = last instanceof ActionsBlock;
        List<LayoutBlock> kept = new ArrayList<>(details.subList(0, room - (keepButtons ? 2 : 1)));
        kept.add(context(List.of("\u2026 more than one message can show")));
        if (keepButtons) {
            kept.add(last);
        }
        return kept;
    }
}
