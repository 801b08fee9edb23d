package io.codebuildnotifier.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;
import io.codebuildnotifier.sandbox.BlockKitRules;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Slack message as it goes over the wire (the JSON of its fields, as the Slack client sends them),
 * and what tests read of it: every text object's text in order, the buttons, the Block Kit problems.
 *
 * @param text            the top-level text
 * @param blocksJson      the message's own blocks, {@code null} for none
 * @param attachmentsJson its attachments, {@code null} for none
 * @param metadataJson    its metadata ({@code event_type}, {@code event_payload}), {@code null} for none
 */
public record SlackWire(String text, String blocksJson, String attachmentsJson, String metadataJson) {
    private static final Gson GSON = GsonFactory.createSnakeCase();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link SlackWorkspace} sends for this message. */
    static SlackWire of(SlackMessage message) {
        return new SlackWire(message.text(), GSON.toJson(message.headline()),
                GSON.toJson(List.of(SlackWorkspace.attachment(message))),
                SlackMessages.metadata(message).map(GSON::toJson).orElse(null));
    }

    public static SlackWire of(Sandbox.SlackPost post) {
        return new SlackWire(post.text(), post.blocksJson(), post.attachmentsJson(), post.metadataJson());
    }

    public static SlackWire of(Sandbox.SlackContent content) {
        return new SlackWire(content.text(), content.blocksJson(), content.attachmentsJson(), content.metadataJson());
    }

    /**
     * Every text the message shows, in order: its blocks' texts (a section's text and fields, a context's
     * elements, a header's), then each attachment's text (legacy) and its blocks' texts; buttons not included.
     */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        eachBlock(block -> blockTexts(block, texts), a -> {
            if (a.path("text").isTextual()) {
                texts.add(a.path("text").asText());
            }
        });
        return texts;
    }

    /** {@link #texts} joined by newlines: the mrkdwn a reader sees, less the buttons. */
    public String shown() {
        return String.join("\n", texts());
    }

    /** The buttons, as {@code label -> url}. */
    public List<String[]> buttons() {
        List<String[]> buttons = new ArrayList<>();
        eachBlock(block -> block.path("elements").forEach(e -> {
            if (e.path("type").asText().equals("button")) {
                buttons.add(new String[]{e.path("text").path("text").asText(), e.path("url").asText()});
            }
        }), a -> { });
        return buttons;
    }

    /** The metadata sent, or a missing node. */
    public JsonNode metadata() {
        return read(metadataJson);
    }

    /** How the message breaks Block Kit's rules or our promises (a text of at most 4,000, every attachment a fallback). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>(BlockKitRules.problems(blocksJson, attachmentsJson));
        if (text == null || text.isEmpty() || text.length() > BlockKit.MESSAGE_TEXT) {
            problems.add("top-level text of " + (text == null ? 0 : text.length()) + " characters, 1 to "
                    + BlockKit.MESSAGE_TEXT);
        }
        read(attachmentsJson).forEach(a -> {
            if (a.path("fallback").asText().isEmpty()) {
                problems.add("an attachment without a fallback");
            }
        });
        return problems;
    }

    private void eachBlock(Consumer<JsonNode> block, Consumer<JsonNode> attachment) {
        read(blocksJson).forEach(block);
        read(attachmentsJson).forEach(a -> {
            attachment.accept(a);
            a.path("blocks").forEach(block);
        });
    }

    private static void blockTexts(JsonNode block, List<String> texts) {
        if (block.path("text").path("text").isTextual()) {
            texts.add(block.path("text").path("text").asText());
        }
        block.path("fields").forEach(f -> texts.add(f.path("text").asText()));
        if (block.path("type").asText().equals("context")) {
            block.path("elements").forEach(e -> {
                if (e.path("text").isTextual()) {
                    texts.add(e.path("text").asText());
                }
            });
        }
    }

    private static JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
