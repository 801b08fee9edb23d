package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outgoing;
import io.codebuildnotifier.sandbox.Sandbox;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS delivery queue's contract, through the real SDK against the sandbox's SQS FIFO queues: ten messages a
 * SendMessageBatch, one message group per destination in order, deduplicated by delivery key, bodies the sender can
 * read back, and failures sorted as the events function needs them (retry for what SQS could not take now).
 */
class SqsDeliveryQueueTest {
    private static final List<String> DESTINATIONS = List.of("U0JANE0001", "U0BOB00002", "#builds");
    private static Sandbox sandbox;
    private static SqsClient client;
    private static int queues;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        // as EventsFunction builds it: the URL connection client with its timeouts, the SDK's own retries
        client = SqsClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(20)))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    @AfterEach
    void noFaultsLeft() {
        sandbox.clearFaults();
    }

    private static String newQueue() {
        return sandbox.sqsFifoQueue("deliveries-" + (++queues) + ".fifo");
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(30));
    }

    /** Message {@code n} of a build's notification, to destination {@code n % 3}. */
    private static Outgoing message(int n) {
        String destination = DESTINATIONS.get(n % DESTINATIONS.size());
        NotificationKey key = NotificationKey.build("widgets-ci:00000000-0000-4000-8000-" + String.format("%012d", n));
        Notification notification = new Notification(key, Notification.Kind.BUILD_RESULT,
                n % 2 == 0 ? Notification.Severity.FAILURE : Notification.Severity.SUCCESS,
                "Jane Doe's widgets-ci build - " + (n % 2 == 0 ? "failed" : "passed") + " ✓ «" + n + "»",
                List.of(new Notification.Fact(Notification.FactKey.PROJECT, "widgets-ci"),
                        new Notification.Fact(Notification.FactKey.SUBJECT, "Fix \"quotes\" & <tags>\nline " + n)),
                List.of(new Notification.Link(Notification.LinkKey.BUILD, "https://example.com/b/" + n, "build")),
                List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Jane Doe", "jane@example.com")),
                List.of());
        boolean channel = destination.startsWith("#");
        return new Outgoing(key, channel ? "channel:" + destination : "dm:" + destination, destination,
                channel ? Delivery.Role.CHANNEL : Delivery.Role.DIRECT_MESSAGE, channel ? "additional channel"
                : "jane@example.com", 1 + n % 2, notification);
    }

    private static List<Outgoing> messages(int count) {
        List<Outgoing> messages = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            messages.add(message(n));
        }
        return messages;
    }

    @Test
    void twentyFiveMessagesGoInThreeBatchesOneGroupPerDestinationInOrder() {
        String url = newQueue();
        List<Outgoing> messages = messages(25);
        long before = sandbox.count("sqs", "SendMessageBatch");

        List<Delivery> deliveries = new SqsDeliveryQueue(client, URI.create(url)).enqueue(messages, deadline());

        assertEquals(3, sandbox.count("sqs", "SendMessageBatch") - before);
        assertEquals(messages.stream().map(Delivery::queued).toList(), deliveries);
        List<Sandbox.SqsMessage> queued = sandbox.sqsMessages(url);
        assertEquals(25, queued.size());
        Map<String, List<Outgoing>> sentByGroup = new LinkedHashMap<>();
        messages.forEach(m -> sentByGroup.computeIfAbsent(m.destination(), d -> new ArrayList<>()).add(m));
        Map<String, List<Outgoing>> queuedByGroup = new LinkedHashMap<>();
        for (Sandbox.SqsMessage m : queued) {
            Outgoing decoded = QueuedMessages.decode(m.body());
            assertEquals(decoded.destination(), m.messageGroupId());
            assertEquals(decoded.deliveryKey(), m.messageDeduplicationId());
            queuedByGroup.computeIfAbsent(m.messageGroupId(), g -> new ArrayList<>()).add(decoded);
        }
        // the bodies read back as the very messages, each destination's in the order they were handed over
        assertEquals(sentByGroup, queuedByGroup);
        assertEquals(new Sandbox.SqsCounts(25, 0, 0, 25, 0, 0), sandbox.sqsCounts(url));
    }

    @Test
    void theSameMessagesQueuedAgainAreDeduplicated() {
        String url = newQueue();
        SqsDeliveryQueue queue = new SqsDeliveryQueue(client, URI.create(url));
        queue.enqueue(messages(25), deadline());

        List<Delivery> again = queue.enqueue(messages(25), deadline());

        assertEquals(25, again.size());
        Sandbox.SqsCounts counts = sandbox.sqsCounts(url);
        assertEquals(25, counts.enqueued());
        assertEquals(25, counts.deduplicated());
        assertEquals(25, sandbox.sqsMessages(url).size());
    }

    @Test
    void aLaterRevisionIsNotTakenForTheSameMessage() {
        String url = newQueue();
        SqsDeliveryQueue queue = new SqsDeliveryQueue(client, URI.create(url));
        Outgoing first = message(0);
        Outgoing second = new Outgoing(first.key(), first.target(), first.destination(), first.role(), first.about(),
                first.revision() + 1, first.notification());

        queue.enqueue(List.of(first, second), deadline());

        assertEquals(List.of(first, second), sandbox.sqsMessages(url).stream()
                .map(m -> QueuedMessages.decode(m.body())).toList());
    }

    @Test
    void aBatchWithAFailedEntryIsATransientFailure() {
        String url = newQueue();
        sandbox.sqsFailNextEntries(1, "InternalError", false);

        TransientFailure failure = assertThrows(TransientFailure.class,
                () -> new SqsDeliveryQueue(client, URI.create(url)).enqueue(messages(4), deadline()));

        assertTrue(failure.getMessage().contains("1 of 4") && failure.getMessage().contains("InternalError"),
                failure.getMessage());
        // the other three were queued: the retry queues the missing one, the rest are deduplicated
        assertEquals(3, sandbox.sqsCounts(url).enqueued());
        new SqsDeliveryQueue(client, URI.create(url)).enqueue(messages(4), deadline());
        assertEquals(4, sandbox.sqsCounts(url).enqueued());
        assertEquals(3, sandbox.sqsCounts(url).deduplicated());
    }

    @Test
    void aServerErrorIsATransientFailure() {
        String url = newQueue();
        // more than the SDK's own attempts
        sandbox.failNext("sqs", "SendMessageBatch", 10, Sandbox.Fault.status(500,
                "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"We encountered an internal error.\"}",
                Map.of("Content-Type", "application/x-amz-json-1.0")));

        assertThrows(TransientFailure.class,
                () -> new SqsDeliveryQueue(client, URI.create(url)).enqueue(messages(2), deadline()));

        assertEquals(0, sandbox.sqsCounts(url).enqueued());
    }

    @Test
    void aQueueThatDoesNotExistIsAMisconfiguration() {
        URI standard = URI.create(sandbox.sqsQueueUrl("not-a-fifo-queue"));

        assertThrows(MisconfigurationFailure.class,
                () -> new SqsDeliveryQueue(client, standard).enqueue(messages(1), deadline()));
    }
}
