package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One conversation per pull request, through the real handlers, DynamoDB Local and the loopback
 * Slack: a PR that fails, fails again and passes is one direct message per person, the first, with
 * the two later ones as replies in its thread (also sent to the conversation), and the first updated
 * to show the latest status; at once and through the delivery queue; threads off; a parent someone
 * deleted.
 */
@ExtendWith(SandboxExtension.class)
class ThreadsEndToEndTest {
    private static final String[] SHAS = {"1111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222", "3333333333333333333333333333333333333333"};
    private static final String[] STATUSES = {"FAILED", "FAILED", "SUCCEEDED"};
    private static final String CONVERSATION = "build:https://github.com/acme/widgets#pr/42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private final EmbeddedDynamo dynamo;
    private final Sandbox sandbox;
    private World world;
    /** The messages the shared Slack kept before this test: not this test's. */
    private java.util.Set<String> before;

    ThreadsEndToEndTest(EmbeddedDynamo dynamo, Sandbox sandbox) {
        this.dynamo = dynamo;
        this.sandbox = sandbox;
    }

    @BeforeEach
    void fresh() {
        world = World.fresh(dynamo, sandbox);
        before = sandbox.slackMessages().stream().map(m -> m.channel() + "/" + m.ts()).collect(Collectors.toSet());
        for (int i = 0; i < SHAS.length; i++) {
            // written by Jane, committed by Bob: both hear of each build
            world.gitHubCommit(SHAS[i], "Jane Doe", "jane@example.com", "Bob Stone", "bob@example.com",
                    "Widgets, take " + (i + 1));
        }
    }

    private String arn(int i) {
        return world.gitHubBuild("pr/42", SHAS[i], 1_790_000_000L + 600L * i, STATUSES[i]);
    }

    /** The PR's three builds, each notified at once (no queue). */
    private void failFailPass() {
        for (int i = 0; i < SHAS.length; i++) {
            world.send(arn(i), STATUSES[i]);
        }
    }

    /** The messages Slack keeps for a DM, in the order posted. */
    private List<Sandbox.SlackMessageHistory> messagesTo(Cast.Person person) {
        String dm = "D" + person.slackId().substring(1);
        return sandbox.slackMessages().stream().filter(m -> m.channel().equals(dm))
                .filter(m -> !before.contains(m.channel() + "/" + m.ts())).toList();
    }

    /** The replies of this test. */
    private List<Sandbox.SlackReply> replies() {
        return sandbox.slackReplies().stream().filter(r -> !before.contains(r.channel() + "/" + r.ts())).toList();
    }

    private void assertOneThreadEach() {
        for (Cast.Person person : List.of(Cast.JANE, Cast.BOB)) {
            List<Sandbox.SlackMessageHistory> messages = messagesTo(person);
            assertEquals(3, messages.size(), person.name() + ": the first message and two replies");
            Sandbox.SlackMessageHistory parent = messages.get(0);
            List<Sandbox.SlackReply> replies = replies().stream()
                    .filter(r -> r.channel().equals(parent.channel())).toList();
            assertEquals(List.of(messages.get(1).ts(), messages.get(2).ts()),
                    replies.stream().map(Sandbox.SlackReply::ts).toList());
            assertTrue(replies.stream().allMatch(r -> r.threadTs().equals(parent.ts()) && r.broadcast()),
                    "replies in the first message's thread, also sent to the conversation: " + replies);
            assertEquals(3, parent.versions().size(), "posted, then updated after each reply");
            assertEquals(messages.get(2).current(), parent.current(), "the parent shows the latest status");
            assertTrue(parent.current().text().contains("succeeded") || parent.current().text().contains("passed"),
                    parent.current().text());
            assertTrue(parent.versions().get(0).text().contains("failed"), parent.versions().get(0).text());
        }
    }

    @Test
    void aPullRequestThatFailsFailsAgainAndPassesIsOneThreadPerPerson() {
        failFailPass();

        assertOneThreadEach();
        assertEquals(List.of("chat.postMessage", "chat.postMessage", "chat.update", "chat.postMessage",
                "chat.update"), janeCalls(), "Jane: posted; then replied and updated the parent, twice");

        List<Map<String, AttributeValue>> threads = world.allItems().stream()
                .filter(i -> i.get("source_id").s().startsWith("thread:")).toList();
        assertEquals(Map.of("dm:" + Cast.JANE.slackId(), "thread:" + CONVERSATION,
                "dm:" + Cast.BOB.slackId(), "thread:" + CONVERSATION), threads.stream().collect(Collectors.toMap(
                i -> i.get("version_key").s(), i -> i.get("source_id").s())));
        long expires = Long.parseLong(threads.get(0).get("expires_at").n());
        long inThirtyDays = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
        assertTrue(Math.abs(expires - inThirtyDays) < 600, "kept for 30 days: " + expires);
        assertTrue(threads.get(0).get("shown_key").s().endsWith("@" + SHAS[2]), "the parent shows the pass");
    }

    /** Jane's Slack calls, in order: chat.postMessage or chat.update. */
    private List<String> janeCalls() {
        String dm = "D" + Cast.JANE.slackId().substring(1);
        return sandbox.slackAccepted().stream().filter(a -> a.channel().equals(dm))
                .map(Sandbox.SlackAccepted::method).toList();
    }

    @Test
    void theSameThroughTheDeliveryQueueEachMessageOnceWhateverSqsRedelivers() throws Exception {
        String queue = sandbox.sqsFifoQueue("threads-" + QUEUES.incrementAndGet() + ".fifo");
        world.with("CBN_DELIVERY_QUEUE_URL", queue);
        for (int i = 0; i < SHAS.length; i++) {
            world.send(arn(i), STATUSES[i]);
            drain(queue);
        }

        assertOneThreadEach();
        assertEquals(List.of("chat.postMessage", "chat.postMessage", "chat.update", "chat.postMessage",
                "chat.update"), janeCalls());
        assertEquals(0, sandbox.sqsCounts(queue).visible());
    }

    /** Plays Lambda's event source mapping: each batch handed to the sender twice (a redelivery), then completed. */
    private void drain(String queue) throws Exception {
        for (var batch = sandbox.sqsReceive(queue, 10); batch.isPresent(); batch = sandbox.sqsReceive(queue, 10)) {
            ObjectNode event = JSON.createObjectNode();
            ArrayNode records = event.putArray("Records");
            for (Sandbox.SqsMessage m : batch.get().messages()) {
                ObjectNode record = records.addObject().put("messageId", m.messageId())
                        .put("receiptHandle", m.receiptHandle()).put("body", m.body()).put("eventSource", "aws:sqs");
                record.putObject("attributes").put("MessageGroupId", m.messageGroupId())
                        .put("ApproximateReceiveCount", Integer.toString(m.receiveCount()));
            }
            byte[] bytes = event.toString().getBytes(StandardCharsets.UTF_8);
            List<String> failed = world.sender().handle(new ByteArrayInputStream(bytes),
                    new TestLambdaContext("sender", 60_000));
            assertEquals(List.of(), failed);
            assertEquals(List.of(), world.sender().handle(new ByteArrayInputStream(bytes),
                    new TestLambdaContext("sender-again", 60_000)), "a redelivery sends nothing");
            sandbox.sqsComplete(batch.get(), failed);
        }
    }

    @Test
    void withThreadsOffEachNotificationIsAMessageOfItsOwn() {
        world.with("CBN_THREADS", "false");
        failFailPass();

        for (Cast.Person person : List.of(Cast.JANE, Cast.BOB)) {
            List<Sandbox.SlackMessageHistory> messages = messagesTo(person);
            assertEquals(3, messages.size());
            assertTrue(messages.stream().allMatch(m -> m.versions().size() == 1), "none updated");
        }
        assertEquals(List.of(), replies());
        assertEquals(List.of("chat.postMessage", "chat.postMessage", "chat.postMessage"), janeCalls());
        assertTrue(world.allItems().stream().noneMatch(i -> i.get("source_id").s().startsWith("thread:")),
                "nothing kept for threads");
    }

    @Test
    void aParentSomeoneDeletedStartsANewThread() {
        world.send(arn(0), STATUSES[0]);
        Sandbox.SlackMessageHistory first = messagesTo(Cast.JANE).get(0);
        assertTrue(sandbox.slackDelete(first.channel(), first.ts()));

        world.send(arn(1), STATUSES[1]);
        world.send(arn(2), STATUSES[2]);

        List<Sandbox.SlackMessageHistory> jane = messagesTo(Cast.JANE);
        assertEquals(3, jane.size(), "the deleted one, the one posted anew, and a reply to it");
        Sandbox.SlackMessageHistory second = jane.get(1);
        List<Sandbox.SlackReply> replies = replies().stream()
                .filter(r -> r.channel().equals(first.channel())).toList();
        assertEquals(1, replies.size());
        assertEquals(second.ts(), replies.get(0).threadTs(), "the new thread's parent is the message posted anew");
        assertEquals(jane.get(2).current(), second.current(), "and shows the latest status");
        assertEquals(1, sandbox.slackMessage(first.channel(), first.ts()).orElseThrow().versions().size(),
                "the deleted one was never updated");
        assertEquals(3, messagesTo(Cast.BOB).size(), "Bob's thread goes on as before");
        assertEquals(2, replies().stream().filter(r -> !r.channel().equals(first.channel())).count());
    }

    @Test
    void aCommitThatSeveralProjectsBuildIsOneRollupReplyUpdatedWithItsParent() {
        world.send(arn(0), STATUSES[0]);
        world.send(world.build(BuildFixture.of("unit-ci").at("pr/42", SHAS[1]).startedAt(1_790_001_000L)
                .status("FAILED")), "FAILED");
        world.send(world.build(BuildFixture.of("lint-ci").at("pr/42", SHAS[1]).startedAt(1_790_001_001L)
                .status("SUCCEEDED")), "SUCCEEDED");

        List<Sandbox.SlackMessageHistory> jane = messagesTo(Cast.JANE);
        assertEquals(2, jane.size(), "the first message and one reply: the second commit's rollup");
        Sandbox.SlackMessageHistory parent = jane.get(0);
        Sandbox.SlackMessageHistory rollup = jane.get(1);
        assertEquals(List.of(rollup.ts()), replies().stream().filter(r -> r.channel().equals(parent.channel()))
                .map(Sandbox.SlackReply::ts).toList());
        assertEquals(2, rollup.versions().size(), "the rollup reply, updated in place when lint-ci finished");
        assertTrue(attachmentText(rollup.current()).contains(": 2 finished"), attachmentText(rollup.current()));
        assertEquals(rollup.current(), parent.current(), "the parent shows the rollup as it is now");
        assertEquals(List.of("chat.postMessage", "chat.postMessage", "chat.update", "chat.update", "chat.update"),
                janeCalls());
    }

    /** Everything a message shows (its blocks' and its attachment's texts). */
    private static String attachmentText(Sandbox.SlackContent content) {
        return io.codebuildnotifier.adapter.slack.SlackWire.of(content).shown();
    }
}
