package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.slack.SlackMessages;
import io.codebuildnotifier.function.InteractionsFunction;
import io.codebuildnotifier.function.InteractionsHandler;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.testkit.SignedSlack;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The sandbox replay's interactive part: people answering the messages in Slack, played through the real
 * interactions handler ({@link InteractionsHandler}, no work queue: the work is done in the same invocation) with
 * Function URL requests signed as Slack signs them, with the sandbox's signing secret ({@code signing_secret} of the
 * secret {@value Sandbox#SLACK_SECRET_NAME}). Each click is built from the message the sandbox's Slack holds (its ts,
 * blocks, attachments, and the button's value), each dialog submission from the view Slack opened. Each step prints
 * the request, the handler's log line, the HTTP status and answer, and what Slack then showed: message updates,
 * response_url answers, dialogs.
 *
 * <p>The story, played after the approval is waiting (before {@code approval-approved.json}, the event CodePipeline
 * sends once it is approved):
 * <ol>
 *   <li>Jane retries the failed {@code widgets-ci #43} from her DM: allowed, the DM loses its button and says so;</li>
 *   <li>Erin, a stranger to that build, clicks the same Retry in {@code #builds}: refused, nothing retried;</li>
 *   <li>Bob (the approver, {@code CBN_APPROVERS}; no author of the release's commit) clicks Approve in
 *       {@code #releases}, and submits the dialog with a comment: approved;</li>
 *   <li>Jane types {@code /codebuild status};</li>
 *   <li>a request signed with another secret: refused, 401.</li>
 * </ol>
 */
final class InteractiveStory {
    static final String AUTHOR = "U0JANE0001";
    static final String STRANGER = "W0ERIN0005";
    static final String APPROVER = "U0BOB00002";
    static final String COMMENT = "Staging checked: widget sizes validate";
    /** The build Jane retries: {@code push-main-failed.json}'s {@code widgets-ci #43}. */
    static final String RETRIED_BUILD = "widgets-ci:cf690ad4-1cc4-59a4-a07d-570c750f31ac";
    static final String RELEASES = "C0RELEASE1";
    static final String BUILDS = "C0BUILDS01";

    private final Sandbox sandbox;
    private final PrintStream out;
    private final InteractionsHandler handler;
    private final String secret;
    private final Map<String, String> names;
    private final Caught audit;
    private int step;
    private int failures;

    private InteractiveStory(Sandbox sandbox, PrintStream out, InteractionsHandler handler, String secret,
                             Map<String, String> names, Caught audit) {
        this.audit = audit;
        this.sandbox = sandbox;
        this.out = out;
        this.handler = handler;
        this.secret = secret;
        this.names = names;
    }

    /** Plays the story; answers how many steps did not go as told (0: all did). */
    static int play(Map<String, String> env, Sandbox sandbox, Path fixtures, PrintStream out) {
        String secret = sandbox.signingSecret();
        if (secret == null) {
            out.println("  the sandbox's secret " + Sandbox.SLACK_SECRET_NAME + " has no signing_secret: no interactions");
            return 1;
        }
        InteractionsFunction function;
        try {
            function = InteractionsFunction.fromEnvironment(env);
        } catch (RuntimeException e) {
            out.println(LogText.oneLine("configuration error: " + e.getMessage()));
            return 1;
        }
        out.println("── Slack, the other way: people answer the messages (the interactions function, requests signed"
                + " with the sandbox's signing secret)");
        out.println();
        // the core writes one line per request to standard output (CloudWatch in Lambda), to the System.out it finds
        // when it is made: caught for the whole story, and shown with each step's
        PrintStream stdout = System.out;
        Caught audit = new Caught();
        System.setOut(new PrintStream(audit, true, StandardCharsets.UTF_8));
        try {
            InteractiveStory story = new InteractiveStory(sandbox, out, new InteractionsHandler(function), secret,
                    names(fixtures), audit);
            story.retryByTheAuthor();
            story.retryByAStranger();
            story.approveWithAComment();
            story.status();
            story.forged();
            return story.failures;
        } finally {
            System.setOut(stdout);
        }
    }

    // ------------------------------------------------------------------ the steps

    private void retryByTheAuthor() {
        Optional<Sandbox.SlackMessageHistory> dm = messageWith(dm(AUTHOR), RETRIED_BUILD);
        if (dm.isEmpty()) {
            missing("Jane's DM about " + RETRIED_BUILD);
            return;
        }
        int before = sandbox.buildRetries().size();
        ObjectNode click = click(AUTHOR, "jane", dm.get(), "retry_build");
        Reply reply = send("jane clicks [Retry build] on widgets-ci #43 in her DM", SignedSlack.payload(click), secret);
        expect(reply.status() == 200 && sandbox.buildRetries().size() == before + 1, "a build retried");
    }

    private void retryByAStranger() {
        Optional<Sandbox.SlackMessageHistory> channel = messageWith(BUILDS, RETRIED_BUILD);
        if (channel.isEmpty()) {
            missing("#builds' message about " + RETRIED_BUILD);
            return;
        }
        int before = sandbox.buildRetries().size();
        ObjectNode click = click(STRANGER, "erin", channel.get(), "retry_build");
        Reply reply = send("erin clicks [Retry build] on the same build in #builds", SignedSlack.payload(click),
                secret);
        expect(reply.status() == 200 && sandbox.buildRetries().size() == before, "nothing retried");
    }

    private void approveWithAComment() {
        Optional<Sandbox.SlackMessageHistory> approval = messageWith(RELEASES, "\"approve\"");
        if (approval.isEmpty()) {
            missing("#releases' approval message with its Approve button");
            return;
        }
        int views = sandbox.slackViews().size();
        int decisions = sandbox.approvalDecisions().size();
        ObjectNode click = click(APPROVER, "bob", approval.get(), "approve");
        send("bob clicks [Approve] on the release waiting in #releases", SignedSlack.payload(click), secret);
        List<Sandbox.SlackView> opened = sandbox.slackViews();
        if (opened.size() == views) {
            missing("the dialog the click opens");
            return;
        }
        ObjectNode submission = submission(APPROVER, "bob", opened.getLast(), COMMENT);
        Reply reply = send("bob writes \"" + COMMENT + "\" and submits the dialog", SignedSlack.payload(submission),
                secret);
        expect(reply.status() == 200 && sandbox.approvalDecisions().size() == decisions + 1
                && sandbox.approvalDecisions().getLast().status().equals("Approved"), "the release approved");
    }

    private void status() {
        String body = SignedSlack.form(command(AUTHOR, "jane", "status"));
        Reply reply = send("jane types /codebuild status", body, secret);
        expect(reply.status() == 200, "an answer");
    }

    private void forged() {
        String body = SignedSlack.form(command(STRANGER, "erin", "deploy web-release"));
        Reply reply = send("someone else posts /codebuild deploy web-release, signed with another secret", body,
                "not-" + secret);
        expect(reply.status() == 401, "refused");
    }

    // ------------------------------------------------------------------ requests

    /** A {@code block_actions} payload: {@code user} clicks the button {@code actionId} of the message as Slack has it. */
    private ObjectNode click(String user, String username, Sandbox.SlackMessageHistory shown, String actionId) {
        Sandbox.SlackContent content = shown.current();
        ObjectNode message = Json.object();
        message.put("type", "message").put("subtype", "bot_message").put("text", content.text())
                .put("ts", shown.ts()).put("bot_id", "B0SANDBOX1");
        message.set("blocks", array(content.blocksJson()));
        ArrayNode attachments = array(content.attachmentsJson());
        // Slack numbers a message's attachments from 1, and says in which one a clicked button is
        int attachmentId = 0;
        JsonNode button = null;
        for (int i = 0; i < attachments.size(); i++) {
            ((ObjectNode) attachments.get(i)).put("id", i + 1);
            JsonNode found = button(attachments.get(i).path("blocks"), actionId);
            if (found != null && button == null) {
                button = found;
                attachmentId = i + 1;
            }
        }
        if (!attachments.isEmpty()) {
            message.set("attachments", attachments);
        }
        if (button == null) {
            button = button(message.path("blocks"), actionId);
        }
        if (button == null) {
            throw new IllegalStateException("no " + actionId + " button on the message " + shown.ts());
        }
        String trigger = trigger();
        ObjectNode payload = Json.object();
        payload.put("type", "block_actions");
        payload.putObject("user").put("id", user).put("username", username).put("name", username)
                .put("team_id", "T0SANDBOX1");
        payload.put("api_app_id", "A0SANDBOX1").put("token", "deprecated-verification-token");
        ObjectNode container = payload.putObject("container");
        container.put("type", attachmentId > 0 ? "message_attachment" : "message").put("message_ts", shown.ts());
        if (attachmentId > 0) {
            container.put("attachment_id", attachmentId);
        }
        container.put("channel_id", shown.channel()).put("is_ephemeral", false);
        if (attachmentId > 0) {
            container.put("is_app_unfurl", false);
        }
        payload.put("trigger_id", trigger);
        payload.putObject("team").put("id", "T0SANDBOX1").put("domain", "sandbox");
        payload.putObject("channel").put("id", shown.channel()).put("name", names.getOrDefault(shown.channel(),
                "directmessage"));
        payload.set("message", message);
        payload.put("response_url", sandbox.slackResponseUrl("click-" + step));
        ObjectNode action = payload.putArray("actions").addObject();
        action.put("type", "button").put("action_id", actionId).put("block_id", button.path("block_id").asText())
                .set("text", button.path("text"));
        action.put("value", button.path("value").asText()).put("action_ts", Instant.now().getEpochSecond() + ".000100");
        return payload;
    }

    /** A {@code view_submission} payload: {@code user} submits the dialog Slack opened, with {@code comment} typed. */
    private ObjectNode submission(String user, String username, Sandbox.SlackView opened, String comment) {
        ObjectNode view = (ObjectNode) tree(opened.viewJson());
        view.put("id", "V0SANDBOX" + step).put("team_id", "T0SANDBOX1").put("app_id", "A0SANDBOX1")
                .put("hash", "1700000000.sandbox");
        ObjectNode values = view.putObject("state").putObject("values");
        for (JsonNode block : view.path("blocks")) {
            if (block.path("type").asText().equals("input")) {
                JsonNode element = block.path("element");
                values.putObject(block.path("block_id").asText()).putObject(element.path("action_id").asText())
                        .put("type", element.path("type").asText()).put("value", comment);
            }
        }
        ObjectNode payload = Json.object();
        payload.put("type", "view_submission");
        payload.putObject("user").put("id", user).put("username", username).put("name", username)
                .put("team_id", "T0SANDBOX1");
        payload.put("api_app_id", "A0SANDBOX1").put("token", "deprecated-verification-token")
                .put("trigger_id", trigger());
        payload.putObject("team").put("id", "T0SANDBOX1").put("domain", "sandbox");
        payload.set("view", view);
        payload.putArray("response_urls");
        return payload;
    }

    /** A slash command's form fields, as Slack posts {@code /codebuild TEXT} typed in #builds. */
    private Map<String, String> command(String user, String username, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "deprecated-verification-token");
        fields.put("team_id", "T0SANDBOX1");
        fields.put("team_domain", "sandbox");
        fields.put("channel_id", BUILDS);
        fields.put("channel_name", "builds");
        fields.put("user_id", user);
        fields.put("user_name", username);
        fields.put("command", "/codebuild");
        fields.put("text", text);
        fields.put("api_app_id", "A0SANDBOX1");
        fields.put("response_url", sandbox.slackResponseUrl("command-" + step));
        fields.put("trigger_id", trigger());
        return fields;
    }

    private String trigger() {
        return Instant.now().getEpochSecond() + ".1000" + step + ".sandbox" + step;
    }

    // ------------------------------------------------------------------ sending and showing

    record Reply(int status, String body) {
    }

    /** What was written to standard output, kept until taken. */
    private static final class Caught extends java.io.OutputStream {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized List<String> take() {
            List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            bytes.reset();
            return lines;
        }
    }

    /**
     * Posts a body to the handler as Slack would (form encoded, base64 in the Function URL event), signed with
     * {@code signedWith} now; prints the request, the log line, the answer and what Slack showed since.
     */
    private Reply send(String what, String body, String signedWith) {
        step++;
        out.println("▶ Slack: " + what);
        int accepted = sandbox.slackAccepted().size();
        int responses = sandbox.slackResponses().size();
        int views = sandbox.slackViews().size();
        ObjectNode event = FunctionUrlRequests.signedForm(signedWith, body);
        TestLambdaContext context = new TestLambdaContext("sandbox-interaction-" + step, 30_000);
        JsonNode response = handler.handle(new ByteArrayInputStream(event.toString().getBytes(
                StandardCharsets.UTF_8)), context);
        List<String> logged = new ArrayList<>(audit.take());
        logged.addAll(context.logged());
        // the handler's time is the sandbox's, nothing to read into: left out so that the story reads the same
        logged.forEach(line -> out.println("  " + LogText.oneLine(line.strip()
                .replaceFirst(" \\(\\d+ ms\\)$", ""))));
        Reply reply = new Reply(response.path("statusCode").asInt(), response.path("body").asText(""));
        out.println("  ← HTTP " + reply.status() + (reply.body().isEmpty() ? " (no body)" : ""));
        if (!reply.body().isEmpty()) {
            JsonNode answer = tree(reply.body());
            box("answered at once (" + answer.path("response_type").asText("ephemeral") + ")",
                    SlackMessages.readable(answer.path("text").asText(""), json(answer.path("blocks")),
                            json(answer.path("attachments"))));
        }
        for (Sandbox.SlackAccepted message : from(sandbox.slackAccepted(), accepted)) {
            String how = message.method().equals("chat.update") ? "update" : "post";
            box(how + " to " + where(message.channel()),
                    SlackMessages.readable(message.text(), message.blocksJson(), message.attachmentsJson()));
        }
        for (Sandbox.SlackView view : from(sandbox.slackViews(), views)) {
            JsonNode shown = tree(view.viewJson());
            box("dialog \"" + shown.path("title").path("text").asText() + "\" opened", dialog(shown));
        }
        for (Sandbox.SlackResponse answer : from(sandbox.slackResponses(), responses)) {
            JsonNode shown = tree(answer.bodyJson());
            String kind = shown.path("replace_original").asBoolean(false) ? "replacing the message"
                    : shown.path("response_type").asText("ephemeral");
            box("answer to the response_url (" + kind + ")", SlackMessages.readable(shown.path("text").asText(""),
                    json(shown.path("blocks")), json(shown.path("attachments"))));
        }
        out.println();
        return reply;
    }

    private void box(String title, String shown) {
        out.println("  ┌─ Slack " + LogText.oneLine(title));
        for (String line : names(shown).split("\n")) {
            out.println("  │ " + LogText.oneLine(line));
        }
        out.println("  └─");
    }

    /** A dialog as Slack shows it: its blocks, an input by its label, and its buttons. */
    private static String dialog(JsonNode view) {
        List<String> lines = new ArrayList<>();
        for (JsonNode block : view.path("blocks")) {
            if (block.path("type").asText().equals("input")) {
                lines.add(block.path("label").path("text").asText() + (block.path("optional").asBoolean(false)
                        ? " (optional)" : "") + ": [                    ]");
            } else {
                lines.add(SlackMessages.readable("", "[" + block + "]", null));
            }
        }
        List<String> buttons = new ArrayList<>();
        if (view.path("close").isObject()) {
            buttons.add("[" + view.path("close").path("text").asText() + "]");
        }
        if (view.path("submit").isObject()) {
            buttons.add("[" + view.path("submit").path("text").asText() + "]");
        }
        lines.add(String.join(" ", buttons));
        return String.join("\n", lines);
    }

    /** Mentions by the member's name, as Slack shows them. */
    private String names(String shown) {
        String named = shown;
        for (Map.Entry<String, String> person : names.entrySet()) {
            if (!person.getKey().startsWith("C")) {
                named = named.replace("@" + person.getKey(), "@" + person.getValue());
            }
        }
        return named;
    }

    private String where(String channel) {
        if (channel.startsWith("D")) {
            String member = names.keySet().stream().filter(id -> !id.startsWith("C")
                    && ("D" + id.substring(1)).equals(channel)).findFirst().orElse(channel);
            return "DM " + member;
        }
        return "channel #" + names.getOrDefault(channel, channel);
    }

    private Optional<Sandbox.SlackMessageHistory> messageWith(String channel, String text) {
        Predicate<Sandbox.SlackContent> has = content -> (content.blocksJson() + content.attachmentsJson())
                .contains(text);
        return sandbox.slackMessages().stream().filter(m -> m.channel().equals(channel) && has.test(m.current()))
                .findFirst();
    }

    private static String dm(String member) {
        return "D" + member.substring(1);
    }

    private void expect(boolean held, String what) {
        if (!held) {
            out.println("  ✗ the story expected " + what + " here");
            out.println();
            failures++;
        }
    }

    private void missing(String what) {
        out.println("  ✗ the story cannot go on: no " + what + " in the sandbox's Slack");
        out.println();
        failures++;
    }

    private static JsonNode button(JsonNode blocks, String actionId) {
        for (JsonNode block : blocks) {
            for (JsonNode element : block.path("elements")) {
                if (element.path("action_id").asText().equals(actionId)) {
                    ObjectNode found = ((ObjectNode) element).deepCopy();
                    found.put("block_id", block.path("block_id").asText(""));
                    return found;
                }
            }
        }
        return null;
    }

    /** Member ids and channel ids to names, from the sandbox's Slack fixtures. */
    private static Map<String, String> names(Path fixtures) {
        Map<String, String> names = new LinkedHashMap<>();
        try {
            for (JsonNode user : Json.MAPPER.readTree(fixtures.resolve("slack/users.json").toFile())) {
                String real = user.path("real_name").asText("");
                names.put(user.path("id").asText(), real.isEmpty() ? user.path("name").asText() : real);
            }
            for (JsonNode channel : Json.MAPPER.readTree(fixtures.resolve("slack/channels.json").toFile())) {
                names.put(channel.path("id").asText(), channel.path("name").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static <T> List<T> from(List<T> all, int start) {
        return all.size() > start ? all.subList(start, all.size()) : List.of();
    }

    private static ArrayNode array(String json) {
        JsonNode node = json == null || json.isBlank() ? null : tree(json);
        return node instanceof ArrayNode array ? array.deepCopy() : Json.MAPPER.createArrayNode();
    }

    private static String json(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.toString();
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
