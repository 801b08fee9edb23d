package io.codebuildnotifier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exact remote calls per event, by service and operation, through the real handler: DynamoDB Local
 * and the loopback fakes, with DynamoDB routed through the sandbox so its calls are counted too.
 * The kinds and how each is set up are in {@link CallScenarios}; the benchmark prints the same table.
 * No timing is asserted here.
 *
 * <p>To change the expected counts, edit {@link #EXPECTED} only; a failure prints the whole table as
 * measured, in the same form.
 */
@ExtendWith(SandboxExtension.class)
class CallCountTest {

    /**
     * Calls per event kind, {@code "service operation"} to count; operations not listed are expected 0 times.
     * Measured with the default settings (commit rollups on) and no delivery queue, so the sender's calls
     * are in the same invocation: a notified build reads its marker and the rollup's (GetItem 2), writes
     * the rollup, the delivery note and the finished marker (UpdateItem 3); a quiet one still adds itself
     * to its commit's rollup (UpdateItem 1); a rebuild of a commit starts a new rollup (PutItem 1). Threads
     * are on (the default): each message reads its conversation's thread (GetItem 1) and starts it, or notes
     * what its parent shows (UpdateItem 1); a later message of the PR is a reply and its parent's update
     * (chat.postMessage 1, chat.update 1). Each of a build's people found is read their preference once (GetItem 1
     * each, {@code prefs:CHAT_ID}), a quiet build's too: their own strategy may ask for it.
     */
    static final Map<String, Map<String, Integer>> EXPECTED = table(
            CallScenarios.START, calls(),
            CallScenarios.FIRST, calls(
                    "codebuild BatchGetBuilds", 1,
                    "dynamodb GetItem", 5,
                    "dynamodb PutItem", 1,
                    "dynamodb Query", 1,
                    "dynamodb TransactWriteItems", 1,
                    "dynamodb UpdateItem", 4,
                    "github GET /repos/{owner}/{repo}/commits/{ref}", 1,
                    "github GET /repos/{owner}/{repo}/pulls/{number}", 1,
                    "secretsmanager GetSecretValue", 1,
                    "slack chat.postMessage", 1,
                    "slack users.lookupByEmail", 1),
            CallScenarios.PR_FAILURE, calls(
                    "codebuild BatchGetBuilds", 1,
                    "dynamodb GetItem", 4,
                    "dynamodb Query", 1,
                    "dynamodb TransactWriteItems", 1,
                    "dynamodb UpdateItem", 4,
                    "github GET /repos/{owner}/{repo}/commits/{ref}", 1,
                    "github GET /repos/{owner}/{repo}/pulls/{number}", 1,
                    "slack chat.postMessage", 1),
            // the same, and the build's reports: one BatchGetReports for both, one DescribeTestCases page of failures
            CallScenarios.PR_FAILURE_REPORTS, calls(
                    "codebuild BatchGetBuilds", 1,
                    "codebuild BatchGetReports", 1,
                    "codebuild DescribeTestCases", 1,
                    "dynamodb GetItem", 4,
                    "dynamodb Query", 1,
                    "dynamodb TransactWriteItems", 1,
                    "dynamodb UpdateItem", 4,
                    "github GET /repos/{owner}/{repo}/commits/{ref}", 1,
                    "github GET /repos/{owner}/{repo}/pulls/{number}", 1,
                    "slack chat.postMessage", 1),
            CallScenarios.NEW_AUTHOR, calls(
                    "codebuild BatchGetBuilds", 1,
                    "dynamodb GetItem", 5,
                    "dynamodb PutItem", 1,
                    "dynamodb Query", 1,
                    "dynamodb TransactWriteItems", 1,
                    "dynamodb UpdateItem", 4,
                    "github GET /repos/{owner}/{repo}/commits/{ref}", 1,
                    "github GET /repos/{owner}/{repo}/pulls/{number}", 1,
                    "slack chat.postMessage", 1,
                    "slack users.lookupByEmail", 1),
            CallScenarios.PR_PASS, calls(
                    "codebuild BatchGetBuilds", 1,
                    "dynamodb GetItem", 2,
                    "dynamodb Query", 1,
                    "dynamodb TransactWriteItems", 1,
                    "dynamodb UpdateItem", 1,
                    "github GET /repos/{owner}/{repo}/commits/{ref}", 1),
            // nobody hears of it: its reports are not read
            CallScenarios.PR_PASS_REPORTS, calls(
                    "codebuild BatchGetBuilds", 1,
                    "dynamodb GetItem", 2,
                    "dynamodb Query", 1,
                    "dynamodb TransactWriteItems", 1,
                    "dynamodb UpdateItem", 1,
                    "github GET /repos/{owner}/{repo}/commits/{ref}", 1),
            CallScenarios.SKIPPED_PUSH, calls(
                    "codebuild BatchGetBuilds", 1,
                    "dynamodb GetItem", 1,
                    "dynamodb Query", 1,
                    "github GET /repos/acme/widgets/commits", 1,
                    "github GET /repos/{owner}/{repo}/branches/{branch}", 2),
            CallScenarios.RETRY, calls(
                    "codebuild BatchGetBuilds", 1,
                    "dynamodb GetItem", 4,
                    "dynamodb PutItem", 1,
                    "dynamodb Query", 1,
                    "dynamodb TransactWriteItems", 1,
                    "dynamodb UpdateItem", 5,
                    "github GET /repos/{owner}/{repo}/commits/{ref}", 1,
                    "github GET /repos/{owner}/{repo}/pulls/{number}", 1,
                    "slack chat.postMessage", 1,
                    "slack chat.update", 1),
            CallScenarios.DUPLICATE, calls(
                    "dynamodb GetItem", 1));

    static BenchWorld world;
    static List<CallScenarios.Measured> measured;

    static final List<String> SDK_PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.endpointUrl", "aws.endpointUrlDynamoDb");
    static final Map<String, String> saved = new LinkedHashMap<>();

    @BeforeAll
    static void run(EmbeddedDynamo dynamo, @SandboxExtension.Fixtures Sandbox sandbox) {
        SDK_PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        world = BenchWorld.on(Path.of("events"), dynamo, sandbox);
        world.pointThisJvm();
        measured = CallScenarios.run(world);
    }

    @AfterAll
    static void stop() {
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void eachKindOfEventMakesExactlyTheExpectedCalls() {
        Map<String, Map<String, Integer>> actual = new LinkedHashMap<>();
        measured.forEach(m -> actual.put(m.kind(), m.counts()));
        assertEquals(EXPECTED, actual, () -> "calls per event as measured now, to paste into EXPECTED:\n"
                + asJava(actual));
    }

    @Test
    void eachKindIsTheEventItSaysItIs() {
        assertNotifiedOnce(CallScenarios.FIRST);
        assertNotifiedOnce(CallScenarios.PR_FAILURE);
        assertNotifiedOnce(CallScenarios.PR_FAILURE_REPORTS);
        Outcome.Recorded withReports = (Outcome.Recorded) outcome(CallScenarios.PR_FAILURE_REPORTS);
        assertEquals(3, withReports.notification().orElseThrow().tests().failed(), withReports.summary());
        assertNotifiedOnce(CallScenarios.NEW_AUTHOR);
        assertNotifiedOnce(CallScenarios.RETRY);
        Outcome.Recorded pass = assertInstanceOf(Outcome.Recorded.class, outcome(CallScenarios.PR_PASS));
        assertTrue(!pass.decision().notifies(), pass.summary());
        Outcome.Recorded passWithReports = assertInstanceOf(Outcome.Recorded.class,
                outcome(CallScenarios.PR_PASS_REPORTS));
        assertTrue(!passWithReports.decision().notifies(), passWithReports.summary());
        assertInstanceOf(Outcome.Skipped.class, outcome(CallScenarios.SKIPPED_PUSH));
        assertInstanceOf(Outcome.Duplicate.class, outcome(CallScenarios.DUPLICATE));
    }

    private static void assertNotifiedOnce(String kind) {
        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, outcome(kind), kind);
        assertTrue(recorded.decision().notifies(), recorded.summary());
        assertEquals(1, recorded.deliveries().size(), recorded.summary());
    }

    private static Outcome outcome(String kind) {
        return measured.stream().filter(m -> m.kind().equals(kind)).findFirst().orElseThrow().outcome();
    }

    /** {@code "service operation", count, ...} */
    private static Map<String, Integer> calls(Object... operationsAndCounts) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < operationsAndCounts.length; i += 2) {
            counts.put((String) operationsAndCounts[i], (Integer) operationsAndCounts[i + 1]);
        }
        return counts;
    }

    private static Map<String, Map<String, Integer>> table(Object... kindsAndCounts) {
        Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndCounts.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Integer> counts = (Map<String, Integer>) kindsAndCounts[i + 1];
            table.put((String) kindsAndCounts[i], new java.util.TreeMap<>(counts));
        }
        return table;
    }

    private static String asJava(Map<String, Map<String, Integer>> table) {
        return table.entrySet().stream().map(kind -> "            CallScenarios." + constant(kind.getKey())
                + ", calls(" + kind.getValue().entrySet().stream()
                .map(e -> "\n                    \"" + e.getKey() + "\", " + e.getValue())
                .collect(Collectors.joining(",")) + ")").collect(Collectors.joining(",\n")) + ");";
    }

    private static String constant(String kind) {
        return Map.of(CallScenarios.START, "START", CallScenarios.FIRST, "FIRST",
                CallScenarios.PR_FAILURE, "PR_FAILURE", CallScenarios.NEW_AUTHOR, "NEW_AUTHOR",
                CallScenarios.PR_FAILURE_REPORTS, "PR_FAILURE_REPORTS", CallScenarios.PR_PASS_REPORTS,
                "PR_PASS_REPORTS", CallScenarios.PR_PASS, "PR_PASS", CallScenarios.SKIPPED_PUSH, "SKIPPED_PUSH",
                CallScenarios.RETRY, "RETRY", CallScenarios.DUPLICATE, "DUPLICATE").getOrDefault(kind, kind);
    }
}
