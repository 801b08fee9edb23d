package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.e2e.BuildFixture;
import io.codebuildnotifier.e2e.Cast;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Priming against DynamoDB Local and the loopback sandbox, DynamoDB routed through the sandbox so that
 * every call is recorded: what it calls, that it reads no secret, sends no message and leaves nothing in
 * the table, and that it returns in bounded time, without throwing, when everything is down.
 */
@ExtendWith(SandboxExtension.class)
class PrimingTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final List<String> PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.endpointUrl", "aws.endpointUrlDynamoDb", Priming.MODE_PROPERTY);

    private final EmbeddedDynamo dynamo;
    private final Sandbox sandbox;
    private final Map<String, String> saved = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private String historyTable;

    PrimingTest(EmbeddedDynamo dynamo, Sandbox sandbox) {
        this.dynamo = dynamo;
        this.sandbox = sandbox;
    }

    @BeforeEach
    void world() {
        PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        int n = TABLES.incrementAndGet();
        historyTable = "priming-history-" + n;
        String aliasTable = "priming-aliases-" + n;
        dynamo.createHistoryTable(historyTable);
        dynamo.createAliasTable(aliasTable);
        sandbox.clearFaults();
        sandbox.setSlackToken(SandboxExtension.TOKEN);
        sandbox.putSecret(Sandbox.SLACK_SECRET_NAME, "{\"token\":\"" + SandboxExtension.TOKEN + "\"}");
        Demo.pointTheSdkAt(sandbox, dynamo);
        System.setProperty("aws.endpointUrlDynamoDb", sandbox.awsEndpoint()); // recorded, then passed on
        env.put("CBN_DYNAMO_TABLE", historyTable);
        env.put("CBN_SLACK_ALIAS_TABLE", aliasTable);
        env.put("CBN_SLACK_API_URL", sandbox.slackApiUrl());
        env.put("CBN_GITHUB_API_URL", sandbox.githubApiUrl());
        sandbox.clearRecordings();
    }

    @AfterEach
    void restoreProperties() {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        sandbox.clearFaults();
    }

    private EventsFunction function() {
        return EventsFunction.fromEnvironment(env, Clock.systemUTC(), new Patience(wait -> { }),
                EventsFunction.AwsRetries.quick());
    }

    private Map<String, Integer> calls() {
        Map<String, Integer> calls = new TreeMap<>();
        sandbox.calls().forEach(c -> calls.merge(c.service() + " " + c.operation(), 1, Integer::sum));
        return calls;
    }

    @Test
    void primingCallsEveryServiceOnceHarmlessly() {
        Priming.Report report = function().prime();

        assertTrue(report.allOk(), report.summary());
        assertEquals(Priming.Mode.FULL, report.mode());
        assertEquals(List.of("slack json", "notifier", "dynamodb", "codebuild", "secretsmanager", "github", "slack"),
                report.steps().stream().map(Priming.Step::name).toList());
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                // a marker, the lookup cache, the alias table
                Map.entry("dynamodb GetItem", 3),
                // the history of a PR, and of a commit (commit_hash_index)
                Map.entry("dynamodb Query", 2),
                Map.entry("dynamodb TransactWriteItems", 1),
                // a TTL on the build's item and its branch entry, two delivery notes, a revision owed, the
                // marker finished, a release refused; a start, a rollup's change and its refused repeat
                Map.entry("dynamodb UpdateItem", 10),
                Map.entry("dynamodb PutItem", 1),
                Map.entry("dynamodb BatchGetItem", 1),
                // the build's item, its branch entry, its marker, the commit's rollup, the lookup
                Map.entry("dynamodb DeleteItem", 5),
                // and no report call: a report's ARN needs the account (the reports' models are loaded instead)
                Map.entry("codebuild BatchGetBuilds", 1),
                Map.entry("secretsmanager GetSecretValue", 1),
                Map.entry("github GET /rate_limit", 1),
                Map.entry("slack api.test", 1)));
        assertEquals(expected, calls(), report.summary());
        assertTrue(report.step("notifier").orElseThrow().detail().startsWith("notified, duplicate"),
                report.summary());
        assertEquals("ok", report.step("slack").orElseThrow().detail(), "the sandbox answers api.test as Slack does");
        assertTrue(report.step("codebuild").orElseThrow().detail().endsWith(" of test reports' answers, without a call"),
                report.summary());
    }

    @Test
    void theSenderFunctionIsPrimedTooWithNothingSentAndNothingLeft() {
        Priming.Report report = SenderFunction.fromEnvironment(env, Clock.systemUTC(), new Patience(wait -> { }),
                EventsFunction.AwsRetries.quick()).prime();

        assertTrue(report.allOk(), report.summary());
        assertEquals(List.of("slack json", "sender", "dynamodb", "secretsmanager", "slack"),
                report.steps().stream().map(Priming.Step::name).toList());
        assertEquals("sent, already_sent, superseded, sent, sent; 4 laid out, none sent",
                report.step("sender").orElseThrow().detail());
        // its role may read and note deliveries only: nothing is written, so nothing needs deleting
        // a marker and a thread read, a release and a thread's revision refused
        assertEquals(new TreeMap<>(Map.of("dynamodb GetItem", 2, "dynamodb UpdateItem", 2,
                "secretsmanager GetSecretValue", 1, "slack api.test", 1)), calls(), report.summary());
        assertEquals(List.of(), sandbox.posts());
        assertEquals(0, dynamo.client().scan(r -> r.tableName(historyTable)).count(), "nothing was written");
    }

    @Test
    void nothingSecretIsReadNothingIsSentAndNothingIsLeft() {
        function().prime();

        List<Sandbox.Call> secrets = sandbox.calls().stream()
                .filter(c -> c.service().equals("secretsmanager")).toList();
        assertEquals(1, secrets.size());
        String asked = secrets.get(0).params().get("SecretId");
        assertTrue(asked.startsWith(Sandbox.SLACK_SECRET_NAME + "-_") && asked.length()
                == Sandbox.SLACK_SECRET_NAME.length() + 7, asked);
        assertEquals(0, sandbox.count("slack", "chat.postMessage"));
        assertEquals(List.of(), sandbox.posts());
        assertEquals(List.of("api.test"), sandbox.calls().stream().filter(c -> c.service().equals("slack"))
                .map(Sandbox.Call::operation).toList());
        assertEquals("absent", sandbox.calls().stream().filter(c -> c.service().equals("github")).findFirst()
                .orElseThrow().params().get("authorization"), "no GitHub token is sent");
        assertEquals(0, dynamo.client().scan(r -> r.tableName(historyTable)).count(), "the priming items are gone");
    }

    @Test
    void afterARestoreThePrimedFunctionReadsTheSecretAndNotifiesAsUsual() {
        String sha = "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c";
        Cast.intoSlack(sandbox);
        com.fasterxml.jackson.databind.node.ObjectNode commit = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("sha", sha);
        com.fasterxml.jackson.databind.node.ObjectNode inner = commit.putObject("commit");
        inner.putObject("author").put("name", Cast.JANE.name()).put("email", Cast.JANE.email());
        inner.putObject("committer").put("name", Cast.JANE.name()).put("email", Cast.JANE.email());
        inner.put("message", "Add widget size validation");
        sandbox.putGitHubCommit("acme", "widgets", commit);
        BuildFixture build = BuildFixture.of("widgets-ci").at("pr/42", sha).startedAt(1_790_000_000L).status("FAILED");
        build.into(sandbox);
        EventsHandler handler = new EventsHandler(function());
        handler.beforeCheckpoint(null);
        handler.afterRestore(null);
        sandbox.clearRecordings();

        Outcome outcome = handler.handle(new ByteArrayInputStream(eventFor(build.arn())
                .getBytes(StandardCharsets.UTF_8)), null);

        assertTrue(outcome.summary().contains("notified"), outcome.summary());
        assertEquals(List.of(Cast.JANE.slackId()), sandbox.posts().stream().map(Sandbox.SlackPost::channel).toList());
        assertEquals(List.of(Sandbox.SLACK_SECRET_NAME), sandbox.calls().stream()
                .filter(c -> c.service().equals("secretsmanager")).map(c -> c.params().get("SecretId")).toList(),
                "the real secret is read once, after the restore");
    }

    private static String eventFor(String arn) {
        return "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"CodeBuild Build State Change\","
                + "\"source\":\"aws.codebuild\",\"account\":\"" + Sandbox.ACCOUNT + "\",\"region\":\""
                + Sandbox.REGION + "\",\"resources\":[\"" + arn + "\"],\"detail\":{\"build-status\":\"FAILED\","
                + "\"project-name\":\"widgets-ci\",\"build-id\":\"" + arn + "\"}}";
    }

    @Test
    void withEveryServiceDownPrimingReturnsSoonWithoutThrowing() throws IOException {
        String nowhere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = "http://127.0.0.1:" + socket.getLocalPort();
        }
        System.setProperty("aws.endpointUrl", nowhere);
        System.setProperty("aws.endpointUrlDynamoDb", nowhere);
        env.put("CBN_SLACK_API_URL", nowhere + "/api/");
        env.put("CBN_GITHUB_API_URL", nowhere);
        // the SDK's attempts without its waits (a service that stops answering is bounded below)
        EventsFunction function = function();

        long started = System.nanoTime();
        Priming.Report report = function.prime();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, took + ": " + report.summary());
        for (String remote : List.of("dynamodb", "codebuild", "secretsmanager", "github", "slack")) {
            assertFalse(report.step(remote).orElseThrow().ok(), report.summary());
        }
        assertTrue(report.step("notifier").orElseThrow().ok(), report.summary());
        assertTrue(report.step("slack json").orElseThrow().ok(), report.summary());
    }

    @Test
    void aServiceThatStopsAnsweringCostsAtMostItsStep() {
        sandbox.failNext("dynamodb", "*", 50, new Sandbox.Fault.Stall(Duration.ofSeconds(20)));

        long started = System.nanoTime();
        Priming.Report report = function().prime();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertFalse(report.step("dynamodb").orElseThrow().ok(), report.summary());
        assertTrue(report.step("dynamodb").orElseThrow().millis() <= Priming.STEP.toMillis(), report.summary());
        assertTrue(took.compareTo(Priming.STEP.plusSeconds(4)) < 0, took + ": " + report.summary());
        for (String other : List.of("codebuild", "secretsmanager", "github", "slack", "notifier")) {
            assertTrue(report.step(other).orElseThrow().ok(), report.summary());
        }
        sandbox.clearFaults();
        assertEquals(0, dynamo.client().scan(r -> r.tableName(historyTable)).count(), "nothing was written");
    }

    @Test
    void theMinimalPrimingIsTheFormerOneAndNoneCallsNothing() {
        System.setProperty(Priming.MODE_PROPERTY, "minimal");
        Priming.Report minimal = function().prime();
        assertEquals(Priming.Mode.MINIMAL, minimal.mode());
        assertEquals(Map.of("dynamodb GetItem", 1, "codebuild BatchGetBuilds", 1), calls(), minimal.summary());

        sandbox.clearRecordings();
        System.setProperty(Priming.MODE_PROPERTY, "none");
        Priming.Report none = function().prime();
        assertEquals(List.of(), none.steps());
        assertEquals(Map.of(), calls());
    }
}
