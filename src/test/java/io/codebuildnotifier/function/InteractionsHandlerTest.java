package io.codebuildnotifier.function;

import static io.codebuildnotifier.testkit.SignedSlack.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.interactions.Ack;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.interactions.Answer;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.SignedSlack;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The interactions handler through its Lambda entry point: Function URL events signed (or not) as Slack signs them,
 * the signing secret read from the sandbox's Secrets Manager, the work queue the sandbox's SQS, and the core a stub
 * that records what it was asked.
 */
@ExtendWith(SandboxExtension.class)
class InteractionsHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_NAME = "interactions/test";
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private Sandbox sandbox;
    private final Map<String, String> env = new HashMap<>();
    private final RecordingWork work = new RecordingWork();
    private TestLambdaContext context;

    /** What the core was asked, in order; what it answers is set by each test. */
    static final class RecordingWork implements InteractionsWork {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Request> completed = new CopyOnWriteArrayList<>();
        volatile Function<Request, Ack> ack = request -> Ack.DONE;
        volatile java.util.function.Consumer<Request> complete = request -> { };

        @Override
        public Ack acknowledge(Request request, Deadline deadline) {
            calls.add("acknowledge " + request.requestId());
            return ack.apply(request);
        }

        @Override
        public void complete(Request request, Invocation invocation) {
            calls.add("complete " + request.requestId());
            complete.accept(request);
            completed.add(request);
        }
    }

    @BeforeEach
    void world(EmbeddedDynamo dynamo, Sandbox sandbox) {
        this.sandbox = sandbox;
        sandbox.clearFaults();
        sandbox.clearRecordings();
        Demo.pointTheSdkAt(sandbox, dynamo);
        sandbox.putSecret(SECRET_NAME, "{\"token\":\"xoxb-interactions\",\"signing_secret\":\"" + SECRET + "\"}");
        env.put("CBN_SLACK_SECRET_NAME", SECRET_NAME);
        env.put("CBN_SLACK_API_URL", sandbox.slackApiUrl());
        context = new TestLambdaContext("req-1", 30_000);
    }

    private InteractionsHandler handler() {
        // a generous acknowledgement time: this JVM's first SQS call loads the SDK, which Lambda does at init
        return new InteractionsHandler(InteractionsFunction.withWork(env, Clock.systemUTC(), work,
                Duration.ofSeconds(20)));
    }

    private String queue() {
        String url = sandbox.sqsFifoQueue("interactions-" + QUEUES.incrementAndGet() + ".fifo",
                Sandbox.SqsQueueSettings.DEFAULTS.withVisibilityTimeout(Duration.ofSeconds(180)));
        env.put("CBN_INTERACTIONS_QUEUE_URL", url);
        return url;
    }

    // ------------------------------------------------------------------ events

    /** A Function URL event (payload format 2.0) as Lambda hands Slack's POST to the function. */
    static ObjectNode urlEvent(Map<String, String> headers, String body, boolean base64) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", "/").put("rawQueryString", "");
        ObjectNode h = event.putObject("headers");
        headers.forEach((name, value) -> h.put(name.toLowerCase(), value));
        h.put("x-forwarded-proto", "https").put("host", "abc.lambda-url.us-east-1.on.aws");
        ObjectNode requestContext = event.putObject("requestContext");
        requestContext.put("accountId", "anonymous").put("requestId", "r-1").put("timeEpoch", 1_700_000_000_000L);
        requestContext.putObject("http").put("method", "POST").put("path", "/").put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.9").put("userAgent", "Slackbot 1.0");
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.put("isBase64Encoded", base64);
        return event;
    }

    static ObjectNode signedEvent(String body, String contentType) {
        return urlEvent(SignedSlack.headers(SECRET, Instant.now(), body, contentType), body, true);
    }

    private JsonNode invoke(JsonNode event) throws IOException {
        return invoke(handler(), event);
    }

    private JsonNode invoke(InteractionsHandler handler, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out,
                context);
        return JSON.readTree(out.toByteArray());
    }

    /** The SQS event Lambda's event source mapping hands the function for these messages. */
    static ObjectNode sqsEvent(String queueUrl, List<Sandbox.SqsMessage> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Sandbox.SqsMessage message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId()).put("receiptHandle", message.receiptHandle())
                    .put("body", message.body());
            record.putObject("attributes").put("ApproximateReceiveCount", "1")
                    .put("MessageGroupId", message.messageGroupId())
                    .put("MessageDeduplicationId", message.messageDeduplicationId());
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:"
                    + queueUrl.substring(queueUrl.lastIndexOf('/') + 1)).put("awsRegion", "us-east-1");
        }
        return event;
    }

    private static String command(String text, String trigger) {
        return SignedSlack.command(text, trigger);
    }

    // ------------------------------------------------------------------ signatures

    @Test
    void aSignedRequestIsAcknowledgedAndAnswered() throws IOException {
        work.ack = request -> Ack.answer(Answer.of("Nothing is failing on main."));

        JsonNode response = invoke(signedEvent(command("status", "1.1.1"), SignedSlack.FORM));

        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("application/json", response.path("headers").path("content-type").asText());
        JsonNode body = JSON.readTree(response.path("body").asText());
        assertEquals("ephemeral", body.path("response_type").asText());
        assertEquals("Nothing is failing on main.", body.path("text").asText());
        assertEquals(List.of("acknowledge 1.1.1"), work.calls);
        assertTrue(context.logged().stream().anyMatch(l -> l.contains("command /codebuild status by U0JANE0001: "
                + "answered")), context.logged().toString());
    }

    /** Each way a request can fail its check: 401, an empty body, one log line naming why, and nothing done. */
    @Test
    void anUnprovenRequestIsRefusedWithNoDetailAndNothingDone() throws IOException {
        String body = command("deploy web", "2.2.2");
        Instant now = Instant.now();
        Map<String, String> good = SignedSlack.headers(SECRET, now, body, SignedSlack.FORM);
        Map<String, ObjectNode> cases = new java.util.LinkedHashMap<>();
        cases.put("wrong secret", urlEvent(SignedSlack.headers("not-the-secret", now, body, SignedSlack.FORM), body,
                true));
        cases.put("stale", urlEvent(SignedSlack.headers(SECRET, now.minusSeconds(6 * 60), body, SignedSlack.FORM),
                body, true));
        cases.put("future", urlEvent(SignedSlack.headers(SECRET, now.plusSeconds(6 * 60), body, SignedSlack.FORM),
                body, true));
        cases.put("altered", urlEvent(good, body.replace("deploy+web", "deploy+prod"), true));
        Map<String, String> noTimestamp = new HashMap<>(good);
        noTimestamp.remove("x-slack-request-timestamp");
        cases.put("no timestamp", urlEvent(noTimestamp, body, true));
        Map<String, String> noSignature = new HashMap<>(good);
        noSignature.remove("x-slack-signature");
        cases.put("no signature", urlEvent(noSignature, body, true));
        cases.put("no headers", urlEvent(Map.of(), body, true));
        String huge = body + "&padding=" + "x".repeat(70_000);
        cases.put("oversized", urlEvent(SignedSlack.headers(SECRET, now, huge, SignedSlack.FORM), huge, true));
        ObjectNode notBase64 = urlEvent(good, body, true);
        notBase64.put("body", "***");
        cases.put("not base64", notBase64);
        ObjectNode encodedButClaimedPlain = urlEvent(good, body, true);
        encodedButClaimedPlain.put("isBase64Encoded", false);
        cases.put("base64 read as plain", encodedButClaimedPlain);

        InteractionsHandler handler = handler();
        for (Map.Entry<String, ObjectNode> c : cases.entrySet()) {
            context = new TestLambdaContext("req-" + c.getKey(), 30_000);
            JsonNode response = invoke(handler, c.getValue());
            assertEquals(401, response.path("statusCode").asInt(), c.getKey());
            assertEquals("", response.path("body").asText(), c.getKey());
            assertFalse(response.has("headers"), c.getKey());
            List<String> logged = context.logged();
            assertEquals(1, logged.size(), c.getKey() + ": " + logged);
            assertTrue(logged.get(0).startsWith("codebuild-notifier interaction refused: "), logged.get(0));
            for (String hidden : List.of("deploy", "U0JANE0001", good.get("x-slack-signature"), SECRET,
                    "hooks.slack.com")) {
                assertFalse(logged.get(0).contains(hidden), c.getKey() + " logged " + hidden + ": " + logged.get(0));
            }
        }
        assertEquals(List.of(), work.calls, "nothing was asked of the core");
    }

    @Test
    void aPlainBodyIsCheckedAsItIs() throws IOException {
        String body = command("help", "3.3.3");
        JsonNode response = invoke(urlEvent(SignedSlack.headers(SECRET, Instant.now(), body, SignedSlack.FORM), body,
                false));
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals(List.of("acknowledge 3.3.3"), work.calls);
    }

    @Test
    void theEventsApiHandshakeIsAnsweredWithItsChallenge() throws IOException {
        JsonNode response = invoke(signedEvent(SignedSlack.urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY"),
                SignedSlack.JSON_TYPE));
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("3eZbrw1aBm2rZgRNFdxV2595E9CY", JSON.readTree(response.path("body").asText()).path("challenge")
                .asText());
        assertEquals(List.of(), work.calls);
    }

    @Test
    void anIgnoredRequestIsAnsweredEmptyAndNothingIsDone() throws IOException {
        ObjectNode closed = SignedSlack.blockActions("x", null, "4.4.4").put("type", "view_closed");
        JsonNode response = invoke(signedEvent(SignedSlack.payload(closed), SignedSlack.FORM));
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("", response.path("body").asText());
        assertEquals(List.of(), work.calls);
    }

    @Test
    void slacksRetryGetsTheSameAnswer() throws IOException {
        work.ack = request -> Ack.answer(Answer.of("Muted web for 2 hours."));
        String body = command("mute web for 2h", "5.5.5");
        Map<String, String> headers = SignedSlack.headers(SECRET, Instant.now(), body, SignedSlack.FORM);
        JsonNode first = invoke(urlEvent(headers, body, true));
        Map<String, String> retried = new HashMap<>(headers);
        retried.put("X-Slack-Retry-Num", "1");
        retried.put("X-Slack-Retry-Reason", "http_timeout");
        JsonNode again = invoke(urlEvent(retried, body, true));
        assertEquals(first, again);
        assertEquals(List.of("acknowledge 5.5.5", "acknowledge 5.5.5"), work.calls,
                "the same request id both times: the core acts once");
    }

    @Test
    void withoutASigningSecretTheAnswerIs500AndTheLogSaysWhatToFix() throws IOException {
        sandbox.putSecret(SECRET_NAME, "{\"token\":\"xoxb-interactions\"}");
        JsonNode response = invoke(signedEvent(command("help", "6.6.6"), SignedSlack.FORM));
        assertEquals(500, response.path("statusCode").asInt());
        assertEquals("", response.path("body").asText());
        String line = String.join("\n", context.logged());
        assertTrue(line.contains("\"signing_secret\""), line);
        assertTrue(line.contains(SECRET_NAME), line);
        assertFalse(line.contains("xoxb-interactions"), line);
        assertEquals(List.of(), work.calls);
    }

    @Test
    void anythingElseIsABadRequest() throws IOException {
        assertEquals(400, invoke(JSON.createObjectNode().put("detail-type", "Scheduled Event")).path("statusCode")
                .asInt());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler().handleRequest(new ByteArrayInputStream("not json".getBytes(StandardCharsets.UTF_8)), out, context);
        assertEquals(400, JSON.readTree(out.toByteArray()).path("statusCode").asInt());
        assertEquals(List.of(), work.calls);
    }

    // ------------------------------------------------------------------ the work after the answer

    @Test
    void withoutAQueueTheWorkIsDoneInTheSameInvocation() throws IOException {
        work.ack = request -> Ack.LATER;
        JsonNode response = invoke(signedEvent(command("status", "7.7.7"), SignedSlack.FORM));
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("", response.path("body").asText());
        assertEquals(List.of("acknowledge 7.7.7", "complete 7.7.7"), work.calls);
    }

    /**
     * The acknowledgement path is free of slow work: with a queue, the answer comes back without waiting for the
     * work (here a worker that would block until released), which goes to the queue and is done by the SQS
     * invocation.
     */
    @Test
    void withAQueueTheAnswerDoesNotWaitForTheWork() throws IOException {
        String queueUrl = queue();
        CountDownLatch released = new CountDownLatch(1);
        work.ack = request -> Ack.LATER;
        work.complete = request -> {
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ObjectNode click = SignedSlack.blockActions(Actions.RETRY_BUILD, "{\"build\":\"widgets-ci:0b8f\"}",
                "8.8.8");
        InteractionsHandler handler = handler();

        JsonNode response = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> invoke(handler, signedEvent(SignedSlack.payload(click), SignedSlack.FORM)),
                "the answer waited for the work");

        assertEquals(200, response.path("statusCode").asInt(), context.logged().toString());
        assertEquals(List.of("acknowledge 8.8.8"), work.calls, "nothing but the acknowledgement before the answer");
        List<Sandbox.SqsMessage> queued = sandbox.sqsMessages(queueUrl);
        assertEquals(1, queued.size());
        assertEquals("U0JANE0001", queued.get(0).messageGroupId(), "one person's work in order");
        assertEquals("8.8.8", queued.get(0).messageDeduplicationId(), "a retried request is queued once");
        assertFalse(queued.get(0).body().contains(SECRET));

        // the worker: the queued request read again (not verified again) and completed
        released.countDown();
        Sandbox.SqsBatch batch = sandbox.sqsReceive(queueUrl, 10).orElseThrow();
        JsonNode result = invoke(handler, sqsEvent(queueUrl, batch.messages()));
        assertEquals(JSON.readTree("{\"batchItemFailures\":[]}"), result);
        assertEquals(List.of("acknowledge 8.8.8", "complete 8.8.8"), work.calls);
        Request.Click completed = assertInstanceOf(Request.Click.class, work.completed.get(0));
        assertEquals(Actions.RETRY_BUILD, completed.actionId());
        assertEquals(Map.of(Actions.BUILD_ID, "widgets-ci:0b8f"), completed.args());
        assertEquals("D0JANE0001", completed.message().orElseThrow().ref().channel());
    }

    @Test
    void slacksRetryOfAQueuedRequestQueuesNothingTwice() throws IOException {
        String queueUrl = queue();
        work.ack = request -> Ack.LATER;
        String body = command("runs web", "9.9.9");
        Map<String, String> headers = SignedSlack.headers(SECRET, Instant.now(), body, SignedSlack.FORM);
        InteractionsHandler handler = handler();
        invoke(handler, urlEvent(headers, body, true));
        Map<String, String> retried = new HashMap<>(headers);
        retried.put("X-Slack-Retry-Num", "1");
        invoke(handler, urlEvent(retried, body, true));
        assertEquals(1, sandbox.sqsMessages(queueUrl).size());
        assertEquals(1, sandbox.sqsCounts(queueUrl).deduplicated());
    }

    @Test
    void whenTheQueueFailsSlackIsAskedToTryAgain() throws IOException {
        queue();
        work.ack = request -> Ack.LATER;
        sandbox.failNext("sqs", "SendMessage", 10, new Sandbox.Fault.HttpStatus(500,
                "{\"__type\":\"InternalError\",\"message\":\"injected\"}", Map.of()));
        JsonNode response = invoke(signedEvent(command("status", "10.10.10"), SignedSlack.FORM));
        assertEquals(500, response.path("statusCode").asInt());
        assertEquals(List.of("acknowledge 10.10.10"), work.calls, "no work done without the queue");
    }

    @Test
    void aBatchReportsOnlyTheTransientFailureAndTheRestOfItsGroup() throws IOException {
        String queueUrl = queue();
        work.ack = request -> Ack.LATER;
        InteractionsHandler handler = handler();
        // four requests of three people; the second fails transiently, the third is the same person's
        List<String> people = List.of("U0ANNA0001", "U0BOB00002", "U0BOB00002", "U0CARL0003");
        for (int i = 0; i < people.size(); i++) {
            String body = command("status", "11.0." + i).replace("U0JANE0001", people.get(i));
            invoke(handler, signedEvent(body, SignedSlack.FORM));
        }
        work.complete = request -> {
            if (request.requestId().equals("11.0.1")) {
                throw new TransientFailure("Slack answered 503");
            }
        };
        List<Sandbox.SqsMessage> messages = new ArrayList<>(sandbox.sqsMessages(queueUrl));
        assertEquals(4, messages.size());
        // a batch as the event source mapping would give it (one message per group at a time is SQS's; the
        // handler keeps a group in order whatever it is given)
        JsonNode result = invoke(handler, sqsEvent(queueUrl, messages));

        List<String> failed = new ArrayList<>();
        result.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        assertEquals(List.of(messages.get(1).messageId(), messages.get(2).messageId()), failed);
        assertEquals(List.of("11.0.0", "11.0.3"), work.completed.stream().map(Request::requestId).toList());
        String summary = context.logged().get(context.logged().size() - 1);
        assertTrue(summary.contains("batch of 4: 2 done, 2 back to the queue"), summary);
    }

    @Test
    void aQueuedMessageThatIsNotOursIsDroppedNotRetried() throws IOException {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", "m-1").put("body", "{\"hello\":1}").put("eventSource", "aws:sqs");
        record.putObject("attributes").put("MessageGroupId", "g");
        JsonNode result = invoke(event);
        assertEquals(0, result.path("batchItemFailures").size());
        assertEquals(List.of(), work.calls);
    }

    /**
     * Anyone who may send to the work queue could put a request there: the worker acts only on what carries Slack's
     * signature, so a made-up one (or a real one whose body was changed) is dropped, and one Slack signed is done.
     */
    @Test
    void aQueuedRequestWithoutSlacksSignatureIsNotActedOn() throws IOException {
        work.ack = request -> Ack.LATER;
        String body = command("deploy web-release", "12.0.0");
        String ts = Long.toString(java.time.Instant.now().getEpochSecond());
        String forged = InteractionsFunction.encode(new io.codebuildnotifier.adapter.slack.SlackRequests.Verified(
                body, SignedSlack.FORM, 0, ts, "v0=" + "0".repeat(64)));
        String unsigned = InteractionsFunction.encode(new io.codebuildnotifier.adapter.slack.SlackRequests.Verified(
                body, SignedSlack.FORM, 0));
        String signature = SignedSlack.signature(SignedSlack.SECRET, ts,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String altered = InteractionsFunction.encode(new io.codebuildnotifier.adapter.slack.SlackRequests.Verified(
                body.replace("web-release", "prod-release"), SignedSlack.FORM, 0, ts, signature));
        for (String message : List.of(forged, unsigned, altered)) {
            JsonNode result = invoke(queued(message));
            assertEquals(0, result.path("batchItemFailures").size(), "dropped, not retried");
        }
        assertEquals(List.of(), work.completed, "nothing done");
        assertTrue(context.logged().stream().anyMatch(l -> l.contains("does not carry Slack's signature")),
                String.join("\n", context.logged()));

        JsonNode result = invoke(queued(InteractionsFunction.encode(
                new io.codebuildnotifier.adapter.slack.SlackRequests.Verified(body, SignedSlack.FORM, 0, ts,
                        signature))));
        assertEquals(0, result.path("batchItemFailures").size());
        assertEquals(List.of("12.0.0"), work.completed.stream().map(Request::requestId).toList());
    }

    private static ObjectNode queued(String body) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", "m-" + Math.abs(body.hashCode())).put("body", body).put("eventSource", "aws:sqs");
        record.putObject("attributes").put("MessageGroupId", "U0JANE0001");
        return event;
    }

    @Test
    void theQueuedFormRoundTrips() {
        io.codebuildnotifier.adapter.slack.SlackRequests.Verified verified =
                new io.codebuildnotifier.adapter.slack.SlackRequests.Verified("a=1&b=%C3%A9", SignedSlack.FORM, 2);
        assertEquals(verified, InteractionsFunction.decode(InteractionsFunction.encode(verified)));
    }

    @Test
    void inLambdaTheAcknowledgementFitsInSlacksThreeSeconds() {
        assertTrue(InteractionsHandler.ACK_TIME.compareTo(Duration.ofSeconds(3)) < 0);
        assertEquals(InteractionsHandler.ACK_TIME, InteractionsFunction.fromEnvironment(env).ackTime());
    }

    @Test
    void aFailingAcknowledgementIsA500AndNothingIsQueued() throws IOException {
        String queueUrl = queue();
        work.ack = request -> {
            throw new IllegalStateException("a bug");
        };
        JsonNode response = invoke(signedEvent(command("status", "12.12.12"), SignedSlack.FORM));
        assertEquals(500, response.path("statusCode").asInt());
        assertEquals(0, sandbox.sqsMessages(queueUrl).size());
    }

    /** Before a SnapStart snapshot: the reading paths and Secrets Manager's error path, never the real secret. */
    @Test
    void primingReadsNothingSecret() {
        InteractionsFunction function = InteractionsFunction.withWork(env, Clock.systemUTC(), work);
        function.prime();
        List<String> asked = sandbox.calls().stream().filter(c -> c.service().equals("secretsmanager"))
                .map(c -> String.valueOf(c.params().get("SecretId"))).toList();
        assertEquals(1, asked.size(), asked.toString());
        assertTrue(asked.get(0).startsWith(SECRET_NAME + "-_"), asked.toString());
        assertEquals(List.of(), work.calls);
    }
}
