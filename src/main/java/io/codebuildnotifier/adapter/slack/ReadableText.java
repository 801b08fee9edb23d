package io.codebuildnotifier.adapter.slack;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import com.slack.api.model.Attachment;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.util.json.GsonFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Slack shows of a message, as plain text: its blocks in order (an attachment's behind a
 * {@code ┃} bar), links by their label, mentions as {@code @U…}, buttons as {@code [View build]}, our
 * icons as the emoji Slack draws, escapes undone. The top-level text is shown only when the message
 * has no blocks of its own: otherwise Slack keeps it for notifications.
 */
final class ReadableText {
    private static final Pattern ANGLE = Pattern.compile("<([^<>|]*)(?:\\|([^<>]*))?>");
    private static final Pattern EMOJI = Pattern.compile(":([a-z0-9_+-]+):");
    private static final Map<String, String> EMOJI_SHOWN = Map.of("green_heart", "💚", "broken_heart", "💔",
            "hourglass", "⌛", "hourglass_flowing_sand", "⏳", "warning", "⚠️", "white_check_mark", "✅", "x", "❌",
            "new", "🆕");
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final String BAR = "┃ ";

    private ReadableText() {
    }

    static String of(SlackMessage message) {
        return of(message.text(), message.headline(), List.of(Attachment.builder().color(message.color())
                .blocks(message.details()).build()));
    }

    static String of(String text, String blocksJson, String attachmentsJson) {
        List<LayoutBlock> blocks = blocksJson == null || blocksJson.isBlank() ? List.of()
                : GSON.fromJson(blocksJson, new TypeToken<List<LayoutBlock>>() { }.getType());
        List<Attachment> attachments = attachmentsJson == null || attachmentsJson.isBlank() ? List.of()
                : GSON.fromJson(attachmentsJson, new TypeToken<List<Attachment>>() { }.getType());
        return of(text, blocks == null ? List.of() : blocks, attachments == null ? List.of() : attachments);
    }

    private static String of(String text, List<LayoutBlock> blocks, List<Attachment> attachments) {
        List<String> lines = new ArrayList<>();
        if (blocks.isEmpty() && text != null && !text.isBlank()) {
            lines.addAll(shown(text).lines().toList());
        }
        blocks.forEach(block -> lines.addAll(lines(block)));
        for (Attachment attachment : attachments) {
            List<String> inside = new ArrayList<>();
            if (attachment.getBlocks() != null && !attachment.getBlocks().isEmpty()) {
                attachment.getBlocks().forEach(block -> inside.addAll(lines(block)));
            } else if (attachment.getText() != null) {
                inside.addAll(shown(attachment.getText()).lines().toList());
            }
            inside.forEach(line -> lines.add(BAR + line));
        }
        return String.join("\n", lines);
    }

    private static List<String> lines(LayoutBlock block) {
        List<String> lines = new ArrayList<>();
        switch (block) {
            case SectionBlock section -> {
                if (section.getText() != null) {
                    lines.addAll(shown(section.getText()).lines().toList());
                }
                if (section.getFields() != null) {
                    section.getFields().forEach(field -> lines.addAll(shown(field).lines().toList()));
                }
            }
            case ContextBlock context -> {
                List<String> parts = new ArrayList<>();
                for (ContextBlockElement element : context.getElements()) {
                    if (element instanceof TextObject textObject) {
                        parts.add(shown(textObject));
                    }
                }
                lines.add(String.join("  ", parts));
            }
            case ActionsBlock actions -> {
                List<String> buttons = new ArrayList<>();
                for (BlockElement element : actions.getElements()) {
                    if (element instanceof com.slack.api.model.block.element.UsersSelectElement picker) {
                        buttons.add("[" + (picker.getPlaceholder() == null ? "Pick a person"
                                : picker.getPlaceholder().getText()) + " \u25be]");
                    }
                    if (element instanceof ButtonElement button && button.getText() != null) {
                        buttons.add("[" + button.getText().getText() + "]");
                    }
                }
                lines.add(String.join(" ", buttons));
            }
            case HeaderBlock header -> lines.add(header.getText() == null ? "" : header.getText().getText());
            case DividerBlock divider -> lines.add("────────");
            default -> lines.add("(" + block.getType() + " block)");
        }
        return lines;
    }

    private static String shown(TextObject text) {
        return text instanceof com.slack.api.model.block.composition.PlainTextObject ? text.getText()
                : shown(text.getText());
    }

    /** Mrkdwn as Slack shows it, less the formatting marks it keeps ({@code *bold*} stays). */
    static String shown(String mrkdwn) {
        if (mrkdwn == null) {
            return "";
        }
        Matcher angle = ANGLE.matcher(mrkdwn);
        StringBuilder out = new StringBuilder();
        while (angle.find()) {
            String target = angle.group(1);
            String label = angle.group(2);
            String replacement;
            if (target.startsWith("@") || target.startsWith("#")) {
                replacement = label != null && !label.isEmpty() ? target.charAt(0) + label : target;
            } else if (target.startsWith("!")) {
                replacement = label != null && !label.isEmpty() ? label : "@" + target.substring(1);
            } else {
                replacement = label != null && !label.isEmpty() ? label : target;
            }
            angle.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        angle.appendTail(out);
        Matcher emoji = EMOJI.matcher(out.toString());
        StringBuilder drawn = new StringBuilder();
        while (emoji.find()) {
            emoji.appendReplacement(drawn, Matcher.quoteReplacement(EMOJI_SHOWN.getOrDefault(emoji.group(1),
                    emoji.group())));
        }
        emoji.appendTail(drawn);
        return drawn.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
