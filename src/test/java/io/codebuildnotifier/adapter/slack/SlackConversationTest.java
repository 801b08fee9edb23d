package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.interactions.Answer;
import io.codebuildnotifier.interactions.Conversation;
import io.codebuildnotifier.interactions.Dialog;
import io.codebuildnotifier.interactions.Home;
import io.codebuildnotifier.interactions.Message;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.PostResult;
import io.codebuildnotifier.sandbox.Sandbox;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SlackConversation} with the real Slack client and JDK HTTP client against the loopback Slack. */
class SlackConversationTest {
    static final String TOKEN = "xoxb-conversation-test";
    static final String JANE = "U0CONJANE1";
    static final String BOB = "U0CONBOB01";
    static final String ROOM = "C0CONROOM1";
    static final ObjectMapper JSON = new ObjectMapper();

    static Sandbox sandbox;
    final List<Duration> waits = new ArrayList<>();
    final AtomicInteger refreshes = new AtomicInteger();
    final Deadline deadline = Deadline.in(Duration.ofMinutes(5));

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty(TOKEN);
        for (String[] user : new String[][]{{JANE, "jane@example.com"}, {BOB, ""}}) {
            ObjectNode u = JSON.createObjectNode().put("id", user[0]).put("name", user[0].toLowerCase())
                    .put("deleted", false).put("is_bot", false);
            u.putObject("profile").put("email", user[1]);
            sandbox.putSlackUser(u);
        }
        sandbox.putSlackChannel(ROOM, "conversation-room");
        sandbox.putSlackUsergroup("S0RELEASE1", "release-managers", List.of(JANE, BOB));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void forget() {
        sandbox.clearRecordings();
        sandbox.clearFaults();
    }

    SlackConversation conversation() {
        return new SlackConversation(URI.create(sandbox.slackApiUrl()), d -> TOKEN, refreshes::incrementAndGet,
                new Patience(waits::add), sandbox.slackResponsePrefix());
    }

    @Test
    void anAnswerIsPostedToItsResponseUrlAsJson() throws Exception {
        conversation().answer(sandbox.slackResponseUrl("r1"), Answer.of("Retried: build #13"), deadline);
        Sandbox.SlackResponse response = sandbox.slackResponses().getLast();
        assertEquals("r1", response.id());
        JsonNode body = JSON.readTree(response.bodyJson());
        assertEquals("ephemeral", body.path("response_type").asText());
        assertEquals("Retried: build #13", body.path("text").asText());
    }

    @Test
    void anAnswerGoesNowhereElse() {
        SlackConversation conversation = conversation();
        for (String url : List.of("https://evil.example/response/r2", sandbox.baseUrl() + "/api/chat.postMessage",
                sandbox.slackResponseUrl("r2 x"), sandbox.slackResponseUrl("r2").replace("127.0.0.1", "localhost"),
                "", "http://user@" + sandbox.slackResponseUrl("r2").substring(7))) {
            assertThrows(PermanentFailure.class, () -> conversation.answer(url, Answer.of("x"), deadline), url);
        }
        assertEquals(0, sandbox.count("slack", "response_url"));
        SlackConversation production = new SlackConversation(URI.create(sandbox.slackApiUrl()), d -> TOKEN,
                () -> { }, new Patience(waits::add), SlackConversation.SLACK_RESPONSE_URLS);
        assertTrue(production.allowed("https://hooks.slack.com/actions/T0/123/abc"));
        assertFalse(production.allowed("https://hooks.slack.com.evil.example/actions/T0/123/abc"));
        assertFalse(production.allowed("http://hooks.slack.com/actions/T0/123/abc"));
        assertThrows(IllegalArgumentException.class, () -> new SlackConversation(URI.create(sandbox.slackApiUrl()),
                d -> TOKEN, () -> { }, new Patience(waits::add), "https://hooks.slack.com"));
    }

    @Test
    void anExpiredResponseUrlIsPermanentAndAnOutageTransient() {
        sandbox.expireSlackResponseUrl("r3");
        assertThrows(PermanentFailure.class, () -> conversation().answer(sandbox.slackResponseUrl("r3"),
                Answer.of("x"), deadline));
        sandbox.failNext("slack", "response_url", 4, Sandbox.Fault.status(503, "", Map.of()));
        assertThrows(TransientFailure.class, () -> conversation().answer(sandbox.slackResponseUrl("r4"),
                Answer.of("x"), deadline));
        assertEquals(3, waits.size(), "retried within the deadline");
    }

    /** A message of ours as Slack gives it back with a click: its blocks, with buttons, and its attachment. */
    MessageRef posted() {
        SlackWorkspace workspace = new SlackWorkspace(URI.create(sandbox.slackApiUrl()), d -> TOKEN, () -> { },
                new Patience(waits::add));
        Notification build = SlackUpdateTest.build("widgets-ci", Notification.Severity.FAILURE, "failed");
        return assertInstanceOf(PostResult.Posted.class, workspace.post(ROOM, build, deadline)).ref().orElseThrow();
    }

    static String clicked(Sandbox.SlackContent content) {
        ObjectNode message = JSON.createObjectNode().put("type", "message").put("text", content.text())
                .put("ts", "1.0");
        try {
            var blocks = (com.fasterxml.jackson.databind.node.ArrayNode) JSON.readTree(content.blocksJson());
            blocks.addObject().put("type", "actions").put("block_id", "b1").putArray("elements").addObject()
                    .put("type", "button").put("action_id", Actions.RETRY_BUILD).put("value", "{}")
                    .putObject("text").put("type", "plain_text").put("text", "Retry");
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", "pick");
            ((ObjectNode) blocks.get(blocks.size() - 1)).putObject("accessory").put("type", "users_select")
                    .put("action_id", Actions.LINK_PERSON);
            message.set("blocks", blocks);
            if (content.attachmentsJson() != null) {
                var attachments = JSON.readTree(content.attachmentsJson());
                ((ObjectNode) attachments.get(0)).put("id", 1);
                message.set("attachments", attachments);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return message.toString();
    }

    @Test
    void amendingDropsTheActionsAndAddsTheNoteAtTheEnd() throws Exception {
        MessageRef ref = posted();
        Sandbox.SlackContent before = sandbox.slackMessage(ref.channel(), ref.ts()).orElseThrow().current();
        conversation().amend(new Message(ref, clicked(before)), new Conversation.Note("Retried by <Jane> & co",
                Optional.of(new Answer.LinkedText("build #13", "https://console.example/b13"))), deadline);

        Sandbox.SlackMessageHistory history = sandbox.slackMessage(ref.channel(), ref.ts()).orElseThrow();
        assertEquals(1, history.updates());
        Sandbox.SlackContent after = history.current();
        assertEquals(before.text(), after.text());
        assertFalse(after.blocksJson().contains("\"actions\""), after.blocksJson());
        assertFalse(after.blocksJson().contains(Actions.LINK_PERSON), after.blocksJson());
        String all = after.blocksJson() + after.attachmentsJson();
        assertTrue(all.contains("Retried by &lt;Jane&gt; &amp; co · <https://console.example/b13|build #13>"), all);
        JsonNode attachments = JSON.readTree(after.attachmentsJson());
        JsonNode last = attachments.get(0).path("blocks").get(attachments.get(0).path("blocks").size() - 1);
        assertEquals("context", last.path("type").asText(), "the note ends the message");
        assertFalse(attachments.get(0).has("id"));
    }

    @Test
    void amendingAMessageThatCannotBeReadOrIsGoneIsPermanent() {
        assertThrows(PermanentFailure.class, () -> conversation().amend(new Message(new MessageRef(ROOM, "1.1"), ""),
                new Conversation.Note("x", Optional.empty()), deadline));
        assertThrows(PermanentFailure.class, () -> conversation().amend(new Message(new MessageRef(ROOM, "9.9"),
                "{\"text\":\"t\",\"blocks\":[]}"), new Conversation.Note("x", Optional.empty()), deadline));
    }

    @Test
    void aDialogOpensAsAModalWithItsTrigger() throws Exception {
        Dialog dialog = new Dialog(Actions.DECIDE_DIALOG, "Approve", "Approve Prod?", "Approve",
                Map.of(Actions.PIPELINE, "web-release"), Optional.empty(), sandbox.slackResponseUrl("r5"));
        conversation().open("trigger-1", dialog, deadline);
        Sandbox.SlackView view = sandbox.slackViews().getLast();
        assertEquals(new Sandbox.SlackView("views.open", "trigger-1", view.viewJson()), view);
        assertEquals(Actions.DECIDE_DIALOG, JSON.readTree(view.viewJson()).path("callback_id").asText());
        assertThrows(PermanentFailure.class, () -> conversation().open("trigger-1", dialog, deadline),
                "a trigger works once");
        assertThrows(PermanentFailure.class, () -> conversation().open("expired-1", dialog, deadline));
    }

    @Test
    void aDialogOpensWithinTheAcknowledgementsTime() {
        // the interactions handler's acknowledgement: 2.5 s for its calls, and the deadline's margin after them
        Deadline ack = Deadline.in(Duration.ofMillis(2_500).plus(Deadline.MARGIN));
        Dialog dialog = new Dialog(Actions.DECIDE_DIALOG, "Approve", "Approve Prod?", "Approve",
                Map.of(Actions.PIPELINE, "web-release"), Optional.empty(), sandbox.slackResponseUrl("r6"));
        conversation().open("trigger-ack", dialog, ack);
        assertEquals("trigger-ack", sandbox.slackViews().getLast().target());
    }

    @Test
    void aHomeIsPublishedForItsPerson() throws Exception {
        conversation().showHome(JANE, new Home(List.of(new Home.Section("Builds", List.of(new Home.Line("ok", ""))))),
                deadline);
        Sandbox.SlackView view = sandbox.slackViews().getLast();
        assertEquals("views.publish", view.method());
        assertEquals(JANE, view.target());
        assertEquals("home", JSON.readTree(view.viewJson()).path("type").asText());
    }

    @Test
    void aGroupsMembersAreFoundByItsHandleAndKeptAWhile() {
        SlackConversation conversation = conversation();
        assertEquals(List.of(JANE, BOB), conversation.membersOf("@release-managers", deadline));
        assertEquals(List.of(JANE, BOB), conversation.membersOf("Release-Managers", deadline));
        assertEquals(1, sandbox.count("slack", "usergroups.users.list"), "kept");
        assertEquals(List.of(), conversation.membersOf("nobody", deadline));
        Deadline later = Deadline.in(Duration.ofMinutes(5), java.time.Clock.offset(java.time.Clock.systemUTC(),
                Duration.ofMinutes(6)));
        conversation.membersOf("release-managers", later);
        assertEquals(2, sandbox.count("slack", "usergroups.users.list"), "asked again after a few minutes");
    }

    @Test
    void anEmailIsReadFromTheProfile() {
        assertEquals(Optional.of("jane@example.com"), conversation().emailOf(JANE, deadline));
        assertEquals(Optional.empty(), conversation().emailOf(BOB, deadline));
        assertEquals(Optional.empty(), conversation().emailOf("U0NOBODY01", deadline));
    }

    @Test
    void slacksErrorsAreSorted() {
        sandbox.failNext("slack", "users.info", 1, Sandbox.Fault.status(200,
                "{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"users:read.email\"}",
                Map.of("Content-Type", "application/json")));
        MisconfigurationFailure scope = assertThrows(MisconfigurationFailure.class,
                () -> conversation().emailOf(JANE, deadline));
        assertTrue(scope.getMessage().contains("users:read.email"), scope.getMessage());

        sandbox.failNext("slack", "usergroups.list", 10, Sandbox.Fault.status(429,
                "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "1")));
        assertThrows(TransientFailure.class, () -> conversation().membersOf("release-managers", deadline));

        SlackConversation wrongToken = new SlackConversation(URI.create(sandbox.slackApiUrl()), d -> "xoxb-wrong",
                refreshes::incrementAndGet, new Patience(waits::add), sandbox.slackResponsePrefix());
        assertThrows(MisconfigurationFailure.class, () -> wrongToken.showHome(JANE, new Home(List.of()), deadline));
        assertEquals(1, refreshes.get(), "the token is read again once");
    }
}
