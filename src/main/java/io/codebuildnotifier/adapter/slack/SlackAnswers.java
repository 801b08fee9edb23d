package io.codebuildnotifier.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import com.slack.api.util.json.GsonFactory;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.interactions.Answer;
import io.codebuildnotifier.interactions.Dialog;
import io.codebuildnotifier.interactions.Home;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.MessageRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The interactions' answers, dialogs and homes in Slack's Block Kit, built with the SDK's model and written as Slack
 * reads them. Every text of ours or of a person is escaped ({@link Mrkdwn}), clipped to what its block holds, and
 * made one line; links are {@code http(s)} URLs only.
 *
 * <ul>
 *   <li>{@link #responseBody(Answer)}: the JSON posted to a {@code response_url}: {@code response_type}
 *       ({@code ephemeral}, or {@code in_channel} when visible to all), {@code replace_original}, a fallback
 *       {@code text} and the blocks: the title bold, the lines, the links, the buttons.</li>
 *   <li>A button's {@code action_id} is the {@link Answer.Button#actionId()}, its {@code value} the compact JSON of
 *       its args ({@link #buttonValue}, keys sorted, at most {@value BlockKit#BUTTON_VALUE} characters), read back
 *       by {@link SlackRequests#parse}.</li>
 *   <li>{@link #modal(Dialog)}: a modal whose {@code callback_id} is the dialog id and whose
 *       {@code private_metadata} ({@link #dialogMetadata}, at most {@value #MAX_PRIVATE_METADATA} characters) holds
 *       the dialog's args, the message it is about and where to answer, read back by {@link #readDialog}; one
 *       optional multi-line input whose block id and action id are {@link Actions#COMMENT_INPUT}.</li>
 *   <li>{@link #home(Home)}: the Home tab ({@code type: home}): each section a header and its lines.</li>
 * </ul>
 */
public final class SlackAnswers {
    /** Slack's limit on a view's private_metadata. */
    public static final int MAX_PRIVATE_METADATA = 3000;
    /** A view's blocks at most (a message's: {@link BlockKit#BLOCKS}). */
    static final int VIEW_BLOCKS = 100;
    static final int HEADER_TEXT = 150;
    static final int CONTEXT_TEXT = BlockKit.SECTION_TEXT;
    /** A modal's title, submit and close texts at most. */
    static final int VIEW_TITLE = 24;
    /** The longest comment the dialog takes (CodePipeline keeps 512 characters with the signature). */
    static final int COMMENT_MAX = 400;
    /** The top-level fallback text at most. */
    static final int FALLBACK_TEXT = 3000;
    /** One line of an answer at most, before escaping. */
    static final int LINE = 1000;

    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackAnswers() {
    }

    /** What a modal's private_metadata gives back: the dialog's args, the message it is about, where to answer. */
    public record DialogContext(Map<String, String> args, Optional<MessageRef> about, String replyTo) {
        public static final DialogContext NONE = new DialogContext(Map.of(), Optional.empty(), "");

        public DialogContext {
            args = Map.copyOf(args);
            about = about == null ? Optional.empty() : about;
            replyTo = replyTo == null ? "" : replyTo;
        }
    }

    // answers

    /** The JSON body to POST to a {@code response_url} for this answer. */
    public static String responseBody(Answer answer) {
        JsonObject body = new JsonObject();
        body.addProperty("response_type", answer.visibleToAll() ? "in_channel" : "ephemeral");
        body.addProperty("replace_original", answer.replaceOriginal());
        body.addProperty("text", text(answer));
        body.add("blocks", GSON.toJsonTree(blocks(answer)));
        return GSON.toJson(body);
    }

    /** The fallback text of an answer: its title, or else its first line; never empty. */
    static String text(Answer answer) {
        String first = !answer.title().isBlank() ? answer.title()
                : answer.lines().stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        String text = Mrkdwn.escape(fit(first, FALLBACK_TEXT - 100));
        return text.isBlank() ? "CodeBuild notifier" : text;
    }

    /** An answer's blocks: its title (bold), its lines (a section each 3,000 characters), its links, its buttons. */
    static List<LayoutBlock> blocks(Answer answer) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (!answer.title().isBlank()) {
            blocks.add(BlockKit.section("*" + Mrkdwn.escape(fit(answer.title(), HEADER_TEXT)) + "*"));
        }
        int room = BlockKit.BLOCKS - blocks.size() - (answer.links().isEmpty() ? 0 : 1)
                - (answer.buttons().isEmpty() ? 0 : 1 + (answer.buttons().size() - 1) / BlockKit.ACTIONS_ELEMENTS);
        blocks.addAll(lineSections(answer.lines().stream().map(SlackAnswers::line).toList(), Math.max(1, room)));
        String links = links(answer.links());
        if (!links.isEmpty()) {
            blocks.add(BlockKit.section(links));
        }
        List<BlockElement> buttons = answer.buttons().stream().<BlockElement>map(SlackAnswers::button).toList();
        for (int from = 0; from < buttons.size(); from += BlockKit.ACTIONS_ELEMENTS) {
            blocks.add(ActionsBlock.builder().elements(
                    buttons.subList(from, Math.min(buttons.size(), from + BlockKit.ACTIONS_ELEMENTS))).build());
        }
        if (blocks.isEmpty()) {
            blocks.add(BlockKit.section(text(answer)));
        }
        return blocks;
    }

    /** One line of a person's or our text, one line, escaped. */
    private static String line(String text) {
        return Mrkdwn.escape(fit(text, LINE));
    }

    /** Lines in as few sections as they fit (3,000 characters each), at most {@code max} sections. */
    private static List<LayoutBlock> lineSections(List<String> lines, int max) {
        List<LayoutBlock> sections = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            String shown = line.isEmpty() ? " " : line;
            if (text.length() > 0 && text.length() + 1 + shown.length() > BlockKit.SECTION_TEXT) {
                if (sections.size() == max - 1) {
                    break; // the last section ends with what fits
                }
                sections.add(BlockKit.section(text.toString()));
                text.setLength(0);
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(cut(shown, BlockKit.SECTION_TEXT));
        }
        if (!text.toString().isBlank()) {
            sections.add(BlockKit.section(text.toString()));
        }
        return sections;
    }

    private static String links(List<Answer.LinkedText> links) {
        List<String> shown = new ArrayList<>();
        int length = 0;
        for (Answer.LinkedText link : links) {
            if (!isWebUrl(link.url())) {
                continue;
            }
            String label = fit(link.label().isBlank() ? link.url() : link.label(), 200);
            String rendered = Mrkdwn.link(link.url(), label);
            if (length + rendered.length() + 3 > BlockKit.SECTION_TEXT) {
                break;
            }
            shown.add(rendered);
            length += rendered.length() + 3;
        }
        return String.join(" · ", shown);
    }

    /** Whether a URL may be linked: {@code http} or {@code https}, no space or control character, at most 3,000. */
    static boolean isWebUrl(String url) {
        return url != null && url.length() <= 3000 && (url.startsWith("https://") || url.startsWith("http://"))
                && url.chars().noneMatch(c -> c <= 0x20 || c == 0x7f);
    }

    private static ButtonElement button(Answer.Button button) {
        String label = fit(button.label().isBlank() ? button.actionId() : button.label(), BlockKit.BUTTON_TEXT);
        // the same three styles as a notification's buttons, by name
        return BlockKit.button(button.actionId(), label.isBlank() ? " " : label, buttonValue(button.args()),
                Notification.Action.Style.valueOf(button.style().name()));
    }

    /**
     * A button's value: the compact JSON object of its args, keys sorted.
     *
     * @throws PermanentFailure when it is longer than Slack takes ({@value BlockKit#BUTTON_VALUE} characters)
     */
    public static String buttonValue(Map<String, String> args) {
        String value = BlockKit.value(new TreeMap<>(args));
        if (value.length() > BlockKit.BUTTON_VALUE) {
            throw new PermanentFailure("a button's arguments take " + value.length() + " characters, Slack takes "
                    + BlockKit.BUTTON_VALUE);
        }
        return value;
    }

    // dialogs

    /** The modal of a dialog, as {@code views.open} takes it. */
    public static View modal(Dialog dialog) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (!dialog.prompt().isBlank()) {
            blocks.add(BlockKit.section(Mrkdwn.escape(fit(dialog.prompt(), BlockKit.SECTION_TEXT - 200))));
        }
        blocks.add(InputBlock.builder()
                .blockId(Actions.COMMENT_INPUT)
                .optional(true)
                .label(plain("Comment"))
                .element(PlainTextInputElement.builder().actionId(Actions.COMMENT_INPUT).multiline(true)
                        .maxLength(COMMENT_MAX).build())
                .build());
        return View.builder()
                .type("modal")
                .callbackId(dialog.dialogId())
                .title(ViewTitle.builder().type("plain_text")
                        .text(fit(dialog.title().isBlank() ? "CodeBuild" : dialog.title(), VIEW_TITLE))
                        .build())
                .submit(ViewSubmit.builder().type("plain_text")
                        .text(fit(dialog.submitLabel().isBlank() ? "Submit" : dialog.submitLabel(), VIEW_TITLE))
                        .build())
                .close(ViewClose.builder().type("plain_text").text("Cancel").build())
                .privateMetadata(dialogMetadata(dialog))
                .blocks(blocks)
                .build();
    }

    /** The modal as JSON, as Slack's {@code views.open} reads its {@code view}. */
    public static String modalJson(Dialog dialog) {
        return GSON.toJson(modal(dialog));
    }

    /**
     * A dialog's private_metadata: {@code {"args":{...},"about":"CHANNEL/TS","reply_to":"URL"}}, compact (the about
     * and reply_to left out when empty).
     *
     * @throws PermanentFailure when it would be longer than Slack keeps ({@value #MAX_PRIVATE_METADATA})
     */
    static String dialogMetadata(Dialog dialog) {
        ObjectNode metadata = JSON.createObjectNode();
        ObjectNode args = metadata.putObject("args");
        new TreeMap<>(dialog.args()).forEach(args::put);
        dialog.about().ifPresent(ref -> metadata.put("about", ref.encoded()));
        if (!dialog.replyTo().isEmpty()) {
            metadata.put("reply_to", dialog.replyTo());
        }
        String json = metadata.toString();
        if (json.length() > MAX_PRIVATE_METADATA) {
            throw new PermanentFailure("dialog " + dialog.dialogId() + " would carry " + json.length()
                    + " characters, Slack keeps " + MAX_PRIVATE_METADATA);
        }
        return json;
    }

    /** What a submitted modal's private_metadata carries back ({@link #dialogMetadata}); {@link DialogContext#NONE}
     * for anything else. */
    public static DialogContext readDialog(String privateMetadata) {
        JsonNode node = read(privateMetadata);
        if (!node.isObject()) {
            return DialogContext.NONE;
        }
        return new DialogContext(stringMap(node.path("args")),
                node.path("about").isTextual() ? MessageRef.decode(node.path("about").asText()) : Optional.empty(),
                node.path("reply_to").isTextual() ? node.path("reply_to").asText() : "");
    }

    // home

    /** A person's Home tab, as {@code views.publish} takes it: each section a header, its lines, a divider between. */
    public static View home(Home home) {
        List<LayoutBlock> blocks = new ArrayList<>();
        for (Home.Section section : home.sections()) {
            if (blocks.size() >= VIEW_BLOCKS - 3) {
                break;
            }
            if (!blocks.isEmpty()) {
                blocks.add(DividerBlock.builder().build());
            }
            if (!section.heading().isBlank()) {
                blocks.add(HeaderBlock.builder().text(plain(fit(section.heading(), HEADER_TEXT))).build());
            }
            List<String> lines = section.lines().stream().map(l -> isWebUrl(l.url())
                    ? Mrkdwn.link(l.url(), fit(l.text().isBlank() ? l.url() : l.text(), LINE))
                    : line(l.text())).toList();
            blocks.addAll(lineSections(lines, Math.max(1, VIEW_BLOCKS - blocks.size())));
        }
        if (blocks.isEmpty()) {
            blocks.add(BlockKit.section("Nothing to show yet."));
        }
        return View.builder().type("home").blocks(blocks).build();
    }

    /** The Home view as JSON, as Slack's {@code views.publish} reads its {@code view}. */
    public static String homeJson(Home home) {
        return GSON.toJson(home(home));
    }

    // amending a message

    /** A context block with a note, escaped, and its link, for the end of an amended message. */
    static LayoutBlock note(Optional<String> by, String text, Optional<Answer.LinkedText> link) {
        String shown = Mrkdwn.escape(fit(text, CONTEXT_TEXT - 400));
        // who did it, as Slack names people: a mention of a member id (nothing else is made one)
        if (by.isPresent() && by.get().matches("[UW][A-Z0-9]{2,40}")) {
            shown = "<@" + by.get() + ">" + (shown.isBlank() ? "" : " " + shown);
        }
        if (link.isPresent() && isWebUrl(link.get().url())) {
            String label = fit(link.get().label().isBlank() ? link.get().url() : link.get().label(), 200);
            shown = (shown.isBlank() ? "" : shown + " · ") + Mrkdwn.link(link.get().url(), label);
        }
        return ContextBlock.builder().elements(List.of(MarkdownTextObject.builder()
                .text(shown.isBlank() ? " " : shown).build())).build();
    }

    /** A block as Slack's JSON. */
    static String json(Object blocksOrView) {
        return GSON.toJson(blocksOrView);
    }

    // helpers

    /** Text made one line ({@link Mrkdwn#neutralise}, stripped), then {@linkplain BlockKit#clip clipped}. */
    private static String fit(String text, int max) {
        return BlockKit.clip(Mrkdwn.neutralise(text == null ? "" : text).strip(), max);
    }

    /** Escaped text cut to {@code max} characters, never inside an escape. */
    private static String cut(String escaped, int max) {
        if (escaped.length() <= max) {
            return escaped;
        }
        int end = max;
        int amp = escaped.lastIndexOf('&', end - 1);
        if (amp >= 0 && escaped.indexOf(';', amp) >= end) {
            end = amp;
        }
        if (end > 0 && Character.isHighSurrogate(escaped.charAt(end - 1))) {
            end--;
        }
        return escaped.substring(0, end);
    }

    private static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text.isBlank() ? " " : text).emoji(true).build();
    }

    private static JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            return JSON.missingNode();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(f -> {
                if (f.getValue().isTextual()) {
                    map.put(f.getKey(), f.getValue().asText());
                }
            });
        }
        return map;
    }
}
