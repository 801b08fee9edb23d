package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.SignedSlack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The interactions function through its Lambda entry point, built by the real wiring on DynamoDB Local and the
 * loopback sandbox: Slack's signatures checked on the real secret, the Events API (url_verification, the Home tab),
 * the work queue (the acknowledgement does nothing, the queued request fed back as SQS does the work), and what the
 * logs never carry. The buttons and the command have their own classes ({@link RetryButtonEndToEndTest},
 * {@link ApprovalButtonsEndToEndTest}, {@link LinkPersonEndToEndTest}, {@link SlashCommandEndToEndTest}).
 */
@ExtendWith(SandboxExtension.class)
class InteractionsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger QUEUES = new AtomicInteger();
    static final String SHA = "e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0";

    /**
     * The project these tests build (their builds are recent, for the board), not {@link World#PROJECT}.
     */
    static final String PROJECT = "chatops-ci";
    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;
    SlackSide slack;
    int retriesBefore;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox);
        slack = new SlackSide(world);
        world.gitHubCommit(SHA, "Jane Doe", "jane@example.com", "Count widgets");
        retriesBefore = sandbox.buildRetries().size();
    }

    private int retries() {
        return sandbox.buildRetries().size() - retriesBefore;
    }

    /** A failed build of Jane's told to her; its DM as Slack keeps it. */
    private Sandbox.SlackMessageHistory failedBuildDm() {
        world.send(build("pr/42", SHA, past(600), "FAILED"), "FAILED");
        assertEquals(List.of(Cast.JANE.slackId()), world.takePosts());
        return sandbox.slackMessages().getLast();
    }

    /**
     * So many seconds before two hours ago: recent for the board, but ended before the reconciler's window (the last
     * hour), which another class's reconciliation lists account-wide in the JVM's shared sandbox.
     */
    private static long past(long seconds) {
        return Instant.now().getEpochSecond() - 7_200 - seconds;
    }

    /** A GitHub build of {@link #PROJECT}; its ARN. */
    private String build(String sourceVersion, String sha, long startSecond, String status) {
        return world.build(BuildFixture.of(PROJECT).at(sourceVersion, sha).startedAt(startSecond).status(status));
    }

    private Sandbox.SlackMessageHistory now(Sandbox.SlackMessageHistory message) {
        return sandbox.slackMessage(message.channel(), message.ts()).orElseThrow();
    }

    // ------------------------------------------------------------------ signatures

    @Test
    void aSignedRequestIsAnsweredWhetherItsBodyIsBase64OrNot() {
        String body = slack.command(Cast.JANE, "help", SlackSide.trigger());
        Map<String, String> headers = SignedSlack.headers(SlackSide.SECRET, Instant.now(), body, SignedSlack.FORM);

        JsonNode base64 = slack.invoke(SlackSide.urlEvent(headers, body, true));
        JsonNode plain = slack.invoke(SlackSide.urlEvent(headers, body, false));

        for (JsonNode response : List.of(base64, plain)) {
            assertEquals(200, response.path("statusCode").asInt(), response.toString());
            assertTrue(SlackSide.shown(SlackSide.body(response)).contains("/codebuild status"), response.toString());
        }
    }

    /** Each way a request can fail its check, on a click that would retry a build: 401, no detail, nothing done. */
    @Test
    void anUnprovenClickIsRefusedAndNothingIsDone() {
        Sandbox.SlackMessageHistory dm = failedBuildDm();
        String trigger = SlackSide.trigger();
        String body = SignedSlack.payload(slack.click(Cast.JANE, dm, Actions.RETRY_BUILD, trigger));
        Instant at = Instant.now();
        Map<String, String> good = SignedSlack.headers(SlackSide.SECRET, at, body, SignedSlack.FORM);
        Map<String, ObjectNode> cases = new LinkedHashMap<>();
        cases.put("wrong secret", SlackSide.urlEvent(SignedSlack.headers("an0ther5ecret", at, body, SignedSlack.FORM),
                body, true));
        cases.put("stale", SlackSide.urlEvent(SignedSlack.headers(SlackSide.SECRET, at.minusSeconds(301), body,
                SignedSlack.FORM), body, true));
        cases.put("altered", SlackSide.urlEvent(good, body.replace("U0JANE0001", "U0BOB00002"), true));
        Map<String, String> noSignature = new LinkedHashMap<>(good);
        noSignature.remove("x-slack-signature");
        cases.put("no signature", SlackSide.urlEvent(noSignature, body, true));
        Map<String, String> noTimestamp = new LinkedHashMap<>(good);
        noTimestamp.remove("x-slack-request-timestamp");
        cases.put("no timestamp", SlackSide.urlEvent(noTimestamp, body, true));

        cases.forEach((name, event) -> {
            JsonNode response = slack.invoke(event);
            assertEquals(401, response.path("statusCode").asInt(), name + ": " + response);
            assertEquals("", response.path("body").asText(), name + ": no detail");
            assertEquals(1, slack.context.logged().size(), name + ": one log line " + slack.context.logged());
            assertTrue(slack.context.logged().getFirst().contains("interaction refused"), slack.context.logged()
                    .toString());
        });

        assertEquals(0, retries());
        assertEquals(0, now(dm).updates());
        assertEquals(List.of(), sandbox.slackResponses());
        assertEquals(0, sandbox.count("codebuild", "RetryBuild"));
        assertEquals(0, world.allItems().stream().filter(i -> i.get("source_id").s().startsWith("once:")).count(),
                "not even claimed");

        JsonNode signed = slack.invoke(SlackSide.urlEvent(good, body, true));
        assertEquals(200, signed.path("statusCode").asInt(), "the same click, signed: " + signed);
        assertEquals(1, retries());
    }

    // ------------------------------------------------------------------ the Events API

    @Test
    void theEventsApiHandshakeIsAnswered() {
        JsonNode response = slack.send(SignedSlack.urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
                SignedSlack.JSON_TYPE);

        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                SlackSide.body(response).path("challenge").asText());
    }

    @Test
    void theHomeTabShowsThePersonsBuildsPreferencesAndTheNotifiersHealth() {
        String failures = sandbox.sqsFifoQueue("e2e-failed-invocations-" + QUEUES.incrementAndGet() + ".fifo");
        world.with("CBN_HEALTH_QUEUE_URLS", "FailedInvocationsQueue=" + failures);
        slack.restart();
        // the board finds projects by their whitelisted branches' builds: main's first
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA);
        world.send(build(SHA, SHA, past(3_600), "SUCCEEDED"), "SUCCEEDED");
        world.send(build("pr/42", SHA, past(600), "FAILED"), "FAILED");
        world.deliver(World.scheduledEvent());
        slack.type(Cast.JANE, "mute all for 1d");
        sandbox.clearRecordings();
        String event = SignedSlack.homeOpened("Ev0HOME" + QUEUES.incrementAndGet()).replace("D0JANE0001", "D"
                + Cast.JANE.slackId().substring(1));

        JsonNode response = slack.send(event, SignedSlack.JSON_TYPE);

        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        List<Sandbox.SlackView> views = sandbox.slackViews();
        assertEquals(1, views.size(), slack.logged().toString());
        assertEquals("views.publish", views.getFirst().method());
        assertEquals(Cast.JANE.slackId(), views.getFirst().target());
        String home = SlackSide.shown(new Sandbox.SlackContent("", null, read(views.getFirst().viewJson())
                .path("blocks").toString()));
        assertTrue(home.contains("Your builds"), home);
        assertTrue(home.contains(PROJECT + " · PR #42: FAILED"), home);
        assertTrue(home.contains(PROJECT + " · main: SUCCEEDED"), home);
        assertTrue(home.contains("Your preferences") && home.contains("Muted: All your DMs"), home);
        assertTrue(home.contains("Last reconciliation: "), home);
        assertFalse(home.contains("never recorded"), "the reconciliation just run: " + home);
        assertTrue(home.contains("Failures waiting in FailedInvocationsQueue: 0"), home);
    }

    // ------------------------------------------------------------------ the work queue

    @Test
    void withAWorkQueueTheAcknowledgementDoesNothingAndTheQueuedRequestDoesTheWork() {
        String queue = sandbox.sqsFifoQueue("e2e-interactions-" + QUEUES.incrementAndGet() + ".fifo",
                Sandbox.SqsQueueSettings.DEFAULTS.withVisibilityTimeout(Duration.ofSeconds(180)));
        world.with("CBN_INTERACTIONS_QUEUE_URL", queue);
        // this JVM's first SQS call loads the SDK, which Lambda does at init: a generous acknowledgement time
        slack = new SlackSide(world, Duration.ofSeconds(20));
        Sandbox.SlackMessageHistory dm = failedBuildDm();
        String trigger = SlackSide.trigger();

        JsonNode ack = slack.sendPayload(slack.click(Cast.JANE, dm, Actions.RETRY_BUILD, trigger));

        assertEquals(200, ack.path("statusCode").asInt(), ack.toString());
        assertEquals("", ack.path("body").asText());
        assertEquals(0, retries(), "nothing done in the acknowledgement");
        assertEquals(0, now(dm).updates());
        assertEquals(List.of(), slack.answers(trigger));
        assertEquals(0, sandbox.count("codebuild", "RetryBuild"));
        assertEquals(1, sandbox.sqsCounts(queue).visible(), "queued");

        Sandbox.SqsBatch batch = sandbox.sqsReceive(queue, 10).orElseThrow();
        JsonNode done = slack.invoke(sqsEvent(queue, batch.messages()));
        sandbox.sqsComplete(batch, List.of());

        assertEquals(0, done.path("batchItemFailures").size(), done.toString());
        assertEquals(1, retries());
        assertEquals(1, now(dm).updates());
        assertTrue(SlackSide.shown(now(dm).current()).contains("retried this build"));
        assertEquals(1, slack.answers(trigger).size());
        assertEquals(0, sandbox.sqsCounts(queue).left());
    }

    /** The SQS event Lambda's event source mapping hands the function for these messages. */
    static ObjectNode sqsEvent(String queueUrl, List<Sandbox.SqsMessage> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Sandbox.SqsMessage message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId()).put("receiptHandle", message.receiptHandle())
                    .put("body", message.body());
            record.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(message.receiveCount()))
                    .put("MessageGroupId", message.messageGroupId())
                    .put("MessageDeduplicationId", message.messageDeduplicationId());
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:"
                    + queueUrl.substring(queueUrl.lastIndexOf('/') + 1)).put("awsRegion", "us-east-1");
        }
        return event;
    }

    // ------------------------------------------------------------------ the logs

    /**
     * A run of interactions (refused, clicked, typed, an approval decided with a comment) with everything written to
     * standard output and Lambda's logger kept: no line carries the bot token, the signing secret, the approval's
     * token, a request body or what was typed.
     */
    @Test
    void noLogLineCarriesATokenTheSigningSecretOrABody() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> bodies = new ArrayList<>();
        System.setOut(new PrintStream(new TeeStream(captured, stdout), true, StandardCharsets.UTF_8));
        try {
            world.with("CBN_APPROVERS", Cast.BOB.slackId()).with("CBN_CHANNEL_ROUTES", "approval:*=#builds");
            world.waitingApprovalPipeline();
            slack.restart();
            Sandbox.SlackMessageHistory dm = failedBuildDm();
            String click = SignedSlack.payload(slack.click(Cast.JANE, dm, Actions.RETRY_BUILD, SlackSide.trigger()));
            bodies.add(click);
            slack.invoke(SlackSide.urlEvent(SignedSlack.headers("wrong-secret-0123", Instant.now(), click,
                    SignedSlack.FORM), click, true));
            slack.send(click, SignedSlack.FORM);
            String typed = slack.command(Cast.JANE, "mute widgets-ci for 2h", SlackSide.trigger());
            bodies.add(typed);
            slack.send(typed, SignedSlack.FORM);
            String unknown = slack.command(Cast.BOB, "frobnicate p4ssw0rd-typed-here", SlackSide.trigger());
            bodies.add(unknown);
            slack.send(unknown, SignedSlack.FORM);

            world.deliver(World.sample("approval-started.json"));
            Sandbox.SlackMessageHistory approval = sandbox.slackMessages().getLast();
            String approve = SlackSide.trigger();
            slack.sendPayload(slack.click(Cast.BOB, approval, Actions.APPROVE, approve));
            String submission = SignedSlack.payload(slack.submit(Cast.BOB, sandbox.slackViews().getLast(),
                    "comment-typed-by-bob-42"));
            bodies.add(submission);
            slack.send(submission, SignedSlack.FORM);
            assertEquals(1, slack.answers(approve).size(), "decided: " + sandbox.slackResponses());
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = new ArrayList<>(captured.toString(StandardCharsets.UTF_8).lines().toList());
        lines.addAll(slack.logged());
        assertFalse(lines.isEmpty());
        List<String> forbidden = new ArrayList<>(List.of(World.TOKEN, SlackSide.SECRET,
                "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "payload=", "response_url", sandbox.slackResponsePrefix(),
                "p4ssw0rd-typed-here", "comment-typed-by-bob-42"));
        for (String body : bodies) {
            forbidden.add(body.substring(0, Math.min(60, body.length())));
        }
        for (String line : lines) {
            for (String secret : forbidden) {
                assertFalse(line.contains(secret), "a log line carries " + secret + ": " + line);
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("who=U0JANE0001") && l.contains("retry_build")),
                "every action is logged with who, what and the result: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("who=U0BOB00002") && l.contains("decided")), lines.toString());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
