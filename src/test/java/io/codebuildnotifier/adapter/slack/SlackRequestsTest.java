package io.codebuildnotifier.adapter.slack;

import static io.codebuildnotifier.testkit.SignedSlack.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.slack.SlackRequests.Inbound;
import io.codebuildnotifier.adapter.slack.SlackRequests.Result;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.testkit.SignedSlack;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifying and reading Slack's requests: every check, every kind, and what hostile bodies become. */
class SlackRequestsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Inbound signed(String body, String contentType) {
        return new Inbound(SignedSlack.headers(SECRET, NOW, body, contentType), body, false);
    }

    private static Result read(Inbound inbound) {
        return SlackRequests.read(inbound, SECRET, NOW);
    }

    private static Request parsed(String body, String contentType) {
        Result result = read(signed(body, contentType));
        return assertInstanceOf(Result.Parsed.class, result, String.valueOf(result)).request();
    }

    private static String rejection(Inbound inbound) {
        return assertInstanceOf(Result.Rejected.class, read(inbound)).reason();
    }

    // ------------------------------------------------------------------ verification

    @Test
    void aSignedCommandIsRead() {
        Request.Command command = assertInstanceOf(Request.Command.class,
                parsed(SignedSlack.command("status web", "13345224609.738474920.8088930838"), SignedSlack.FORM));
        assertEquals("13345224609.738474920.8088930838", command.requestId());
        assertEquals("U0JANE0001", command.actor().chatId());
        assertEquals("jane", command.actor().name());
        assertEquals("/codebuild", command.command());
        assertEquals("status web", command.text());
        assertEquals("https://hooks.slack.com/commands/T0001/1/abc", command.replyTo());
    }

    @Test
    void slacksOwnExampleSignatureIsAccepted() {
        // the example of Slack's "Verifying requests from Slack" guide
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgc"
                + "ZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        Map<String, String> headers = Map.of("X-Slack-Request-Timestamp", "1531420618",
                "X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
        Result result = SlackRequests.read(new Inbound(headers, body, false), "8f742231b10e8888abcd99yyyzzz85a5",
                Instant.ofEpochSecond(1531420618 + 10));
        Request.Command command = assertInstanceOf(Request.Command.class,
                assertInstanceOf(Result.Parsed.class, result).request());
        assertEquals("U2CERLKJA", command.actor().chatId());
        assertEquals("/webhook-collect", command.command());
    }

    @Test
    void headerNamesAreReadInAnyCase() {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> headers = new HashMap<>();
        SignedSlack.headers(SECRET, NOW, body, SignedSlack.FORM).forEach((name, value) -> headers.put(
                name.equals("x-slack-signature") ? "X-Slack-Signature" : name.toUpperCase(), value));
        assertInstanceOf(Result.Parsed.class, read(new Inbound(headers, body, false)));
    }

    @Test
    void aBase64BodyIsDecodedBeforeItIsChecked() {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> headers = SignedSlack.headers(SECRET, NOW, body, SignedSlack.FORM);
        String encoded = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(Result.Parsed.class, read(new Inbound(headers, encoded, true)));
        // the encoded form is not what Slack signed
        assertEquals("X-Slack-Signature does not match", rejection(new Inbound(headers, encoded, false)));
        assertEquals("body is not base64", rejection(new Inbound(headers, "%%%not base64%%%", true)));
    }

    @Test
    void anotherSecretsSignatureIsRefused() {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> headers = SignedSlack.headers("some-other-secret", NOW, body, SignedSlack.FORM);
        assertEquals("X-Slack-Signature does not match", rejection(new Inbound(headers, body, false)));
    }

    @Test
    void anAlteredBodyIsRefused() {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> headers = SignedSlack.headers(SECRET, NOW, body, SignedSlack.FORM);
        assertEquals("X-Slack-Signature does not match", rejection(new Inbound(headers,
                body.replace("U0JANE0001", "U0ADMIN001"), false)));
        assertEquals("X-Slack-Signature does not match", rejection(new Inbound(headers, body + "&x=1", false)));
    }

    @Test
    void aSignatureOfAnotherTimestampIsRefused() {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> headers = new HashMap<>(SignedSlack.headers(SECRET, NOW.minusSeconds(60), body,
                SignedSlack.FORM));
        headers.put("x-slack-request-timestamp", Long.toString(NOW.getEpochSecond()));
        assertEquals("X-Slack-Signature does not match", rejection(new Inbound(headers, body, false)));
    }

    @ParameterizedTest
    @ValueSource(longs = {-301, 301, -86_400, 86_400 * 365})
    void aTimestampMoreThanFiveMinutesAwayIsRefusedEitherWay(long seconds) {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> headers = SignedSlack.headers(SECRET, NOW.plusSeconds(seconds), body, SignedSlack.FORM);
        String reason = rejection(new Inbound(headers, body, false));
        assertTrue(reason.startsWith("X-Slack-Request-Timestamp is " + Math.abs(seconds) + " s from now"), reason);
    }

    @ParameterizedTest
    @ValueSource(longs = {-300, -1, 0, 1, 300})
    void aTimestampWithinFiveMinutesIsAccepted(long seconds) {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> headers = SignedSlack.headers(SECRET, NOW.plusSeconds(seconds), body, SignedSlack.FORM);
        assertInstanceOf(Result.Parsed.class, read(new Inbound(headers, body, false)));
    }

    @Test
    void missingOrOddHeadersAreRefused() {
        String body = SignedSlack.command("help", "1.2.3");
        Map<String, String> good = SignedSlack.headers(SECRET, NOW, body, SignedSlack.FORM);

        Map<String, String> noTimestamp = new HashMap<>(good);
        noTimestamp.remove("x-slack-request-timestamp");
        assertEquals("no X-Slack-Request-Timestamp", rejection(new Inbound(noTimestamp, body, false)));

        Map<String, String> noSignature = new HashMap<>(good);
        noSignature.remove("x-slack-signature");
        assertEquals("no X-Slack-Signature", rejection(new Inbound(noSignature, body, false)));

        for (String odd : List.of("", "abc", "1.5e9", "-1531420618", "99999999999999999999", "0x5b")) {
            Map<String, String> headers = new HashMap<>(good);
            headers.put("x-slack-request-timestamp", odd);
            assertEquals("X-Slack-Request-Timestamp is not a number", rejection(new Inbound(headers, body, false)),
                    odd);
        }
        for (String odd : List.of("", "v0=", "v1=" + good.get("x-slack-signature").substring(3),
                good.get("x-slack-signature").toUpperCase(), good.get("x-slack-signature").substring(0, 40))) {
            Map<String, String> headers = new HashMap<>(good);
            headers.put("x-slack-signature", odd);
            assertInstanceOf(Result.Rejected.class, read(new Inbound(headers, body, false)), odd);
        }
        assertEquals("no X-Slack-Request-Timestamp", rejection(new Inbound(null, body, false)));
        assertEquals("no X-Slack-Request-Timestamp", rejection(new Inbound(Map.of(), null, false)));
    }

    @Test
    void aBodyOverTheCapIsRefusedBeforeAnythingElse() {
        String huge = "text=" + "a".repeat(SlackRequests.MAX_BODY);
        // signed correctly: the size alone refuses it
        assertEquals("body over 65536 bytes", rejection(signed(huge, SignedSlack.FORM)));
        String encoded = Base64.getEncoder().encodeToString(huge.getBytes(StandardCharsets.UTF_8));
        assertEquals("body over 65536 bytes", rejection(new Inbound(SignedSlack.headers(SECRET, NOW, huge,
                SignedSlack.FORM), encoded, true)));
        assertEquals("body over 65536 bytes", rejection(new Inbound(Map.of(), "x".repeat(10_000_000), true)));
        // multi-byte characters count as bytes
        String wide = "text=" + "é".repeat(SlackRequests.MAX_BODY / 2 + 1);
        assertEquals("body over 65536 bytes", rejection(signed(wide, SignedSlack.FORM)));
        String justFits = SignedSlack.command("x".repeat(SlackRequests.MAX_BODY - 400), "1.2.3");
        assertTrue(justFits.length() <= SlackRequests.MAX_BODY);
        assertInstanceOf(Result.Parsed.class, read(signed(justFits, SignedSlack.FORM)));
    }

    @Test
    void noReasonNamesTheBodyOrTheSignature() {
        String body = SignedSlack.command("secret-looking-text", "1.2.3");
        Map<String, String> headers = SignedSlack.headers("wrong", NOW, body, SignedSlack.FORM);
        String reason = rejection(new Inbound(headers, body, false));
        assertFalse(reason.contains("secret-looking-text"));
        assertFalse(reason.contains(headers.get("x-slack-signature")));
        assertFalse(reason.contains(SECRET));
    }

    // ------------------------------------------------------------------ reading

    @Test
    void aButtonClickOnAMessageIsRead() {
        ObjectNode payload = SignedSlack.blockActions(Actions.RETRY_BUILD,
                "{\"build\":\"widgets-ci:0b8f\",\"people\":\"U0JANE0001,U0JOHN0002\"}", "111.222.333");
        Request.Click click = assertInstanceOf(Request.Click.class, parsed(SignedSlack.payload(payload),
                SignedSlack.FORM));
        assertEquals("111.222.333", click.requestId());
        assertEquals("111.222.333", click.dialogTrigger());
        assertEquals("U0JANE0001", click.actor().chatId());
        assertEquals("jane", click.actor().name());
        assertEquals(Actions.RETRY_BUILD, click.actionId());
        assertEquals(Map.of(Actions.BUILD_ID, "widgets-ci:0b8f", Actions.PEOPLE, "U0JANE0001,U0JOHN0002"),
                click.args());
        assertEquals(new MessageRef("D0JANE0001", "1700000000.000100"), click.message().orElseThrow().ref());
        assertEquals(payload.path("message"), readJson(click.message().orElseThrow().opaque()));
        assertEquals(Optional.empty(), click.picked());
        assertEquals("https://hooks.slack.com/actions/T0001/2/def", click.replyTo());
    }

    @Test
    void aButtonInAnAttachmentIsOnItsMessage() {
        // Slack's container for a button in an attachment's blocks, as the notifications carry theirs
        ObjectNode payload = SignedSlack.blockActions(Actions.RETRY_BUILD, "{\"build\":\"widgets-ci:0b8f\"}", "1.2.9");
        payload.putObject("container").put("type", "message_attachment").put("message_ts", "1700000000.000100")
                .put("attachment_id", 1).put("channel_id", "C0BUILDS01").put("is_ephemeral", false)
                .put("is_app_unfurl", false);
        Request.Click click = (Request.Click) parsed(SignedSlack.payload(payload), SignedSlack.FORM);
        assertEquals(new MessageRef("C0BUILDS01", "1700000000.000100"), click.message().orElseThrow().ref());
    }

    @Test
    void anEphemeralMessageOrAViewCannotBeChangedSoItIsNoMessage() {
        ObjectNode ephemeral = SignedSlack.blockActions(Actions.CONFIRM_DEPLOY, "{\"pipeline\":\"web\"}", "1.2.3");
        ((ObjectNode) ephemeral.path("container")).put("is_ephemeral", true);
        assertEquals(Optional.empty(), ((Request.Click) parsed(SignedSlack.payload(ephemeral), SignedSlack.FORM))
                .message());
        ObjectNode view = SignedSlack.blockActions(Actions.CONFIRM_DEPLOY, null, "1.2.4");
        view.putObject("container").put("type", "view").put("view_id", "V123");
        Request.Click click = (Request.Click) parsed(SignedSlack.payload(view), SignedSlack.FORM);
        assertEquals(Optional.empty(), click.message());
        assertEquals(Map.of(), click.args(), "a button without a value has no args");
    }

    @Test
    void aUserPickerGivesThePickedMember() {
        // a picker has no value: its arguments are its block's id, as the message rendered it
        ObjectNode payload = SignedSlack.blockActions(Actions.LINK_PERSON, null, "1.2.5");
        ObjectNode action = (ObjectNode) payload.path("actions").path(0);
        action.put("type", "users_select").put("selected_user", "U0JANE0001")
                .put("block_id", "{\"email\":\"jane@old-mail.com\"}");
        Request.Click click = (Request.Click) parsed(SignedSlack.payload(payload), SignedSlack.FORM);
        assertEquals(Optional.of("U0JANE0001"), click.picked());
        assertEquals(Map.of(Actions.EMAIL, "jane@old-mail.com"), click.args());

        action.remove("selected_user");
        assertInstanceOf(Result.Ignored.class, read(signed(SignedSlack.payload(payload), SignedSlack.FORM)));
    }

    @Test
    void aDialogSubmissionIsReadWithItsMetadataAndComment() {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("type", "view_submission");
        payload.putObject("user").put("id", "U0JANE0001").put("username", "jane");
        payload.put("trigger_id", "9.8.7");
        ObjectNode view = payload.putObject("view");
        view.put("id", "V0001").put("callback_id", Actions.DECIDE_DIALOG);
        view.put("private_metadata", "{\"args\":{\"pipeline\":\"web\",\"stage\":\"Prod\",\"action\":\"Approve\","
                + "\"execution\":\"e-1\",\"decision\":\"Approved\"},\"about\":\"C0BUILDS01/1700000000.000100\","
                + "\"reply_to\":\"https://hooks.slack.com/actions/T0001/3/ghi\"}");
        view.putObject("state").putObject("values").putObject("comment_block").putObject(Actions.COMMENT_INPUT)
                .put("type", "plain_text_input").put("value", "Ship it");
        Request.Submission submission = assertInstanceOf(Request.Submission.class,
                parsed(SignedSlack.payload(payload), SignedSlack.FORM));
        assertEquals("9.8.7", submission.requestId());
        assertEquals(Actions.DECIDE_DIALOG, submission.dialogId());
        assertEquals("web", submission.args().get(Actions.PIPELINE));
        assertEquals("Approved", submission.args().get(Actions.DECISION));
        assertEquals(Map.of(Actions.COMMENT_INPUT, "Ship it"), submission.inputs());
        assertEquals(Optional.of(new MessageRef("C0BUILDS01", "1700000000.000100")), submission.about());
        assertEquals("https://hooks.slack.com/actions/T0001/3/ghi", submission.replyTo());

        // an empty optional comment comes with no value
        ((ObjectNode) view.path("state").path("values").path("comment_block").path(Actions.COMMENT_INPUT))
                .putNull("value");
        assertEquals(Map.of(), ((Request.Submission) parsed(SignedSlack.payload(payload), SignedSlack.FORM))
                .inputs());

        view.put("private_metadata", "not ours");
        assertInstanceOf(Result.Ignored.class, read(signed(SignedSlack.payload(payload), SignedSlack.FORM)));
    }

    @Test
    void theEventsApiHandshakeAndTheHomeTab() {
        assertEquals(new Result.Challenge("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
                read(signed(SignedSlack.urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
                        SignedSlack.JSON_TYPE)));
        Request.HomeOpened home = assertInstanceOf(Request.HomeOpened.class,
                parsed(SignedSlack.homeOpened("Ev0PV52K25"), SignedSlack.JSON_TYPE));
        assertEquals("Ev0PV52K25", home.requestId());
        assertEquals("U0JANE0001", home.actor().chatId());

        assertInstanceOf(Result.Ignored.class, read(signed(SignedSlack.homeOpened("Ev1").replace("\"home\"",
                "\"messages\""), SignedSlack.JSON_TYPE)), "the Messages tab");
        assertInstanceOf(Result.Ignored.class, read(signed(SignedSlack.homeOpened("Ev2").replace("app_home_opened",
                "message"), SignedSlack.JSON_TYPE)), "an event we do not handle");
        assertInstanceOf(Result.Ignored.class, read(signed(SignedSlack.homeOpened("Ev3").replace("\"tab\"",
                "\"bot_id\":\"B0OURS\",\"tab\""), SignedSlack.JSON_TYPE)), "a bot's own event");
        // without a content type, JSON is told by its first character
        assertInstanceOf(Result.Parsed.class, read(signed(SignedSlack.homeOpened("Ev4"), "")));
    }

    @Test
    void otherKindsAreIgnored() {
        for (String type : List.of("view_closed", "shortcut", "message_action", "block_suggestion", "")) {
            ObjectNode payload = SignedSlack.blockActions("x", null, "1.2.3");
            payload.put("type", type);
            assertInstanceOf(Result.Ignored.class, read(signed(SignedSlack.payload(payload), SignedSlack.FORM)), type);
        }
        assertInstanceOf(Result.Ignored.class, read(signed("{\"type\":\"app_rate_limited\"}", SignedSlack.JSON_TYPE)));
        assertInstanceOf(Result.Ignored.class, read(signed("a=1&b=2", SignedSlack.FORM)));
    }

    // ------------------------------------------------------------------ hostile bodies

    @Test
    void malformedSignedBodiesAreIgnoredNeverThrown() {
        List<String> bodies = List.of("", "&&&", "=", "payload=", "payload=%7B", "payload=%ZZ", "payload=null",
                "payload=%5B%5D", "payload=42", "{", "[]", "{\"type\":\"event_callback\"}",
                "{\"type\":\"event_callback\",\"event\":[]}", "{\"type\":\"url_verification\"}",
                "{\"type\":\"url_verification\",\"challenge\":{}}", "command=", "command=%2F&user_id=U1&trigger_id=1",
                "command=%2Fcodebuild&user_id=U1", "command=%2Fcodebuild&trigger_id=1",
                "command=%2Fcodebuild&user_id=U%20X&trigger_id=1",
                SignedSlack.payload(SignedSlack.blockActions("retry", "not json", "1.2.3")),
                SignedSlack.payload(SignedSlack.blockActions("retry", "[1,2]", "1.2.3")),
                SignedSlack.payload(SignedSlack.blockActions("", "{}", "1.2.3")),
                SignedSlack.payload(SignedSlack.blockActions("retry", "{}", "")),
                SignedSlack.payload(SignedSlack.blockActions("retry", "{}", "1.2.3").put("actions", "oops")),
                SignedSlack.payload(SignedSlack.blockActions("retry", "{}", "1.2.3").put("user", 7)),
                SignedSlack.payload(SignedSlack.blockActions("x".repeat(300), "{}", "1.2.3")),
                "payload=" + "%7B%22a%22%3A".repeat(2_000));
        for (String body : bodies) {
            for (String type : List.of(SignedSlack.FORM, SignedSlack.JSON_TYPE, "")) {
                Result result = read(signed(body, type));
                assertTrue(result instanceof Result.Ignored || result instanceof Result.Rejected,
                        body + " as " + type + ": " + result);
            }
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(600)];
            random.nextBytes(bytes);
            String body = new String(bytes, StandardCharsets.ISO_8859_1);
            Map<String, String> headers = new LinkedHashMap<>(SignedSlack.headers(SECRET, NOW, body,
                    i % 2 == 0 ? SignedSlack.FORM : SignedSlack.JSON_TYPE));
            assertIgnoredOrRejected(read(new Inbound(headers, body, false)));
            assertIgnoredOrRejected(read(new Inbound(headers, Base64.getEncoder().encodeToString(bytes), true)));
            assertIgnoredOrRejected(SlackRequests.parse(new SlackRequests.Verified("payload=" + body,
                    SignedSlack.FORM, 0)));
        }
    }

    /** Noise is never a request: at most Slack's but nothing to act on, or refused. */
    private static void assertIgnoredOrRejected(Result result) {
        assertTrue(result instanceof Result.Ignored || result instanceof Result.Rejected, () -> "read as " + result);
    }

    @Test
    void theRetryNumberIsKeptAndChangesNothingElse() {
        String body = SignedSlack.command("status", "1.2.3");
        Map<String, String> headers = new HashMap<>(SignedSlack.headers(SECRET, NOW, body, SignedSlack.FORM));
        Request first = assertInstanceOf(Result.Parsed.class, read(new Inbound(headers, body, false))).request();
        headers.put("X-Slack-Retry-Num", "2");
        headers.put("X-Slack-Retry-Reason", "http_timeout");
        Inbound retry = new Inbound(headers, body, false);
        assertEquals(2, retry.retryNum());
        assertEquals(first, assertInstanceOf(Result.Parsed.class, read(retry)).request());
    }

    @Test
    void verifiedNeverPrintsItsBody() {
        assertFalse(new SlackRequests.Verified("token=abc&text=hidden", SignedSlack.FORM, 0).toString()
                .contains("hidden"));
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
