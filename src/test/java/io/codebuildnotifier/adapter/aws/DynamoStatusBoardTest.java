package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.interactions.Health;
import io.codebuildnotifier.interactions.StatusBoard;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sources.build.ReconcileLog;
import io.codebuildnotifier.testkit.StatusBoardContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the AWS board adapters do beyond the contracts: links, failures, the schema's corners. Failures are faults
 * the sandbox injects between the real clients and DynamoDB Local or its SQS.
 */
class DynamoStatusBoardTest {
    private static final Instant NOW = Instant.parse("2025-06-02T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String REPO = "https://github.com/acme/widgets";
    private static EmbeddedDynamo dynamo;
    private static Sandbox sandbox;
    private static DynamoDbClient throughSandbox;
    private static SqsClient sqs;
    private static int queues;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
        sandbox = Sandbox.empty("xoxb-test");
        sandbox.forwardDynamoDbTo(dynamo.endpoint());
        throughSandbox = DynamoBoardContractsTest.dynamoClient(sandbox);
        sqs = DynamoBoardContractsTest.sqsClient(sandbox);
    }

    @AfterEach
    void noFaultLeftOver() {
        sandbox.clearFaults();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        throughSandbox.close();
        sandbox.close();
        dynamo.close();
    }

    /** Every DynamoDB call through the sandbox answers {@code type} ({@code __type} as DynamoDB writes it). */
    private static void dynamoAnswers(int status, String type) {
        sandbox.failNext("dynamodb", "*", 100, Sandbox.Fault.status(status,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"injected\"}",
                Map.of("Content-Type", "application/x-amz-json-1.0")));
    }

    private static String queue() {
        return sandbox.sqsFifoQueue("failed-" + (++queues) + ".fifo");
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }

    private static String table() {
        String name = "board-test-" + System.nanoTime();
        dynamo.createHistoryTable(name);
        return name;
    }

    private static void built(String table, String ref, String buildId, Instant at) {
        DynamoBoardContractsTest.record(new DynamoHistory(dynamo.client(), table), List.of("main"),
                new StatusBoardContract.Built("widgets", REPO, ref, buildId, "c1", "FAILED", at, "ada@example.com",
                        "ada@example.com"));
    }

    @Test
    void aStandingLinksToTheBuildInTheConsoleAsTheNotificationsDo() {
        String table = table();
        built(table, "branch/main", "widgets:0f9a-11", NOW.minusSeconds(60));

        StatusBoard.Standing standing = new DynamoStatusBoard(dynamo.client(), table, List.of("main"),
                new DynamoStatusBoard.Console("eu-west-1", "123456789012"), CLOCK)
                .ofProject("widgets", deadline()).getFirst();
        StatusBoard.Standing withoutAccount = new DynamoStatusBoard(dynamo.client(), table, List.of("main"),
                new DynamoStatusBoard.Console("eu-west-1", ""), CLOCK).ofProject("widgets", deadline()).getFirst();
        StatusBoard.Standing withoutRegion = new DynamoStatusBoard(dynamo.client(), table, List.of("main"),
                new DynamoStatusBoard.Console("", ""), CLOCK).ofProject("widgets", deadline()).getFirst();

        assertEquals("https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/widgets"
                + "/build/widgets%3A0f9a-11/?region=eu-west-1", standing.url());
        assertEquals("https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/projects/widgets"
                + "/build/widgets%3A0f9a-11/?region=eu-west-1", withoutAccount.url());
        assertEquals("", withoutRegion.url());
    }

    @Test
    void anOpenPullRequestIsOneBuiltInTheLastFourteenDays() {
        String table = table();
        built(table, "pr/1", "widgets:a", NOW.minus(DynamoStatusBoard.OPEN).plusSeconds(1));
        built(table, "pr/2", "widgets:b", NOW.minus(DynamoStatusBoard.OPEN).minusSeconds(1));

        List<String> places = new DynamoStatusBoard(dynamo.client(), table, List.of("main"),
                new DynamoStatusBoard.Console("", ""), CLOCK).ofProject("widgets", deadline()).stream()
                .map(StatusBoard.Standing::place).toList();

        assertEquals(List.of("PR #1"), places);
    }

    @Test
    void theTablesOtherItemsAreNotProjects() {
        String table = table();
        built(table, "branch/main", "widgets:a", NOW.minusSeconds(60));
        new DynamoReconcileLog(dynamo.client(), table).ran(new ReconcileLog.Run(NOW, 1, 1), deadline());
        DynamoStatusBoard board = new DynamoStatusBoard(dynamo.client(), table, List.of("main"),
                new DynamoStatusBoard.Console("", ""), CLOCK);

        assertEquals(List.of(), board.ofProject("project_summary", deadline()));
        assertEquals(List.of(), board.ofProject("reconcile:last", deadline()));
        assertEquals(List.of("widgets"), board.recent(10, deadline()).stream().map(StatusBoard.Standing::project)
                .toList());
    }

    @Test
    void repositoriesAreComparedWithoutSchemeUserOrSuffix() {
        String wanted = StatusBoard.normalise("acme/widgets");
        assertTrue(StatusBoard.matches("https://github.com/acme/widgets.git", wanted));
        assertTrue(StatusBoard.matches("git@github.com:acme/widgets.git", wanted));
        assertTrue(StatusBoard.matches("https://GitHub.com/Acme/Widgets/", wanted));
        assertTrue(StatusBoard.matches(
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/widgets", StatusBoard.normalise("widgets")));
        assertFalse(StatusBoard.matches("https://github.com/acme/widgets-e2e", wanted));
        assertFalse(StatusBoard.matches("https://github.com/acme/superwidgets", StatusBoard.normalise("widgets")));
    }

    @Test
    void aDeniedQueryNamesTheActionToGrant() {
        dynamoAnswers(400, "AccessDeniedException");
        DynamoStatusBoard board = new DynamoStatusBoard(throughSandbox, "history", List.of("main"),
                new DynamoStatusBoard.Console("", ""), CLOCK);

        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                () -> board.recent(5, deadline()));

        assertTrue(failure.getMessage().contains("dynamodb:Query"), failure.getMessage());
        assertTrue(failure.getMessage().contains("history"), failure.getMessage());
    }

    @Test
    void throttlingIsTransient() {
        sandbox.failNext("dynamodb", "*", 100, Sandbox.dynamoThrottling());
        DynamoStatusBoard board = new DynamoStatusBoard(throughSandbox, "history", List.of("main"),
                new DynamoStatusBoard.Console("", ""), CLOCK);

        assertThrows(TransientFailure.class, () -> board.ofProject("widgets", deadline()));
    }

    @Test
    void aMissingTableIsAMisconfiguration() {
        DynamoStatusBoard board = new DynamoStatusBoard(dynamo.client(), "no-such-table", List.of("main"),
                new DynamoStatusBoard.Console("", ""), CLOCK);

        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                () -> board.ofRepository("widgets", deadline()));

        assertTrue(failure.getMessage().contains("CBN_DYNAMO_TABLE"), failure.getMessage());
    }

    @Test
    void aRunThatCannotBeNotedIsNotAFailure() {
        sandbox.failNext("dynamodb", "*", 100, Sandbox.dynamoThrottling());

        new DynamoReconcileLog(throughSandbox, "history").ran(new ReconcileLog.Run(NOW, 1, 1), deadline());

        assertFalse(sandbox.injectedFaults().isEmpty(), "the note was tried and refused");
    }

    @Test
    void aLastRunThatCannotBeReadReadsAsUnknownAndSaysSo() {
        List<String> lines = new ArrayList<>();
        dynamoAnswers(500, "InternalServerError");
        Health health = new QueueHealth(sqs, Map.of("FailedInvocationsQueue", queue()),
                new DynamoReconcileLog(throughSandbox, "history"), lines::add);

        Health.Report report = health.read(deadline());

        assertEquals(Optional.empty(), report.lastReconciliation());
        assertEquals(Map.of("FailedInvocationsQueue", 0), report.waiting());
        assertEquals(1, lines.size(), lines.toString());
    }

    @Test
    void aDeniedQueueIsLeftOutWithOneLineNamingTheGrant() {
        List<String> lines = new ArrayList<>();
        sandbox.failNext("sqs", "GetQueueAttributes", 1, DynamoBoardContractsTest.sqsAccessDenied());
        Health health = new QueueHealth(sqs, Map.of("FailedInvocationsQueue", queue()), ReconcileLog.NONE,
                lines::add);

        assertEquals(Map.of(), health.read(deadline()).waiting());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("sqs:GetQueueAttributes"), lines.getFirst());
        assertFalse(lines.getFirst().contains(Sandbox.ACCOUNT), "no queue URL in the log");
    }
}
