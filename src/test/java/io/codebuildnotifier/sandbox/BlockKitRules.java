package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Block Kit rules Slack holds a message's blocks to (its own and its attachments'), as the
 * loopback Slack checks them and answers {@code invalid_blocks}: at most 50 blocks, known block types,
 * a section's text 1–3,000 characters (fields at most 10 of 2,000), a header's plain text at most 150, a
 * context 1–10 elements, an actions block 1–25 elements, a button's plain text 1–75 and its URL at most
 * 3,000, a block id at most 255; an interactive button's {@code action_id} at most 255 and its {@code value} at
 * most 2,000, its style {@code primary} or {@code danger}; a {@code users_select} with an {@code action_id} and a
 * plain-text placeholder of at most 150; no {@code action_id} twice in a message.
 */
public final class BlockKitRules {
    public static final int BLOCKS = 50;
    public static final int TEXT = 3000;
    public static final int FIELD = 2000;
    public static final int FIELDS = 10;
    public static final int HEADER = 150;
    public static final int CONTEXT_ELEMENTS = 10;
    public static final int ACTIONS_ELEMENTS = 25;
    public static final int BUTTON_TEXT = 75;
    public static final int URL = 3000;
    public static final int BLOCK_ID = 255;
    public static final int ACTION_ID = 255;
    public static final int BUTTON_VALUE = 2000;
    public static final int PLACEHOLDER = 150;
    private static final Set<String> TYPES = Set.of("section", "context", "actions", "header", "divider", "image",
            "rich_text", "input", "file", "video", "markdown");

    private BlockKitRules() {
    }

    /** What breaks the rules in a message's {@code blocks} and {@code attachments} (JSON; null for none). */
    public static List<String> problems(String blocksJson, String attachmentsJson) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> blocks = new ArrayList<>();
        try {
            JsonNode top = blocksJson == null || blocksJson.isBlank() ? null : Json.MAPPER.readTree(blocksJson);
            if (top != null) {
                top.forEach(blocks::add);
            }
            JsonNode attachments = attachmentsJson == null || attachmentsJson.isBlank() ? null
                    : Json.MAPPER.readTree(attachmentsJson);
            if (attachments != null) {
                attachments.forEach(a -> a.path("blocks").forEach(blocks::add));
            }
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (blocks.size() > BLOCKS) {
            problems.add(blocks.size() + " blocks, at most " + BLOCKS);
        }
        java.util.Set<String> actionIds = new java.util.HashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            block(blocks.get(i), "block " + i, problems);
            for (JsonNode e : blocks.get(i).path("elements")) {
                String id = e.path("action_id").asText("");
                if (!id.isEmpty() && !actionIds.add(id)) {
                    problems.add("block " + i + ": action_id '" + id + "' used twice in the message");
                }
            }
        }
        return problems;
    }

    private static void block(JsonNode block, String where, List<String> problems) {
        String type = block.path("type").asText();
        if (!TYPES.contains(type)) {
            problems.add(where + ": unknown type '" + type + "'");
            return;
        }
        if (block.path("block_id").asText().length() > BLOCK_ID) {
            problems.add(where + ": block_id over " + BLOCK_ID);
        }
        switch (type) {
            case "section" -> {
                JsonNode fields = block.path("fields");
                if (block.path("text").isMissingNode() && fields.isEmpty()) {
                    problems.add(where + ": a section needs a text or fields");
                }
                if (!block.path("text").isMissingNode()) {
                    text(block.path("text"), TEXT, where + " text", problems);
                }
                if (fields.size() > FIELDS) {
                    problems.add(where + ": " + fields.size() + " fields, at most " + FIELDS);
                }
                fields.forEach(f -> text(f, FIELD, where + " field", problems));
            }
            case "header" -> {
                if (!block.path("text").path("type").asText().equals("plain_text")) {
                    problems.add(where + ": a header's text must be plain_text");
                }
                text(block.path("text"), HEADER, where + " header", problems);
            }
            case "context" -> {
                JsonNode elements = block.path("elements");
                if (elements.isEmpty() || elements.size() > CONTEXT_ELEMENTS) {
                    problems.add(where + ": " + elements.size() + " context elements, 1 to " + CONTEXT_ELEMENTS);
                }
                elements.forEach(e -> {
                    if (e.path("type").asText().equals("mrkdwn") || e.path("type").asText().equals("plain_text")) {
                        text(e, TEXT, where + " context", problems);
                    }
                });
            }
            case "actions" -> {
                JsonNode elements = block.path("elements");
                if (elements.isEmpty() || elements.size() > ACTIONS_ELEMENTS) {
                    problems.add(where + ": " + elements.size() + " actions elements, 1 to " + ACTIONS_ELEMENTS);
                }
                elements.forEach(e -> {
                    if (e.path("type").asText().equals("button")) {
                        if (!e.path("text").path("type").asText().equals("plain_text")) {
                            problems.add(where + ": a button's text must be plain_text");
                        }
                        text(e.path("text"), BUTTON_TEXT, where + " button", problems);
                        if (e.path("url").asText().length() > URL) {
                            problems.add(where + ": button url over " + URL);
                        }
                        if (e.path("action_id").asText().length() > ACTION_ID) {
                            problems.add(where + ": action_id over " + ACTION_ID);
                        }
                        if (e.path("value").asText().length() > BUTTON_VALUE) {
                            problems.add(where + ": button value over " + BUTTON_VALUE);
                        }
                        String style = e.path("style").asText("");
                        if (!style.isEmpty() && !style.equals("primary") && !style.equals("danger")) {
                            problems.add(where + ": button style '" + style + "'");
                        }
                    } else if (e.path("type").asText().equals("users_select")) {
                        String id = e.path("action_id").asText("");
                        if (id.isEmpty() || id.length() > ACTION_ID) {
                            problems.add(where + ": a users_select needs an action_id of 1 to " + ACTION_ID);
                        }
                        if (!e.path("placeholder").isMissingNode()) {
                            if (!e.path("placeholder").path("type").asText().equals("plain_text")) {
                                problems.add(where + ": a placeholder must be plain_text");
                            }
                            text(e.path("placeholder"), PLACEHOLDER, where + " placeholder", problems);
                        }
                    }
                });
            }
            default -> { }
        }
    }

    private static void text(JsonNode text, int max, String where, List<String> problems) {
        String type = text.path("type").asText();
        if (!type.equals("mrkdwn") && !type.equals("plain_text")) {
            problems.add(where + ": text type '" + type + "'");
        }
        int length = text.path("text").asText().length();
        if (length < 1 || length > max) {
            problems.add(where + ": " + length + " characters, 1 to " + max);
        }
    }
}
