package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox.Fault;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Slack Web API under {@code /api/} (recorded as {@code slack}, operation = method name,
 * parameters from the query, form or JSON body, never the token). This class reads parameters,
 * records, serves faults, answers {@code api.test} (which needs no token), checks the bot token
 * (header {@code Authorization: Bearer} or form {@code token}) and answers {@code auth.test}; the other
 * methods are {@link Methods} groups ({@link SlackUsers}, {@link SlackChat}). Unknown methods answer
 * {@code unknown_method}. Once authenticated, a {@link SlackLimits#TIER_3} call is rate limited here
 * ({@link SlackLimits.Gate}, off unless a test turns it on); chat.postMessage is, per conversation, in
 * {@link SlackChat}.
 */
final class FakeSlack implements Route {

    static final String PREFIX = "/api/";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    static final String TEAM_ID = "T0SANDBOX1";
    static final String BOT_USER_ID = "U0BOTUSER1";
    static final String BOT_ID = "B0SANDBOX1";
    static final String APP_ID = "A0SANDBOX1";

    /** Some Slack methods, answered once the call is recorded, not faulted, and authenticated. */
    interface Methods {
        boolean has(String method);

        Reply call(String method, Map<String, String> params);
    }

    private final CallRecorder recorder;
    private final SlackLimits.Gate limits = new SlackLimits.Gate();
    private final SlackUsers users = new SlackUsers();
    private final SlackChat chat = new SlackChat(users, limits);
    private final SlackViews views = new SlackViews(users);
    private final SlackGroups usergroups = new SlackGroups();
    /** Every group of methods besides auth.test; a new group is a new class listed here. */
    private final List<Methods> groups = List.of(users, chat, views, usergroups);
    /** The response_urls, under {@link SlackResponses#PREFIX}. */
    private final SlackResponses responses;
    private volatile String token;

    FakeSlack(CallRecorder recorder) {
        this.recorder = recorder;
        this.responses = new SlackResponses(recorder);
    }

    @Override
    public void load(Path fixtures) {
        users.load(fixtures);
        chat.load(fixtures);
    }

    SlackUsers users() {
        return users;
    }

    SlackChat chat() {
        return chat;
    }

    SlackViews views() {
        return views;
    }

    SlackGroups usergroups() {
        return usergroups;
    }

    SlackResponses responses() {
        return responses;
    }

    SlackLimits.Gate limits() {
        return limits;
    }

    /** The token calls must carry; {@code null} makes every authenticated call fail with invalid_auth. */
    void setToken(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }

    @Override
    public boolean handles(Request request) {
        return request.path().startsWith(PREFIX) || responses.handles(request);
    }

    @Override
    public Reply handle(Request request) {
        if (responses.handles(request)) {
            return responses.handle(request);
        }
        String method = request.path().substring(PREFIX.length());
        Map<String, String> params = new LinkedHashMap<>(parseForm(request.uri().getRawQuery()));
        String contentType = Objects.requireNonNullElse(request.header("Content-Type"), "");
        params.putAll(contentType.startsWith("application/json") ? parseJson(request.bodyText())
                : parseForm(request.bodyText()));
        String formToken = params.remove("token");
        Fault fault = recorder.record("slack", method, params);
        if (fault != null) {
            return Reply.fault(fault, CONTENT_TYPE);
        }
        if (method.equals("api.test")) {
            return ok(Json.object()); // needs no token, as in Slack
        }
        Methods group = groups.stream().filter(g -> g.has(method)).findFirst().orElse(null);
        if (group == null && !method.equals("auth.test")) {
            return error("unknown_method");
        }
        String authorization = request.header("Authorization");
        String given = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : formToken;
        if (given == null || given.isEmpty()) {
            return error("not_authed");
        }
        if (!given.equals(token)) {
            return error("invalid_auth");
        }
        if (group == null) {
            return authTest();
        }
        if (SlackLimits.TIER_3.contains(method)) {
            long retryAfter = limits.admit(method, "workspace");
            if (retryAfter > 0) {
                return rateLimited(retryAfter);
            }
        }
        return group.call(method, params);
    }

    static Reply ok(ObjectNode body) {
        ObjectNode answer = Json.object().put("ok", true);
        answer.setAll(body);
        return Reply.json(200, CONTENT_TYPE, answer);
    }

    static Reply error(String error) {
        return Reply.json(200, CONTENT_TYPE, Json.object().put("ok", false).put("error", error));
    }

    /** Slack's answer to a call over its rate limit: HTTP 429, {@code Retry-After} in whole seconds, ratelimited. */
    static Reply rateLimited(long retryAfterSeconds) {
        return new Reply(429, CONTENT_TYPE, Json.object().put("ok", false).put("error", "ratelimited").toString(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    private static Reply authTest() {
        return ok(Json.object()
                .put("url", "https://sandbox-workspace.slack.com/")
                .put("team", "Sandbox Workspace")
                .put("user", "codebuild-notifier")
                .put("team_id", TEAM_ID)
                .put("user_id", BOT_USER_ID)
                .put("bot_id", BOT_ID)
                .put("is_enterprise_install", false));
    }

    private static Map<String, String> parseForm(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /** Top-level members, text as is, the rest as JSON; bad JSON is the parameter {@code sandbox.invalid_json}. */
    private static Map<String, String> parseJson(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        try {
            JsonNode node = body.isBlank() ? Json.object() : Json.MAPPER.readTree(body);
            node.properties().forEach(field -> params.put(field.getKey(),
                    field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString()));
        } catch (IOException e) {
            params.put("sandbox.invalid_json", body);
        }
        return params;
    }
}
