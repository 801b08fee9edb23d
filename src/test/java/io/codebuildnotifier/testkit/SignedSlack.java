package io.codebuildnotifier.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests as Slack signs and sends them, for tests: the signature computed here with the JDK's own HMAC (not the
 * Slack SDK the code under test uses, so that the two check each other), and the bodies of each kind.
 */
public final class SignedSlack {
    public static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignedSlack() {
    }

    /** {@code v0=} and the hex HMAC-SHA256 of {@code v0:TS:BODY}. */
    public static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Slack's headers for a body sent at {@code at}. */
    public static Map<String, String> headers(String secret, Instant at, String body, String contentType) {
        String ts = Long.toString(at.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("x-slack-request-timestamp", ts);
        headers.put("x-slack-signature", signature(secret, ts, body.getBytes(StandardCharsets.UTF_8)));
        headers.put("user-agent", "Slackbot 1.0 (+https://api.slack.com/robots)");
        return headers;
    }

    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON_TYPE = "application/json";

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** {@code /codebuild TEXT} typed by U0JANE0001. */
    public static String command(String text, String triggerId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "deprecated-verification-token");
        fields.put("team_id", "T0001");
        fields.put("channel_id", "C0BUILDS01");
        fields.put("user_id", "U0JANE0001");
        fields.put("user_name", "jane");
        fields.put("command", "/codebuild");
        fields.put("text", text);
        fields.put("response_url", "https://hooks.slack.com/commands/T0001/1/abc");
        fields.put("trigger_id", triggerId);
        return form(fields);
    }

    /** A click on a button of a message in a DM, with its value. */
    public static ObjectNode blockActions(String actionId, String valueJson, String triggerId) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", "U0JANE0001").put("username", "jane").put("name", "jane");
        payload.put("api_app_id", "A0APP");
        payload.put("trigger_id", triggerId);
        payload.putObject("container").put("type", "message").put("message_ts", "1700000000.000100")
                .put("channel_id", "D0JANE0001").put("is_ephemeral", false);
        payload.putObject("channel").put("id", "D0JANE0001");
        ObjectNode message = payload.putObject("message");
        message.put("type", "message").put("ts", "1700000000.000100").put("text", "Build failed");
        message.putArray("blocks").addObject().put("type", "actions").put("block_id", "b1");
        payload.put("response_url", "https://hooks.slack.com/actions/T0001/2/def");
        ObjectNode action = payload.putArray("actions").addObject();
        action.put("type", "button").put("action_id", actionId).put("block_id", "b1");
        if (valueJson != null) {
            action.put("value", valueJson);
        }
        action.put("action_ts", "1700000001.000200");
        return payload;
    }

    /** The form body Slack posts an interactivity payload as. */
    public static String payload(ObjectNode payload) {
        return form(Map.of("payload", payload.toString()));
    }

    public static String homeOpened(String eventId) {
        return "{\"token\":\"x\",\"team_id\":\"T0001\",\"api_app_id\":\"A0APP\",\"type\":\"event_callback\","
                + "\"event_id\":\"" + eventId + "\",\"event_time\":1700000000,\"event\":{\"type\":\"app_home_opened\","
                + "\"user\":\"U0JANE0001\",\"channel\":\"D0JANE0001\",\"tab\":\"home\",\"event_ts\":\"1700000000.1\"}}";
    }

    public static String urlVerification(String challenge) {
        return "{\"token\":\"x\",\"challenge\":\"" + challenge + "\",\"type\":\"url_verification\"}";
    }
}
