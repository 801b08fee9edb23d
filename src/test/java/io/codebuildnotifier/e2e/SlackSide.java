package io.codebuildnotifier.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.function.EventsFunction;
import io.codebuildnotifier.function.InteractionsFunction;
import io.codebuildnotifier.function.InteractionsHandler;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.testkit.SignedSlack;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack, as the interactions function meets it: requests signed with the app's signing secret (kept beside the bot
 * token in the world's Slack secret), sent as Lambda hands a Function URL's POST to the function (payload format
 * 2.0, the body base64), to the real {@link InteractionsHandler} built by the real wiring from the world's settings.
 * Clicks are made from the messages the loopback Slack keeps (their blocks and ts, as Slack's {@code block_actions}
 * carries them), a dialog's submission from the view {@code views.open} was given, answers read from the sandbox's
 * response_urls.
 */
final class SlackSide {
    static final String SECRET = SignedSlack.SECRET;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final World world;
    private final Sandbox sandbox;
    private final Duration ackTime;
    private InteractionsHandler handler;
    /** The Lambda context of the last request: what the handler logged. */
    TestLambdaContext context;
    private final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** With the acknowledgement time the function has in Lambda. */
    SlackSide(World world) {
        this(world, null);
    }

    /**
     * @param ackTime the time the acknowledgement's calls may take, longer than Lambda's for tests whose first AWS or
     *                Slack call in this JVM loads the SDK; {@code null}: Lambda's
     */
    SlackSide(World world, Duration ackTime) {
        this.world = world;
        this.sandbox = world.sandbox;
        this.ackTime = ackTime;
        sandbox.putSecret(Sandbox.SLACK_SECRET_NAME, "{\"token\":\"" + World.TOKEN + "\",\"signing_secret\":\""
                + SECRET + "\"}");
    }

    /** The handler, built from the world's settings as they are now (a new one after {@link World#with}). */
    InteractionsHandler handler() {
        if (handler == null) {
            Map<String, String> env = world.env();
            Patience patience = new Patience(world.waits::add);
            InteractionsFunction function = ackTime == null
                    ? InteractionsFunction.fromEnvironment(env, Clock.systemUTC(), patience,
                    EventsFunction.AwsRetries.quick())
                    : InteractionsFunction.fromEnvironment(env, Clock.systemUTC(), patience,
                    EventsFunction.AwsRetries.quick(), ackTime);
            handler = new InteractionsHandler(function);
        }
        return handler;
    }

    /** Forgets the handler: the next request builds one from the settings (another Lambda instance). */
    void restart() {
        handler = null;
    }

    /** Everything the handler logged, every request so far. */
    List<String> logged() {
        return List.copyOf(logged);
    }

    // ------------------------------------------------------------------ sending

    /** A body signed now and sent; the Function URL's response. */
    JsonNode send(String body, String contentType) {
        return send(body, contentType, Map.of());
    }

    JsonNode send(String body, String contentType, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(SignedSlack.headers(SECRET, Instant.now(), body,
                contentType));
        headers.putAll(extraHeaders);
        return invoke(urlEvent(headers, body, true));
    }

    /** An interactivity payload, as Slack posts it (a form with {@code payload=}). */
    JsonNode sendPayload(ObjectNode payload) {
        return send(SignedSlack.payload(payload), SignedSlack.FORM);
    }

    /** A Function URL event (payload format 2.0) as Lambda hands Slack's POST to the function. */
    static ObjectNode urlEvent(Map<String, String> headers, String body, boolean base64) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", "/").put("rawQueryString", "");
        ObjectNode h = event.putObject("headers");
        headers.forEach((name, value) -> h.put(name.toLowerCase(java.util.Locale.ROOT), value));
        h.put("x-forwarded-proto", "https").put("host", "abc.lambda-url.us-east-1.on.aws");
        ObjectNode requestContext = event.putObject("requestContext");
        requestContext.put("accountId", "anonymous").put("requestId", "r-" + IDS.incrementAndGet())
                .put("timeEpoch", System.currentTimeMillis());
        requestContext.putObject("http").put("method", "POST").put("path", "/").put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.9").put("userAgent", "Slackbot 1.0 (+https://api.slack.com/robots)");
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.put("isBase64Encoded", base64);
        return event;
    }

    /** Any event, to the handler's Lambda entry point; its response. */
    JsonNode invoke(JsonNode event) {
        context = new TestLambdaContext("lambda-" + IDS.incrementAndGet(), 30_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler().handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out,
                    context);
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            logged.addAll(context.logged());
        }
    }

    /** The JSON body of a Function URL response ({@code null} node for an empty body). */
    static JsonNode body(JsonNode response) {
        String body = response.path("body").asText("");
        try {
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ what people do

    /** A fresh trigger id, as Slack gives each click and command. */
    static String trigger() {
        int n = IDS.incrementAndGet();
        return "1337" + n + ".9000000001." + Integer.toHexString(0x5eed0000 + n);
    }

    /** {@code /codebuild TEXT} typed by {@code who} in #builds; answered at the response_url {@code replyId}. */
    String command(Cast.Person who, String text, String triggerId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "deprecated-verification-token");
        fields.put("team_id", Cast.TEAM);
        fields.put("team_domain", "sandbox");
        fields.put("channel_id", Cast.CHANNEL_ID);
        fields.put("channel_name", "builds");
        fields.put("user_id", who.slackId());
        fields.put("user_name", who.username());
        fields.put("command", "/codebuild");
        fields.put("text", text);
        fields.put("api_app_id", "A0SANDBOX1");
        fields.put("is_enterprise_install", "false");
        fields.put("response_url", sandbox.slackResponseUrl(replyId(triggerId)));
        fields.put("trigger_id", triggerId);
        return SignedSlack.form(fields);
    }

    /** Sends {@code /codebuild TEXT} typed by {@code who}; the Function URL's response. */
    JsonNode type(Cast.Person who, String text) {
        return send(command(who, text, trigger()), SignedSlack.FORM);
    }

    /** The response_url id of a request's trigger. */
    static String replyId(String triggerId) {
        return "r-" + triggerId.replace('.', '-');
    }

    /**
     * A click by {@code who} on the element {@code actionId} of a message the loopback Slack keeps, as Slack sends
     * it: the message as it shows now (text, blocks, attachments, ts), the container naming it, the element's value
     * and block id.
     */
    ObjectNode click(Cast.Person who, Sandbox.SlackMessageHistory message, String actionId, String triggerId) {
        Sandbox.SlackContent shown = message.current();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", who.slackId()).put("username", who.username())
                .put("name", who.username()).put("team_id", Cast.TEAM);
        payload.put("api_app_id", "A0SANDBOX1").put("token", "deprecated-verification-token");
        payload.putObject("container").put("type", "message").put("message_ts", message.ts())
                .put("channel_id", message.channel()).put("is_ephemeral", false);
        payload.put("trigger_id", triggerId);
        payload.putObject("team").put("id", Cast.TEAM).put("domain", "sandbox");
        payload.putObject("channel").put("id", message.channel()).put("name", message.channel().startsWith("D")
                ? "directmessage" : "builds");
        ObjectNode m = payload.putObject("message");
        m.put("type", "message").put("subtype", "bot_message").put("text", shown.text()).put("ts", message.ts())
                .put("bot_id", "B0SANDBOX1").put("user", "U0BOTUSER1");
        ArrayNode blocks = array(shown.blocksJson());
        ArrayNode attachments = array(shown.attachmentsJson());
        if (!blocks.isEmpty()) {
            m.set("blocks", blocks);
        }
        if (!attachments.isEmpty()) {
            int id = 1;
            for (JsonNode a : attachments) {
                ((ObjectNode) a).put("id", id++); // Slack numbers a message's attachments
            }
            m.set("attachments", attachments);
        }
        payload.putObject("state").putObject("values");
        payload.put("response_url", sandbox.slackResponseUrl(replyId(triggerId)));
        ObjectNode action = payload.putArray("actions").addObject();
        Element element = element(blocks, attachments, actionId)
                .orElseThrow(() -> new AssertionError("no " + actionId + " on the message: " + shown.blocksJson()
                        + " " + shown.attachmentsJson()));
        action.put("action_id", actionId).put("block_id", element.blockId());
        if (element.node().path("type").asText().equals("users_select")) {
            action.put("type", "users_select");
        } else {
            action.put("type", "button");
            action.set("text", element.node().path("text"));
            if (element.node().has("value")) {
                action.put("value", element.node().path("value").asText());
            }
            if (element.node().has("style")) {
                action.put("style", element.node().path("style").asText());
            }
        }
        action.put("action_ts", Instant.now().getEpochSecond() + ".000100");
        return payload;
    }

    /** A member picked in the user picker {@code actionId} of a message. */
    ObjectNode pick(Cast.Person who, Sandbox.SlackMessageHistory message, String actionId, Cast.Person picked,
                    String triggerId) {
        ObjectNode payload = click(who, message, actionId, triggerId);
        ((ObjectNode) payload.path("actions").path(0)).put("selected_user", picked.slackId());
        return payload;
    }

    /** A click on a button of an answer posted to a response_url (an ephemeral message: no container message). */
    ObjectNode clickAnswer(Cast.Person who, JsonNode answerBody, String actionId, String triggerId) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", who.slackId()).put("username", who.username())
                .put("name", who.username()).put("team_id", Cast.TEAM);
        payload.put("api_app_id", "A0SANDBOX1");
        payload.putObject("container").put("type", "message").put("message_ts", "1793000000.000200")
                .put("channel_id", Cast.CHANNEL_ID).put("is_ephemeral", true);
        payload.put("trigger_id", triggerId);
        payload.putObject("channel").put("id", Cast.CHANNEL_ID).put("name", "builds");
        payload.put("response_url", sandbox.slackResponseUrl(replyId(triggerId)));
        ArrayNode blocks = answerBody.path("blocks").isArray() ? (ArrayNode) answerBody.path("blocks")
                : JSON.createArrayNode();
        Element element = element(blocks, JSON.createArrayNode(), actionId)
                .orElseThrow(() -> new AssertionError("no " + actionId + " in the answer: " + answerBody));
        ObjectNode action = payload.putArray("actions").addObject();
        action.put("type", "button").put("action_id", actionId).put("block_id", element.blockId())
                .put("value", element.node().path("value").asText()).put("action_ts", Instant.now().getEpochSecond()
                        + ".000300");
        return payload;
    }

    /**
     * The submission by {@code who} of a modal {@code views.open} was given, with a comment typed in its input (none:
     * left empty).
     */
    ObjectNode submit(Cast.Person who, Sandbox.SlackView opened, String comment) {
        ObjectNode view;
        try {
            view = (ObjectNode) JSON.readTree(opened.viewJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        view.put("id", "V0" + IDS.incrementAndGet()).put("team_id", Cast.TEAM).put("hash", "1793.abc")
                .put("app_id", "A0SANDBOX1").put("bot_id", "B0SANDBOX1");
        ObjectNode values = view.putObject("state").putObject("values");
        for (JsonNode block : view.path("blocks")) {
            if (block.path("type").asText().equals("input")) {
                ObjectNode input = values.putObject(block.path("block_id").asText())
                        .putObject(block.path("element").path("action_id").asText());
                input.put("type", "plain_text_input");
                if (comment == null) {
                    input.putNull("value");
                } else {
                    input.put("value", comment);
                }
            }
        }
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "view_submission");
        payload.putObject("team").put("id", Cast.TEAM).put("domain", "sandbox");
        payload.putObject("user").put("id", who.slackId()).put("username", who.username())
                .put("name", who.username()).put("team_id", Cast.TEAM);
        payload.put("api_app_id", "A0SANDBOX1").put("token", "deprecated-verification-token");
        payload.put("trigger_id", trigger());
        payload.set("view", view);
        payload.putArray("response_urls");
        payload.put("is_enterprise_install", false);
        return payload;
    }

    // ------------------------------------------------------------------ what Slack saw

    /** The bodies posted to the response_url of a request's trigger, in order. */
    List<JsonNode> answers(String triggerId) {
        String id = replyId(triggerId);
        return sandbox.slackResponses().stream().filter(r -> r.id().equals(id)).map(r -> {
            try {
                return JSON.readTree(r.bodyJson());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** Every text of an answer (its text, its blocks' texts), one a line. */
    static String shown(JsonNode answer) {
        StringBuilder out = new StringBuilder(answer.path("text").asText(""));
        answer.path("blocks").forEach(b -> texts(b, out));
        return out.toString();
    }

    private static void texts(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            if (node.path("text").isTextual()) {
                out.append('\n').append(node.path("text").asText());
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("text") || !e.getValue().isTextual()) {
                    texts(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> texts(n, out));
        }
    }

    /** What a message shows now, as text: its text, every text of its blocks and attachments. */
    static String shown(Sandbox.SlackContent content) {
        StringBuilder out = new StringBuilder(content.text());
        texts(array(content.blocksJson()), out);
        texts(array(content.attachmentsJson()), out);
        return out.toString();
    }

    /**
     * Whether a message shows anything that acts through the interactions function: a button without a link (ours
     * carry a value) or a member picker. Link buttons (to the console, the logs) do not count.
     */
    static boolean interactive(Sandbox.SlackContent content) {
        List<JsonNode> all = new java.util.ArrayList<>();
        array(content.blocksJson()).forEach(all::add);
        array(content.attachmentsJson()).forEach(a -> a.path("blocks").forEach(all::add));
        for (JsonNode block : all) {
            List<JsonNode> elements = new java.util.ArrayList<>();
            block.path("elements").forEach(elements::add);
            if (block.has("accessory")) {
                elements.add(block.path("accessory"));
            }
            for (JsonNode e : elements) {
                String type = e.path("type").asText();
                if (type.equals("users_select") || type.equals("button") && !e.has("url")) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Element(String blockId, JsonNode node) {
    }

    private static Optional<Element> element(ArrayNode blocks, ArrayNode attachments, String actionId) {
        List<JsonNode> all = new java.util.ArrayList<>();
        blocks.forEach(all::add);
        attachments.forEach(a -> a.path("blocks").forEach(all::add));
        for (JsonNode block : all) {
            for (JsonNode e : block.path("elements")) {
                if (e.path("action_id").asText().equals(actionId)) {
                    return Optional.of(new Element(blockId(block), e));
                }
            }
            JsonNode accessory = block.path("accessory");
            if (accessory.path("action_id").asText().equals(actionId)) {
                return Optional.of(new Element(blockId(block), accessory));
            }
        }
        return Optional.empty();
    }

    /** A block's id; Slack gives one to a block sent without. */
    private static String blockId(JsonNode block) {
        String id = block.path("block_id").asText("");
        return id.isEmpty() ? "Slk" + Integer.toHexString(block.toString().hashCode()) : id;
    }

    private static ArrayNode array(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createArrayNode();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isArray() ? (ArrayNode) node : JSON.createArrayNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
