package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.codebuildnotifier.sandbox.Route.Reply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Slack {@code views.open} (a modal, with a {@code trigger_id} that works once: used again it answers
 * {@code exchanged_trigger_id}; one starting {@code expired} answers {@code expired_trigger_id}) and
 * {@code views.publish} (a Home tab, for an active user). The view is held to Slack's rules: {@code type} modal or
 * home, a modal's plain-text title 1–24 characters and a submit button when it has inputs, at most 100 blocks that
 * follow Block Kit's rules ({@link BlockKitRules}), {@code callback_id} at most 255 and {@code private_metadata} at
 * most 3,000 characters; else {@code invalid_arguments}. Every accepted view is kept ({@link #views}).
 */
final class SlackViews implements FakeSlack.Methods {
    static final int BLOCKS = 100;
    static final int TITLE = 24;
    static final int PRIVATE_METADATA = 3000;
    static final int CALLBACK_ID = 255;

    private final SlackUsers users;
    private final Set<String> usedTriggers = new HashSet<>();
    private final List<Sandbox.SlackView> views = new ArrayList<>();
    private long viewCounter;
    private List<String> lastRefusal = List.of();

    SlackViews(SlackUsers users) {
        this.users = users;
    }

    synchronized List<Sandbox.SlackView> views() {
        return List.copyOf(views);
    }

    synchronized void clear() {
        views.clear();
    }

    @Override
    public boolean has(String method) {
        return method.equals("views.open") || method.equals("views.publish");
    }

    @Override
    public synchronized Reply call(String method, Map<String, String> params) {
        String viewJson = params.get("view");
        JsonNode view;
        try {
            view = viewJson == null || viewJson.isBlank() ? null : Json.MAPPER.readTree(viewJson);
        } catch (IOException e) {
            return FakeSlack.error("invalid_arguments");
        }
        if (view == null || !view.isObject()) {
            return FakeSlack.error("invalid_arguments");
        }
        String target;
        if (method.equals("views.open")) {
            String trigger = params.get("trigger_id");
            if (trigger == null || trigger.isBlank()) {
                return FakeSlack.error("invalid_arguments");
            }
            if (trigger.startsWith("expired")) {
                return FakeSlack.error("expired_trigger_id");
            }
            if (!usedTriggers.add(trigger)) {
                return FakeSlack.error("exchanged_trigger_id");
            }
            if (!view.path("type").asText().equals("modal")) {
                return FakeSlack.error("invalid_arguments");
            }
            target = trigger;
        } else {
            String user = params.get("user_id");
            if (user == null || !users.isActive(user)) {
                return FakeSlack.error("user_not_found");
            }
            if (!view.path("type").asText().equals("home")) {
                return FakeSlack.error("invalid_arguments");
            }
            target = user;
        }
        List<String> problems = problems(view);
        if (!problems.isEmpty()) {
            lastRefusal = List.copyOf(problems);
            return FakeSlack.error("invalid_arguments");
        }
        String id = String.format(Locale.ROOT, "V0SANDBOX%04d", ++viewCounter);
        views.add(new Sandbox.SlackView(method, target, view.toString()));
        com.fasterxml.jackson.databind.node.ObjectNode answer = view.deepCopy();
        answer.put("id", id).put("team_id", FakeSlack.TEAM_ID).put("hash", "1793000000." + id);
        return FakeSlack.ok((com.fasterxml.jackson.databind.node.ObjectNode) Json.object().set("view", answer));
    }

    /** Why the last view refused was refused, for a test to read. */
    synchronized List<String> lastRefusal() {
        return lastRefusal;
    }

    /** How a view breaks Slack's rules. */
    static List<String> problems(JsonNode view) {
        List<String> problems = new ArrayList<>();
        JsonNode blocks = view.path("blocks");
        if (!blocks.isArray()) {
            problems.add("no blocks");
            return problems;
        }
        if (blocks.size() > BLOCKS) {
            problems.add(blocks.size() + " blocks, at most " + BLOCKS);
        }
        for (int from = 0; from < blocks.size(); from += BlockKitRules.BLOCKS) {
            com.fasterxml.jackson.databind.node.ArrayNode slice = Json.MAPPER.createArrayNode();
            for (int i = from; i < Math.min(blocks.size(), from + BlockKitRules.BLOCKS); i++) {
                slice.add(blocks.get(i));
            }
            problems.addAll(BlockKitRules.problems(slice.toString(), null));
        }
        boolean inputs = false;
        for (JsonNode block : blocks) {
            if (block.path("type").asText().equals("input")) {
                inputs = true;
                if (!block.path("label").path("type").asText().equals("plain_text")
                        || block.path("label").path("text").asText().isEmpty()) {
                    problems.add("an input needs a plain_text label");
                }
                if (!block.path("element").isObject()) {
                    problems.add("an input needs an element");
                }
            }
        }
        if (view.path("type").asText().equals("modal")) {
            String title = view.path("title").path("text").asText();
            if (!view.path("title").path("type").asText().equals("plain_text") || title.isEmpty()
                    || title.length() > TITLE) {
                problems.add("a modal's title must be plain_text of 1 to " + TITLE + " characters");
            }
            if (inputs && !view.path("submit").path("type").asText().equals("plain_text")) {
                problems.add("a modal with inputs needs a plain_text submit");
            }
            for (String button : List.of("submit", "close")) {
                if (view.has(button) && view.path(button).path("text").asText().length() > TITLE) {
                    problems.add("a modal's " + button + " text is at most " + TITLE + " characters");
                }
            }
        }
        if (view.path("callback_id").asText().length() > CALLBACK_ID) {
            problems.add("callback_id over " + CALLBACK_ID);
        }
        if (view.path("private_metadata").asText().length() > PRIVATE_METADATA) {
            problems.add("private_metadata over " + PRIVATE_METADATA);
        }
        return problems;
    }
}
