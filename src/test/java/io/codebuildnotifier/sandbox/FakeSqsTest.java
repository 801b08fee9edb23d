package io.codebuildnotifier.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.sandbox.Sandbox.SqsBatch;
import io.codebuildnotifier.sandbox.Sandbox.SqsMessage;
import io.codebuildnotifier.sandbox.Sandbox.SqsQueueSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/**
 * The sandbox's SQS FIFO queues: what the real SDK is answered (validation, deduplication, checksums) and how a
 * consumer playing Lambda's FIFO event source mapping sees them (one batch per group in flight, order, visibility
 * timeout, receive counts, dead letters), on a clock of the test's own.
 */
class FakeSqsTest {
    private static final Duration VISIBILITY = Duration.ofSeconds(30);
    private static Sandbox sandbox;
    private static SqsClient client;
    private static final AtomicLong NOW = new AtomicLong(1_000_000_000L);
    private static int queues;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        sandbox.sqsClock(NOW::get);
        client = SqsClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    private static String queue() {
        return sandbox.sqsFifoQueue("q-" + (++queues) + ".fifo", SqsQueueSettings.DEFAULTS
                .withVisibilityTimeout(VISIBILITY).withMaxReceiveCount(2));
    }

    private static void later(Duration duration) {
        NOW.addAndGet(duration.toNanos());
    }

    private static void send(String url, String group, String body) {
        client.sendMessage(r -> r.queueUrl(url).messageGroupId(group).messageDeduplicationId(body).messageBody(body));
    }

    private static List<String> bodies(SqsBatch batch) {
        return batch.messages().stream().map(SqsMessage::body).toList();
    }

    @Test
    void theSdkIsAnsweredAsSqsAnswersIt() {
        String url = queue();
        SendMessageResponse sent = client.sendMessage(r -> r.queueUrl(url).messageGroupId("g")
                .messageDeduplicationId("d1").messageBody("hello ✓"));
        // the SDK checks MD5OfMessageBody itself: it would have thrown on a wrong one
        assertTrue(sent.sequenceNumber().length() >= 20);

        SqsException noGroup = assertThrows(SqsException.class, () -> client.sendMessage(r -> r.queueUrl(url)
                .messageDeduplicationId("d2").messageBody("x")));
        assertEquals("MissingParameter", noGroup.awsErrorDetails().errorCode());
        SqsException noDeduplication = assertThrows(SqsException.class, () -> client.sendMessage(r -> r.queueUrl(url)
                .messageGroupId("g").messageBody("x")));
        assertTrue(noDeduplication.getMessage().contains("ContentBasedDeduplication"), noDeduplication.getMessage());
        assertThrows(QueueDoesNotExistException.class, () -> client.sendMessage(r -> r.queueUrl(
                sandbox.sqsQueueUrl("standard")).messageGroupId("g").messageDeduplicationId("d").messageBody("x")));

        List<SendMessageBatchRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageGroupId("g")
                    .messageDeduplicationId("b" + i).messageBody("m" + i).build());
        }
        assertThrows(TooManyEntriesInBatchRequestException.class,
                () -> client.sendMessageBatch(r -> r.queueUrl(url).entries(eleven)));
        SqsException sameIds = assertThrows(SqsException.class, () -> client.sendMessageBatch(r -> r.queueUrl(url)
                .entries(eleven.get(0), eleven.get(1).toBuilder().id("e0").build())));
        assertEquals("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", sameIds.awsErrorDetails().errorCode());

        SendMessageBatchResponse batch = client.sendMessageBatch(r -> r.queueUrl(url).entries(eleven.get(0),
                eleven.get(1).toBuilder().messageGroupId(null).build(), eleven.get(2)));
        assertEquals(List.of("e0", "e2"), batch.successful().stream().map(e -> e.id()).toList());
        assertEquals("MissingParameter", batch.failed().get(0).code());
        assertTrue(batch.failed().get(0).senderFault());
        assertEquals(new Sandbox.SqsCounts(3, 0, 0, 3, 0, 0), sandbox.sqsCounts(url));
    }

    @Test
    void aDeduplicationIdCountsForFiveMinutes() {
        String url = queue();
        String first = client.sendMessage(r -> r.queueUrl(url).messageGroupId("g").messageDeduplicationId("same")
                .messageBody("one")).messageId();
        String again = client.sendMessage(r -> r.queueUrl(url).messageGroupId("g").messageDeduplicationId("same")
                .messageBody("one, again")).messageId();
        assertEquals(first, again);
        assertEquals(List.of("one"), sandbox.sqsMessages(url).stream().map(SqsMessage::body).toList());

        later(Duration.ofMinutes(5).plusSeconds(1));
        send(url, "g", "same");
        Sandbox.SqsCounts counts = sandbox.sqsCounts(url);
        assertEquals(2, counts.enqueued());
        assertEquals(1, counts.deduplicated());
    }

    @Test
    void eachGroupHasOneBatchInFlightAndKeepsItsOrder() {
        String url = queue();
        for (int i = 0; i < 4; i++) {
            send(url, "a", "a" + i);
            send(url, "b", "b" + i);
        }

        SqsBatch first = sandbox.sqsReceive(url, 3).orElseThrow();
        // the oldest group first, in order, then the next group
        assertEquals(List.of("a0", "a1", "a2"), bodies(first));
        SqsBatch second = sandbox.sqsReceive(url, 10).orElseThrow();
        assertEquals(List.of("b0", "b1", "b2", "b3"), bodies(second));
        // a's last message waits for a's batch in flight
        assertTrue(sandbox.sqsReceive(url, 10).isEmpty());
        assertEquals(new Sandbox.SqsCounts(1, 7, 0, 8, 0, 0), sandbox.sqsCounts(url));

        sandbox.sqsComplete(first, Set.of());
        assertEquals(List.of("a3"), bodies(sandbox.sqsReceive(url, 10).orElseThrow()));
    }

    @Test
    void aFailedMessageAndTheRestOfItsGroupComeBackAfterTheVisibilityTimeoutThenAreDeadLetters() {
        String url = queue();
        for (int i = 0; i < 3; i++) {
            send(url, "a", "a" + i);
        }
        send(url, "b", "b0");
        SqsBatch batch = sandbox.sqsReceive(url, 10).orElseThrow();
        assertEquals(List.of("a0", "a1", "a2", "b0"), bodies(batch));

        // a1 failed: a0 and b0 are done, a1 and a2 (after it in its group) stay in flight
        sandbox.sqsComplete(batch, Set.of(batch.messages().get(1).messageId()));
        assertEquals(new Sandbox.SqsCounts(0, 2, 0, 4, 0, 0), sandbox.sqsCounts(url));
        assertTrue(sandbox.sqsReceive(url, 10).isEmpty());

        later(VISIBILITY);
        SqsBatch again = sandbox.sqsReceive(url, 10).orElseThrow();
        assertEquals(List.of("a1", "a2"), bodies(again));
        assertEquals(List.of(2, 2), again.messages().stream().map(SqsMessage::receiveCount).toList());

        // the invocation failed as a whole; after two receipts they are dead letters
        sandbox.sqsComplete(again, again.messages().stream().map(SqsMessage::messageId).toList());
        later(VISIBILITY);
        assertTrue(sandbox.sqsReceive(url, 10).isEmpty());
        assertEquals(List.of("a1", "a2"), sandbox.sqsDeadLetters(url).stream().map(SqsMessage::body).toList());
        assertEquals(new Sandbox.SqsCounts(0, 0, 2, 4, 0, 0), sandbox.sqsCounts(url));
    }

    @Test
    void aBatchCompletedAfterItsVisibilityTimeoutRanOutDeletesNothingReceivedSince() {
        String url = queue();
        send(url, "a", "a0");
        SqsBatch slow = sandbox.sqsReceive(url, 10).orElseThrow();
        later(VISIBILITY.plusSeconds(1));
        SqsBatch second = sandbox.sqsReceive(url, 10).orElseThrow();
        assertEquals(List.of("a0"), bodies(second));

        sandbox.sqsComplete(slow, Set.of());
        assertEquals(new Sandbox.SqsCounts(0, 1, 0, 1, 0, 1), sandbox.sqsCounts(url));
        sandbox.sqsComplete(second, Set.of());
        assertEquals(0, sandbox.sqsCounts(url).left());
    }
}
