package io.codebuildnotifier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.function.EventsFunction;
import io.codebuildnotifier.function.EventsHandler;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exact remote calls of each of the delivery chain's sample events, by service and operation, through the real
 * handler, warm (one instance replays the whole sample story in order, as the sandbox demo does, with its settings),
 * with DynamoDB routed through the sandbox so its calls are counted too; no delivery queue, so the sender's calls are
 * in the same invocation. The README's table is this one. No timing is asserted.
 *
 * <p>To change the expected counts, edit {@link #EXPECTED} only; a failure prints the table as measured.
 */
@ExtendWith(SandboxExtension.class)
class ChainCallCountTest {

    static final Map<String, Map<String, Integer>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("codecommit-push.json", calls(
                "codecommit GetCommit", 1,
                "codecommit GetDifferences", 1,
                "dynamodb GetItem", 2,
                "dynamodb UpdateItem", 3,
                "slack chat.postMessage", 1));
        EXPECTED.put("codecommit-trigger.json", calls(
                "dynamodb GetItem", 1));
        EXPECTED.put("pipeline-build.json", calls(
                "codebuild BatchGetBuilds", 1,
                "codecommit GetCommit", 1,
                "codepipeline GetPipeline", 1,
                "codepipeline ListActionExecutions", 1,
                "dynamodb GetItem", 5,
                "dynamodb PutItem", 1,
                "dynamodb Query", 1,
                "dynamodb TransactWriteItems", 1,
                "dynamodb UpdateItem", 5,
                "slack chat.update", 1));
        EXPECTED.put("pipeline-failed.json", calls(
                "codepipeline GetPipeline", 1,
                "codepipeline GetPipelineExecution", 1,
                "codepipeline ListActionExecutions", 1,
                "dynamodb GetItem", 7,
                "dynamodb PutItem", 1,
                "dynamodb UpdateItem", 4,
                "github GET /repos/{owner}/{repo}/commits/{ref}", 1,
                "slack chat.postMessage", 2));
        EXPECTED.put("approval-started.json", calls(
                "codepipeline GetPipeline", 1,
                "codepipeline GetPipelineExecution", 1,
                "codepipeline GetPipelineState", 1,
                "dynamodb GetItem", 2,
                "dynamodb UpdateItem", 3,
                "slack chat.postMessage", 1));
        EXPECTED.put("approval-sns.json", calls(
                "codepipeline GetPipelineState", 1,
                "dynamodb GetItem", 1));
        EXPECTED.put("approval-approved.json", calls(
                "codepipeline GetPipelineExecution", 1,
                "codepipeline ListActionExecutions", 1,
                "dynamodb GetItem", 2,
                "dynamodb UpdateItem", 2,
                "slack chat.update", 1));
        EXPECTED.put("pipeline-succeeded.json", calls(
                "codepipeline GetPipelineExecution", 1,
                "codepipeline ListActionExecutions", 1,
                "dynamodb GetItem", 4,
                "dynamodb PutItem", 1,
                "dynamodb UpdateItem", 3,
                "slack chat.postMessage", 1));
        EXPECTED.put("deployment-succeeded.json", calls(
                "codedeploy GetDeployment", 1,
                "dynamodb GetItem", 2,
                "dynamodb UpdateItem", 3,
                "github GET /repos/{owner}/{repo}/commits/{ref}", 1,
                "slack chat.postMessage", 1));
        EXPECTED.put("deployment-trigger-sns.json", calls(
                "codedeploy GetDeployment", 1,
                "codepipeline ListActionExecutions", 2,
                "codepipeline ListPipelines", 1,
                "dynamodb GetItem", 2,
                "dynamodb UpdateItem", 3,
                "slack chat.postMessage", 1));
        EXPECTED.put("deployment-failed.json", calls(
                "codedeploy GetDeployment", 1,
                "codepipeline ListActionExecutions", 2,
                "codepipeline ListPipelines", 1,
                "dynamodb GetItem", 2,
                "dynamodb UpdateItem", 3,
                "slack chat.postMessage", 1));
    }

    private static final java.util.regex.Pattern GITHUB_COMMIT =
            java.util.regex.Pattern.compile("/repos/[^/]+/[^/]+/commits/[^/]+");

    static final List<String> SDK_PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.endpointUrl", "aws.endpointUrlDynamoDb");
    static final Map<String, String> saved = new LinkedHashMap<>();
    static final Map<String, Map<String, Integer>> measured = new LinkedHashMap<>();
    static final Map<String, Outcome> outcomes = new LinkedHashMap<>();

    @BeforeAll
    static void replay(EmbeddedDynamo dynamo, @SandboxExtension.Fixtures Sandbox sandbox) {
        SDK_PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        Map<String, String> env = Demo.prepare(Path.of("events"), dynamo, sandbox);
        Demo.pointTheSdkAt(sandbox, dynamo);
        System.setProperty("aws.endpointUrlDynamoDb", sandbox.awsEndpoint());
        EventsHandler handler = new EventsHandler(EventsFunction.fromEnvironment(env));
        for (Path event : Demo.sequence(Path.of("events"))) {
            sandbox.clearRecordings();
            try (InputStream in = Files.newInputStream(event)) {
                outcomes.put(event.getFileName().toString(), handler.handle(in, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            measured.put(event.getFileName().toString(), sandbox.calls().stream()
                    .collect(Collectors.groupingBy(c -> c.service() + " " + GITHUB_COMMIT.matcher(c.operation())
                                    .replaceAll("/repos/{owner}/{repo}/commits/{ref}"), TreeMap::new,
                            Collectors.summingInt(c -> 1))));
        }
    }

    @AfterAll
    static void restore() {
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void eachChainEventMakesExactlyTheExpectedCalls() {
        Map<String, Map<String, Integer>> actual = new LinkedHashMap<>();
        EXPECTED.keySet().forEach(name -> actual.put(name, measured.get(name)));
        assertEquals(EXPECTED, actual, () -> "calls per event as measured now, to paste into EXPECTED:\n"
                + asJava(actual) + "\noutcomes: " + outcomes.entrySet().stream()
                .filter(e -> EXPECTED.containsKey(e.getKey())).map(e -> e.getKey() + " " + e.getValue().summary())
                .collect(Collectors.joining("\n")));
    }

    private static Map<String, Integer> calls(Object... pairs) {
        Map<String, Integer> calls = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            calls.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return calls;
    }

    private static String asJava(Map<String, Map<String, Integer>> table) {
        StringBuilder java = new StringBuilder();
        table.forEach((name, calls) -> java.append("        EXPECTED.put(\"").append(name).append("\", calls(")
                .append(calls == null ? "" : calls.entrySet().stream().map(e -> "\n                \"" + e.getKey()
                        + "\", " + e.getValue()).collect(Collectors.joining(","))).append("));\n"));
        return java.toString();
    }
}
