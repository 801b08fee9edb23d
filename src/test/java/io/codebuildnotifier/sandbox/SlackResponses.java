package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.codebuildnotifier.sandbox.Route.Reply;
import io.codebuildnotifier.sandbox.Sandbox.Fault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack's {@code response_url}s, under {@code /response/ID} (recorded as service {@code slack}, operation
 * {@code response_url}, with the id and the JSON body's top-level members): a POST of a JSON message
 * ({@code text} and/or {@code blocks}, {@code response_type}, {@code replace_original}, ...) answers 200
 * {@code ok}; each URL takes {@link #USES} posts (then 404 {@code used_url}); one {@link #expire expired} answers
 * 404 {@code expired_url}; a body that is not a JSON object, has no text or blocks, or whose blocks break Block Kit's
 * rules answers 400 {@code invalid_payload} / {@code no_text} / {@code invalid_blocks}. Every accepted body is kept.
 */
final class SlackResponses {
    static final String PREFIX = "/response/";
    /** How many times Slack lets a response_url be used (within its 30 minutes). */
    static final int USES = 5;

    private final CallRecorder recorder;
    private final List<Sandbox.SlackResponse> responses = new ArrayList<>();
    private final Map<String, Integer> uses = new LinkedHashMap<>();
    private final Set<String> expired = new HashSet<>();

    SlackResponses(CallRecorder recorder) {
        this.recorder = recorder;
    }

    boolean handles(Route.Request request) {
        return request.path().startsWith(PREFIX);
    }

    synchronized List<Sandbox.SlackResponse> responses() {
        return List.copyOf(responses);
    }

    synchronized void clear() {
        responses.clear();
    }

    synchronized void expire(String id) {
        expired.add(id);
    }

    synchronized Reply handle(Route.Request request) {
        String id = request.path().substring(PREFIX.length());
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.bodyText());
        } catch (IOException e) {
            body = null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_id", id);
        if (body != null && body.isObject()) {
            body.properties().forEach(f -> params.put(f.getKey(),
                    f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
        }
        Fault fault = recorder.record("slack", "response_url", params);
        if (fault != null) {
            return Reply.fault(fault, "text/plain; charset=utf-8");
        }
        if (!request.method().equals("POST")) {
            return text(405, "method_not_allowed");
        }
        if (expired.contains(id)) {
            return text(404, "expired_url");
        }
        if (uses.merge(id, 1, Integer::sum) > USES) {
            return text(404, "used_url");
        }
        String contentType = request.header("Content-Type");
        if (body == null || !body.isObject() || contentType == null || !contentType.startsWith("application/json")) {
            return text(400, "invalid_payload");
        }
        boolean hasText = body.path("text").isTextual() && !body.path("text").asText().isBlank();
        boolean hasBlocks = body.path("blocks").isArray() && !body.path("blocks").isEmpty();
        boolean delete = body.path("delete_original").asBoolean(false);
        if (!hasText && !hasBlocks && !delete) {
            return text(400, "no_text");
        }
        if (hasBlocks && !BlockKitRules.problems(body.path("blocks").toString(), null).isEmpty()) {
            return text(400, "invalid_blocks");
        }
        responses.add(new Sandbox.SlackResponse(id, body.toString()));
        return text(200, "ok");
    }

    private static Reply text(int status, String body) {
        return new Reply(status, "text/html", body, Map.of());
    }
}
