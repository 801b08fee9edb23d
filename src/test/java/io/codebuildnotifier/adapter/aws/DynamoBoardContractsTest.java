package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sources.build.History;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.ReconcileLog;
import io.codebuildnotifier.testkit.HealthContract;
import io.codebuildnotifier.testkit.StatusBoardContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The board's contracts on the AWS adapters: the history on DynamoDB Local, written by the real {@link DynamoHistory}
 * (so the board reads the very schema the notifier writes), the queues on a loopback SQS. A fresh table per test.
 */
class DynamoBoardContractsTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedDynamo dynamo;
    private static JsonStub sqs;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
        sqs = JsonStub.sqs();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        sqs.close();
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
            String prefix = table + "-";
            Map<String, String> urls = new LinkedHashMap<>();
            queues.forEach(q -> urls.put(q, sqs.queueUrl(prefix + q)));
            return new Seeded(new QueueHealth(sqs.sqsClient(), urls, log, line -> { }), new Seeding() {
                @Override
                public void reconciled(Instant at, int finished, int recovered) {
                    log.ran(new ReconcileLog.Run(at, finished, recovered), Deadline.in(Duration.ofMinutes(1)));
                }

                @Override
                public void waiting(String queue, int messages) {
                    sqs.depths.put(urls.get(queue), messages);
                }

                @Override
                public void unreadable(String queue) {
                    sqs.unreadable.put(urls.get(queue), true);
                }
            });
        }
    }
}
