package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sources.build.History;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.ReconcileLog;
import io.codebuildnotifier.testkit.HealthContract;
import io.codebuildnotifier.testkit.StatusBoardContract;
import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The board's contracts on the AWS adapters: the history on DynamoDB Local, written by the real {@link DynamoHistory}
 * (so the board reads the very schema the notifier writes), the queues on the sandbox's SQS. A fresh table and fresh
 * queues per test.
 */
class DynamoBoardContractsTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedDynamo dynamo;
    private static Sandbox sandbox;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
        sandbox = Sandbox.empty("xoxb-test");
        sqs = sqsClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        sandbox.close();
        dynamo.close();
    }

    /** An SQS client of the sandbox that does not retry (a failure is seen as it is). */
    static SqsClient sqsClient(Sandbox sandbox) {
        return SqsClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION)).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
    }

    /**
     * A DynamoDB client of the sandbox that does not retry: its calls reach the DynamoDB Local the sandbox forwards
     * to ({@link Sandbox#forwardDynamoDbTo}), unless a fault injected for {@code dynamodb} answers instead.
     */
    static DynamoDbClient dynamoClient(Sandbox sandbox) {
        return DynamoDbClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION)).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
    }

    /** DynamoDB Local's keys, so that a call through the sandbox sees the tables {@link EmbeddedDynamo} made. */
    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedDynamo.ACCESS_KEY_ID,
                EmbeddedDynamo.SECRET_ACCESS_KEY));
    }

    /** SQS refusing the role a call, as it answers on the wire (JSON protocol, with the query error code). */
    static Sandbox.Fault sqsAccessDenied() {
        return Sandbox.Fault.status(400, "{\"__type\":\"com.amazonaws.sqs#AccessDenied\",\"message\":\"denied\"}",
                Map.of("Content-Type", "application/x-amz-json-1.0", "x-amzn-query-error", "AccessDenied;Sender"));
    }

    /** {@code messages} messages sent to the FIFO queue {@code url}, each its own. */
    static void send(SqsClient sqs, String url, int messages) {
        for (int i = 0; i < messages; i++) {
            String body = "failure-" + i;
            sqs.sendMessage(r -> r.queueUrl(url).messageGroupId("g").messageDeduplicationId(body).messageBody(body));
        }
    }

    static String historyTable() {
        String name = "board-" + TABLES.incrementAndGet();
        dynamo.createHistoryTable(name);
        return name;
    }

    /** Records a build as the notifier does: the entry, the branch entry, the summary for a whitelisted branch. */
    static void record(History history, List<String> whitelist, StatusBoardContract.Built b) {
        long start = b.at().toEpochMilli();
        String branch = b.sourceRef().startsWith("branch/") ? b.sourceRef().substring(7) : "";
        HistoryEntry entry = new HistoryEntry(HistoryEntry.sourceId(b.project(), b.sourceRef()),
                HistoryEntry.versionKey(start, start), b.sourceRef(), branch, b.project(), b.buildId(), b.commit(),
                b.status(), start, "Someone", b.authorEmail(), "Someone", b.committerEmail(), "A change",
                b.repository());
        Instant now = b.at().plus(Duration.ofMinutes(5));
        Claim claim = new Claim(NotificationKey.build(b.buildId()), b.buildId(), "seed", now,
                now.plus(Duration.ofMinutes(15)), true, now.plus(Duration.ofDays(30)));
        history.record(new History.Record(entry, Optional.empty(), List.of(), whitelist.contains(branch), claim),
                Deadline.in(Duration.ofMinutes(1)));
    }

    @Nested
    class Board extends StatusBoardContract {
        @Override
        protected Seeded newBoard(List<String> whitelist, Clock clock) {
            String table = historyTable();
            DynamoHistory history = new DynamoHistory(dynamo.client(), table);
            return new Seeded(new DynamoStatusBoard(dynamo.client(), table, whitelist,
                    new DynamoStatusBoard.Console("eu-west-1", "123456789012"), clock),
                    build -> record(history, whitelist, build));
        }
    }

    @Nested
    class QueueHealths extends HealthContract {
        @Override
        protected Seeded newHealth(List<String> queues) {
            String table = historyTable();
            DynamoReconcileLog log = new DynamoReconcileLog(dynamo.client(), table);
            sandbox.clearFaults();
            Map<String, String> urls = new LinkedHashMap<>();
            queues.forEach(q -> urls.put(q, sandbox.sqsFifoQueue(table + "-" + q + ".fifo")));
            return new Seeded(new QueueHealth(sqs, urls, log, line -> { }), new Seeding() {
                @Override
                public void reconciled(Instant at, int finished, int recovered) {
                    log.ran(new ReconcileLog.Run(at, finished, recovered), Deadline.in(Duration.ofMinutes(1)));
                }

                @Override
                public void waiting(String queue, int messages) {
                    send(sqs, urls.get(queue), messages);
                }

                @Override
                public void unreadable(String queue) {
                    // The health reads the queues in their order: the one read after those before it is denied.
                    sandbox.failAfter("sqs", "GetQueueAttributes", queues.indexOf(queue), 1, sqsAccessDenied());
                }
            });
        }
    }
}
