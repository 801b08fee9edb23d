package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.aws.QueuedMessages;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outgoing;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The delivery step through the real handlers, DynamoDB Local and the loopback Slack: a monorepo
 * commit's builds become one message per person, updated in place; the sender function posts what
 * its queue hands it, keeps each destination's order when one fails, and sends nothing twice.
 */
@ExtendWith(SandboxExtension.class)
class DeliveryEndToEndTest {
    private static final String SHA = "9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedDynamo dynamo;
    private final Sandbox sandbox;
    private World world;

    DeliveryEndToEndTest(EmbeddedDynamo dynamo, Sandbox sandbox) {
        this.dynamo = dynamo;
        this.sandbox = sandbox;
    }

    @BeforeEach
    void fresh() {
        world = World.fresh(dynamo, sandbox);
        world.gitHubCommit(SHA, "Jane Doe", "jane@example.com", "Split the widget module");
    }

    private String build(String project, long start, String status) {
        return world.build(BuildFixture.of(project).at("pr/42", SHA).startedAt(start).status(status));
    }

    @Test
    void aMonorepoCommitIsOneMessagePerPersonUpdatedAsEachProjectFinishes() {
        world.send(build("unit-ci", 1_790_000_000L, "SUCCEEDED"), "SUCCEEDED");
        world.send(build("lint-ci", 1_790_000_001L, "SUCCEEDED"), "SUCCEEDED");
        world.send(build("integration-ci", 1_790_000_002L, "FAILED"), "FAILED");

        assertEquals(List.of(Cast.JANE.slackId()), sandbox.posts().stream().map(Sandbox.SlackPost::channel).toList(),
                "one direct message");
        List<Sandbox.SlackAccepted> accepted = sandbox.slackAccepted();
        assertEquals(List.of("chat.postMessage", "chat.update", "chat.update"),
                accepted.stream().map(Sandbox.SlackAccepted::method).toList(), "posted, then updated twice");
        assertEquals(1, accepted.stream().map(a -> a.channel() + "/" + a.ts()).distinct().count(), "in place");
        Sandbox.SlackAccepted last = accepted.get(2);
        Sandbox.SlackMessageHistory message = sandbox.slackMessage(last.channel(), last.ts()).orElseThrow();
        assertEquals(3, message.versions().size());
        JsonNode attachment = attachment(message.current().attachmentsJson());
        String text = io.codebuildnotifier.adapter.slack.SlackWire.of(message.current()).shown();
        assertTrue(text.contains("acme/widgets @ "), text);
        assertTrue(text.contains(": 3 finished"), text);
        assertTrue(text.matches("(?s).*integration-ci> :x:.*lint-ci> :white_check_mark:.*unit-ci> :white_check_mark:.*"),
                text);
        assertEquals("danger", attachment.path("color").asText());
        assertEquals(1, sandbox.calls().stream().filter(c -> c.operation().equals("chat.postMessage")).count());
        assertEquals(2, sandbox.calls().stream().filter(c -> c.operation().equals("chat.update")).count());
    }

    @Test
    void withRollupsOffEachBuildIsItsOwnMessage() {
        world.with("CBN_COMMIT_ROLLUP", "false");
        world.send(build("unit-ci", 1_790_000_000L, "FAILED"), "FAILED");
        world.send(build("lint-ci", 1_790_000_001L, "FAILED"), "FAILED");

        assertEquals(List.of(Cast.JANE.slackId(), Cast.JANE.slackId()), world.takePosts());
    }

    // ------------------------------------------------------------------ the sender function

    private static Outgoing message(String build, String destination, String title) {
        NotificationKey key = NotificationKey.build(build);
        Notification n = new Notification(key, Notification.Kind.BUILD_RESULT, Notification.Severity.FAILURE, title,
                List.of(new Notification.Fact(Notification.FactKey.PROJECT, "widgets-ci"),
                        new Notification.Fact(Notification.FactKey.STATUS, "failed")),
                List.of(), List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Jane Doe",
                        "jane@example.com")), List.of());
        return new Outgoing(key, "dm:" + destination, destination, Delivery.Role.DIRECT_MESSAGE, "jane@example.com",
                1, n);
    }

    /** An SQS event as Lambda's event source mapping hands it to the function. */
    private static byte[] sqsEvent(Map<String, String> bodiesById, Map<String, String> groupsById) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        bodiesById.forEach((id, body) -> {
            ObjectNode record = records.addObject().put("messageId", id).put("receiptHandle", "rh-" + id)
                    .put("body", body).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:codebuild-notifier-DeliveryQueue.fifo");
            record.putObject("attributes").put("MessageGroupId", groupsById.get(id))
                    .put("ApproximateReceiveCount", "1").put("MessageDeduplicationId", "d-" + id);
        });
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode invoke(io.codebuildnotifier.function.SenderHandler sender, byte[] event,
                                   TestLambdaContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sender.handleRequest(new ByteArrayInputStream(event), out, context);
        return JSON.readTree(out.toByteArray());
    }

    private static List<String> failures(JsonNode response) {
        return java.util.stream.StreamSupport.stream(response.path("batchItemFailures").spliterator(), false)
                .map(f -> f.path("itemIdentifier").asText()).toList();
    }

    @Test
    void theSenderPostsEachMessageOnceAndAFailureHoldsBackOnlyItsDestination() throws IOException {
        Outgoing jane1 = message("widgets-ci:1", Cast.JANE.slackId(), "one");
        Outgoing jane2 = message("widgets-ci:2", Cast.JANE.slackId(), "two");
        Outgoing bob = message("widgets-ci:3", Cast.BOB.slackId(), "three");
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("m1", QueuedMessages.encode(jane1));
        bodies.put("m2", QueuedMessages.encode(jane2));
        bodies.put("m3", QueuedMessages.encode(bob));
        Map<String, String> groups = Map.of("m1", Cast.JANE.slackId(), "m2", Cast.JANE.slackId(), "m3", Cast.BOB.slackId());
        // Slack fails every attempt of the first post: Jane's first message, and so her second, go back
        sandbox.failNext("slack", "chat.postMessage", 4, new Sandbox.Fault.HttpStatus(503, "", Map.of()));

        TestLambdaContext first = new TestLambdaContext("sender-1", 60_000);
        JsonNode response = invoke(world.sender(), sqsEvent(bodies, groups), first);

        assertEquals(List.of("m1", "m2"), failures(response));
        assertEquals(List.of(Cast.BOB.slackId()), world.takePosts());
        assertEquals(1, first.logged().size(), "one record per batch: " + first.logged());
        JsonNode record = JSON.readTree(first.logged().get(0));
        assertEquals(1, record.path("MessagesSent").asInt());
        assertEquals(2, record.path("MessagesRetried").asInt());
        assertEquals("CodeBuildNotifier", record.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText());

        // the queue hands back all three (Bob's again too, as a redelivery would): only Jane's are sent
        JsonNode retried = invoke(world.sender(), sqsEvent(bodies, groups), new TestLambdaContext("sender-2", 60_000));

        assertEquals(List.of(), failures(retried));
        assertEquals(List.of(Cast.JANE.slackId(), Cast.JANE.slackId()), world.takePosts(), "Bob's is not sent twice");
    }

    @Test
    void aBodyThatIsNotOursIsDroppedWithOneLine() throws IOException {
        TestLambdaContext context = new TestLambdaContext("sender-3", 60_000);
        JsonNode response = invoke(world.sender(), sqsEvent(Map.of("m1", "{\"hello\":\"world\"}"),
                Map.of("m1", "g")), context);

        assertEquals(List.of(), failures(response), "retrying would not help");
        assertEquals(List.of(), world.takePosts());
        assertTrue(context.logged().stream().anyMatch(l -> l.contains("dropped")), context.logged().toString());
        assertTrue(context.logged().stream().noneMatch(l -> l.contains("hello")), "the body is never echoed");
    }

    @Test
    void aRefusedTokenFailsTheBatchLoudly() {
        sandbox.setSlackToken("xoxb-another-token");
        try {
            byte[] event = sqsEvent(Map.of("m1", QueuedMessages.encode(message("widgets-ci:9", Cast.JANE.slackId(), "x"))),
                    Map.of("m1", Cast.JANE.slackId()));
            TestLambdaContext context = new TestLambdaContext("sender-4", 60_000);

            assertThrows(MisconfigurationFailure.class, () -> invoke(world.sender(), event, context));
            assertTrue(context.logged().stream().anyMatch(l -> l.contains("\"level\":\"ERROR\"")), context.logged().toString());
        } finally {
            sandbox.setSlackToken(World.TOKEN);
        }
    }

    private static JsonNode attachment(String attachmentsJson) {
        try {
            return JSON.readTree(attachmentsJson).path(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
