package io.codebuildnotifier.adapter.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.SlackSignature;
import io.codebuildnotifier.interactions.Actor;
import io.codebuildnotifier.interactions.Message;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.notification.MessageRef;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Slack sent, checked and read: {@link #verify} proves that a request is Slack's (its signature, within five
 * minutes), {@link #parse} reads a verified body into a chat-neutral {@link Request}. Never throws for what a
 * request carries: whatever arrives becomes a {@link Result}.
 *
 * <p>The checks, in order: the body's size ({@link #MAX_BODY} after decoding; Slack's payloads are far smaller),
 * {@code X-Slack-Request-Timestamp} present, a number and within {@link #TOLERANCE} of now (either way), then
 * {@code X-Slack-Signature} equal, compared in constant time, to {@code v0=} and the hex HMAC-SHA256 of
 * {@code v0:TIMESTAMP:BODY} with the signing secret (computed by the Slack SDK's {@code SlackSignature.Generator};
 * its {@code Verifier} is not used: it compares with {@code String.equals} and accepts any timestamp in the future).
 *
 * <p>What is read: interactivity ({@code payload=} JSON: {@code block_actions}, the first action;
 * {@code view_submission}), slash commands (form fields) and the Events API (JSON: {@code url_verification},
 * {@code app_home_opened} on the Home tab). Anything else is {@link Result.Ignored}.
 */
public final class SlackRequests {
    /** The largest body read, after base64 decoding. */
    public static final int MAX_BODY = 64 * 1024;
    /** How far the request's timestamp may be from now, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    public static final String TIMESTAMP = "x-slack-request-timestamp";
    public static final String SIGNATURE = "x-slack-signature";
    public static final String RETRY_NUM = "x-slack-retry-num";
    public static final String CONTENT_TYPE = "content-type";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Slack's ids ({@code U0123ABCD}, {@code C…}, {@code D…}), message timestamps and the like: nothing odd. */
    private static final int MAX_ID = 255;

    private SlackRequests() {
    }

    /**
     * A request as the Function URL delivered it.
     *
     * @param headers       by name, any case (kept case-insensitive)
     * @param body          the body as delivered: base64 when {@code base64Encoded}
     * @param base64Encoded whether {@code body} is base64 (Function URLs encode form posts)
     */
    public record Inbound(Map<String, String> headers, String body, boolean base64Encoded) {
        public Inbound {
            TreeMap<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (headers != null) {
                headers.forEach((name, value) -> {
                    if (name != null && value != null) {
                        named.put(name, value);
                    }
                });
            }
            headers = java.util.Collections.unmodifiableMap(named);
            body = body == null ? "" : body;
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        /** Slack's retry number ({@code X-Slack-Retry-Num}), 0 for a first delivery. */
        public int retryNum() {
            String value = headers.get(RETRY_NUM);
            return value != null && value.matches("[0-9]{1,3}") ? Integer.parseInt(value) : 0;
        }
    }

    /**
     * A body whose signature was checked, decoded, with what its reading needs, and Slack's timestamp and signature,
     * so that whoever reads it later (the worker, from the queue) can check again that Slack signed it.
     */
    public record Verified(String body, String contentType, int retryNum, String timestamp, String signature) {
        public Verified(String body, String contentType, int retryNum) {
            this(body, contentType, retryNum, "", "");
        }

        public Verified {
            Objects.requireNonNull(body, "body");
            contentType = contentType == null ? "" : contentType;
            timestamp = timestamp == null ? "" : timestamp;
            signature = signature == null ? "" : signature;
        }

        @Override
        public String toString() {
            return "Verified[" + body.length() + " chars, " + contentType + ", retry " + retryNum + "]";
        }
    }

    /** What became of a request. */
    public sealed interface Result {
        /** Not Slack's, or not provably: 401. {@code reason} is for the log and never names the body. */
        record Rejected(String reason) implements Result {
        }

        /** The Events API's {@code url_verification}: answer with the challenge. */
        record Challenge(String challenge) implements Result {
        }

        /** Slack's, but nothing we act on (200, nothing done). */
        record Ignored(String why) implements Result {
        }

        /** A request to act on. */
        record Parsed(Request request) implements Result {
        }
    }

    /** The verified body, or why the request is refused. */
    public sealed interface Check {
        record Passed(Verified verified) implements Check {
        }

        record Failed(Result.Rejected rejected) implements Check {
        }
    }

    /** Verifies, then reads: {@link #verify} and {@link #parse}. */
    public static Result read(Inbound inbound, String signingSecret, Instant now) {
        return switch (verify(inbound, signingSecret, now)) {
            case Check.Passed passed -> parse(passed.verified());
            case Check.Failed failed -> failed.rejected();
        };
    }

    /** Checks that Slack signed the request, within {@link #TOLERANCE} of {@code now}. */
    public static Check verify(Inbound inbound, String signingSecret, Instant now) {
        Objects.requireNonNull(now, "now");
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("no signing secret");
        }
        String raw = inbound.body();
        byte[] bytes;
        if (inbound.base64Encoded()) {
            if (raw.length() > (MAX_BODY / 3 + 1) * 4 + 4) {
                return rejected("body over " + MAX_BODY + " bytes");
            }
            try {
                bytes = Base64.getDecoder().decode(raw.strip());
            } catch (IllegalArgumentException e) {
                return rejected("body is not base64");
            }
        } else {
            if (raw.length() > MAX_BODY) {
                return rejected("body over " + MAX_BODY + " bytes");
            }
            bytes = raw.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > MAX_BODY) {
            return rejected("body over " + MAX_BODY + " bytes");
        }
        Optional<String> timestamp = inbound.header(TIMESTAMP);
        if (timestamp.isEmpty()) {
            return rejected("no X-Slack-Request-Timestamp");
        }
        String ts = timestamp.get().strip();
        if (!ts.matches("[0-9]{1,12}")) {
            return rejected("X-Slack-Request-Timestamp is not a number");
        }
        long skew = Math.abs(now.getEpochSecond() - Long.parseLong(ts));
        if (skew > TOLERANCE.toSeconds()) {
            return rejected("X-Slack-Request-Timestamp is " + skew + " s from now (more than "
                    + TOLERANCE.toSeconds() + " s)");
        }
        Optional<String> signature = inbound.header(SIGNATURE);
        if (signature.isEmpty() || signature.get().isBlank()) {
            return rejected("no X-Slack-Signature");
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        // the SDK's HMAC encodes the body with the default charset, UTF-8 since Java 18
        String expected = new SlackSignature.Generator(signingSecret).generate(ts, body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.get().strip().getBytes(StandardCharsets.UTF_8))) {
            return rejected("X-Slack-Signature does not match");
        }
        return new Check.Passed(new Verified(body, inbound.header(CONTENT_TYPE).orElse(""), inbound.retryNum(), ts,
                signature.get().strip()));
    }

    /**
     * Whether Slack signed a body verified before (the worker's check of what the queue hands it: a message put on
     * the queue by anyone but this function, without Slack's signature, is not acted on). The time is not checked
     * again: the request was fresh when it came.
     */
    public static boolean signedBySlack(Verified verified, String signingSecret) {
        if (signingSecret == null || signingSecret.isBlank() || !verified.timestamp().matches("[0-9]{1,12}")
                || verified.signature().isEmpty()) {
            return false;
        }
        String expected = new SlackSignature.Generator(signingSecret).generate(verified.timestamp(), verified.body());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                verified.signature().getBytes(StandardCharsets.UTF_8));
    }

    private static Check rejected(String reason) {
        return new Check.Failed(new Result.Rejected(reason));
    }

    /**
     * Reads a verified body (at once, or again in the worker that the queue hands it to). Never throws for what
     * the body says.
     */
    public static Result parse(Verified verified) {
        try {
            String body = verified.body();
            String type = verified.contentType().toLowerCase(Locale.ROOT);
            boolean json = type.startsWith("application/json")
                    || (!type.startsWith("application/x-www-form-urlencoded") && body.stripLeading().startsWith("{"));
            return json ? events(body) : form(body);
        } catch (RuntimeException e) {
            return new Result.Ignored("unreadable request (" + e.getClass().getSimpleName() + ")");
        }
    }

    // ------------------------------------------------------------------ the Events API

    private static Result events(String body) {
        JsonNode root = tree(body);
        if (root == null || !root.isObject()) {
            return new Result.Ignored("an Events API body that is not a JSON object");
        }
        String type = text(root, "type");
        if (type.equals("url_verification")) {
            String challenge = text(root, "challenge");
            return challenge.isEmpty() || challenge.length() > 1_000 ? new Result.Ignored("url_verification without a "
                    + "challenge") : new Result.Challenge(challenge);
        }
        if (!type.equals("event_callback")) {
            return new Result.Ignored("Events API type " + clip(type));
        }
        JsonNode event = root.path("event");
        String eventType = text(event, "type");
        if (!eventType.equals("app_home_opened")) {
            return new Result.Ignored("event " + clip(eventType));
        }
        if (!text(event, "bot_id").isEmpty()) {
            return new Result.Ignored("a bot's event");
        }
        if (!text(event, "tab").equals("home")) {
            return new Result.Ignored("app_home_opened on the " + clip(text(event, "tab")) + " tab");
        }
        String user = id(text(event, "user"));
        String eventId = id(text(root, "event_id"));
        if (user.isEmpty() || eventId.isEmpty()) {
            return new Result.Ignored("app_home_opened without a user or an event id");
        }
        return new Result.Parsed(new Request.HomeOpened(eventId, new Actor(user, "")));
    }

    // ------------------------------------------------------------------ form posts

    private static Result form(String body) {
        Map<String, String> fields = formFields(body);
        if (fields == null) {
            return new Result.Ignored("a form body that does not decode");
        }
        if (fields.containsKey("payload")) {
            return interactivity(fields.get("payload"));
        }
        if (fields.containsKey("command")) {
            return command(fields);
        }
        return new Result.Ignored("a form with neither a payload nor a command");
    }

    private static Result command(Map<String, String> fields) {
        String user = id(fields.getOrDefault("user_id", ""));
        String trigger = id(fields.getOrDefault("trigger_id", ""));
        String command = fields.getOrDefault("command", "").strip();
        if (user.isEmpty() || trigger.isEmpty() || !command.matches("/[^\\s]{1,100}")) {
            return new Result.Ignored("a slash command without its user, trigger or name");
        }
        return new Result.Parsed(new Request.Command(trigger, new Actor(user, fields.getOrDefault("user_name", "")),
                command, fields.getOrDefault("text", ""), url(fields.getOrDefault("response_url", ""))));
    }

    private static Result interactivity(String payloadJson) {
        JsonNode payload = tree(payloadJson);
        if (payload == null || !payload.isObject()) {
            return new Result.Ignored("an interactivity payload that is not a JSON object");
        }
        String type = text(payload, "type");
        return switch (type) {
            case "block_actions" -> blockActions(payload);
            case "view_submission" -> viewSubmission(payload);
            default -> new Result.Ignored("interactivity type " + clip(type));
        };
    }

    private static Optional<Actor> actor(JsonNode payload) {
        JsonNode user = payload.path("user");
        String id = id(text(user, "id"));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String name = text(user, "username");
        return Optional.of(new Actor(id, name.isEmpty() ? text(user, "name") : name));
    }

    private static Result blockActions(JsonNode payload) {
        Optional<Actor> actor = actor(payload);
        String trigger = id(text(payload, "trigger_id"));
        JsonNode action = payload.path("actions").path(0);
        String actionId = text(action, "action_id");
        if (actor.isEmpty() || trigger.isEmpty() || actionId.isEmpty() || actionId.length() > MAX_ID) {
            return new Result.Ignored("block_actions without its user, trigger or action");
        }
        Map<String, String> args;
        // a button carries its arguments in its value; a member picker, which has none, in its block's id
        JsonNode value = text(action, "type").equals("users_select") ? action.path("block_id") : action.path("value");
        if (value.isMissingNode() || value.isNull() || value.asText().isEmpty()) {
            args = Map.of();
        } else {
            Optional<Map<String, String>> read = stringMap(tree(value.asText()));
            if (read.isEmpty()) {
                return new Result.Ignored("an action whose value is not ours");
            }
            args = read.get();
        }
        Optional<String> picked = Optional.empty();
        if (text(action, "type").equals("users_select")) {
            String user = id(text(action, "selected_user"));
            if (user.isEmpty()) {
                return new Result.Ignored("a user picker without a picked user");
            }
            picked = Optional.of(user);
        }
        Optional<Message> message = Optional.empty();
        JsonNode container = payload.path("container");
        // a button in an attachment's blocks (our notifications' buttons are) comes in a message_attachment container
        if ((text(container, "type").equals("message") || text(container, "type").equals("message_attachment"))
                && !container.path("is_ephemeral").asBoolean(false)) {
            String channel = id(text(container, "channel_id"));
            String ts = id(text(container, "message_ts"));
            JsonNode shown = payload.path("message");
            if (!channel.isEmpty() && !ts.isEmpty() && shown.isObject()) {
                message = Optional.of(new Message(new MessageRef(channel, ts), shown.toString()));
            }
        }
        return new Result.Parsed(new Request.Click(trigger, actor.get(), actionId, args, message, picked,
                url(text(payload, "response_url")), trigger));
    }

    private static Result viewSubmission(JsonNode payload) {
        Optional<Actor> actor = actor(payload);
        JsonNode view = payload.path("view");
        String dialogId = text(view, "callback_id");
        String requestId = id(text(payload, "trigger_id"));
        if (requestId.isEmpty()) {
            requestId = id(text(view, "id"));
        }
        if (actor.isEmpty() || requestId.isEmpty() || dialogId.isEmpty() || dialogId.length() > MAX_ID) {
            return new Result.Ignored("view_submission without its user, id or callback id");
        }
        Optional<SlackAnswers.DialogContext> state = readDialog(text(view, "private_metadata"));
        if (state.isEmpty()) {
            return new Result.Ignored("a view whose metadata is not ours");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        JsonNode values = view.path("state").path("values");
        for (Iterator<JsonNode> blocks = values.elements(); blocks.hasNext(); ) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = blocks.next().fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> input = fields.next();
                JsonNode entered = input.getValue().path("value");
                if (entered.isTextual()) {
                    inputs.put(input.getKey(), entered.asText());
                }
            }
        }
        return new Result.Parsed(new Request.Submission(requestId, actor.get(), dialogId, state.get().args(), inputs,
                state.get().about(), state.get().replyTo()));
    }

    /**
     * What a dialog carried through Slack in its {@code private_metadata}, as {@link SlackAnswers#modal} wrote it, with
     * where answers go kept only when it is a URL; empty when the metadata is not ours.
     */
    static Optional<SlackAnswers.DialogContext> readDialog(String privateMetadata) {
        SlackAnswers.DialogContext context = SlackAnswers.readDialog(privateMetadata);
        if (context.equals(SlackAnswers.DialogContext.NONE)) {
            return Optional.empty();
        }
        return Optional.of(new SlackAnswers.DialogContext(context.args(), context.about(), url(context.replyTo())));
    }

    // ------------------------------------------------------------------ helpers

    /** {@code a=1&b=2}, each decoded; {@code null} when a field does not decode. */
    private static Map<String, String> formFields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return fields;
    }

    private static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A JSON object of scalars as strings; empty when it is not one. */
    private static Optional<Map<String, String>> stringMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                map.put(entry.getKey(), entry.getValue().asText());
            }
        }
        return Optional.of(map);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /** An id as Slack gives them: letters, digits, {@code . _ -}; anything else counts as none. */
    private static String id(String value) {
        return value != null && value.matches("[A-Za-z0-9._-]{1," + MAX_ID + "}") ? value : "";
    }

    /** Only an http(s) URL is a place to answer (Slack's {@code response_url}); anything else counts as none. */
    private static String url(String value) {
        return value != null && (value.startsWith("https://") || value.startsWith("http://")) && value.length() <= 2_000
                && value.chars().noneMatch(c -> c <= ' ' || c >= 127) ? value : "";
    }

    private static String clip(String value) {
        String safe = value == null ? "" : value.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe.isEmpty() ? "(none)" : safe;
    }
}
