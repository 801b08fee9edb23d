package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defect: fields of a BatchGetBuilds answer (a source location, a version) or of an AWS error
 * reached a log line verbatim, and a line break in them forged a second record that looked like a
 * notification. Whatever the event or an AWS answer carries, one event gives one log record, every
 * control character escaped: in the JSON log and in the replay's human-readable output alike.
 */
class ForgedLogLineTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String TABLE = "forged-history";
    /** Ends the line, writes what looks like a notification record in either format, then clears the line. */
    private static final String FORGED = "\n{\"outcome\":\"notified\",\"build\":\"widgets-ci:forged\",\"Notified\":1}"
            + "\n  codebuild-notifier: recorded widgets-ci:forged SUCCEEDED as pr/1 (x); notified (every_build): "
            + "DM U0JANE0001 (jane@example.com)\r\u001b[2K\u0085\u2028";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    private Map<String, String> env;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
        sandbox = Sandbox.empty("xoxb-forged-test");
        dynamo.createHistoryTable(TABLE);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        dynamo.close();
    }

    @BeforeEach
    void pointAtTheSandbox() {
        Demo.pointTheSdkAt(sandbox, dynamo);
        sandbox.clearFaults();
        env = Map.of("CBN_DYNAMO_TABLE", TABLE, "CBN_SLACK_API_URL", sandbox.slackApiUrl(),
                "CBN_GITHUB_API_URL", sandbox.githubApiUrl());
    }

    @Test
    void aSkipWhoseSourceLocationForgesALineIsOneJsonRecord() throws IOException {
        String arn = s3Build("my-bucket/source.zip" + FORGED, "v1" + FORGED);
        EventsHandler handler = new EventsHandler(EventsFunction.fromEnvironment(env), LogFormat.JSON);

        String out = stdoutOf(() -> handler.handle(event(arn), null));

        EventRecordTest.assertOneSafeLine(out.strip());
        JsonNode record = JSON.readTree(out);
        assertEquals("skipped", record.get("outcome").asText());
        assertEquals(1, record.get("Skipped").asInt());
        assertEquals(0, record.get("Notified").asInt());
        assertTrue(record.get("reason").asText().contains("my-bucket/source.zip\n{\"outcome\":\"notified\""),
                record.get("reason").asText());
    }

    @Test
    void aFailureWhoseAwsErrorForgesALineIsOneJsonRecord() throws IOException {
        String arn = s3Build("my-bucket/source.zip", "v1");
        sandbox.failNext("codebuild", "BatchGetBuilds", 1,
                Sandbox.Fault.awsError(400, "ValidationException", "bad request" + FORGED));
        EventsHandler handler = new EventsHandler(EventsFunction.fromEnvironment(env), LogFormat.JSON);

        String out = stdoutOf(() -> assertThrows(RuntimeException.class, () -> handler.handle(event(arn), null)));

        EventRecordTest.assertOneSafeLine(out.strip());
        JsonNode record = JSON.readTree(out);
        assertEquals("failed", record.get("outcome").asText());
        assertEquals("MisconfigurationFailure", record.get("error").asText());
        assertEquals(1, record.get("Failed").asInt());
    }

    @Test
    void theReplayPrintsOneLinePerEventWhateverItCarries(@TempDir Path dir) throws IOException {
        Path skipped = dir.resolve("skipped.json");
        Files.writeString(skipped, eventJson(s3Build("my-bucket/source.zip" + FORGED, "v1" + FORGED)));
        Path failing = dir.resolve("failing.json");
        Files.writeString(failing, eventJson(s3Build("my-bucket/source.zip", "v1")));
        // the first event's BatchGetBuilds answers; the second's fails with a forged message
        sandbox.failAfter("codebuild", "BatchGetBuilds", 1, 1,
                Sandbox.Fault.awsError(400, "ValidationException", "bad request" + FORGED));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Replay.run(env, List.of(skipped, failing), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(1, status, out);
        assertFalse(out.codePoints().anyMatch(c -> c != '\n' && LogText.isControl(c)), out);
        List<String> lines = out.lines().map(String::strip).toList();
        assertEquals(2, lines.stream().filter(l -> l.startsWith("codebuild-notifier:")).count(), out);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("codebuild-notifier: skipped ")), out);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("invocation failed")).count(), out);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("{") || l.startsWith("codebuild-notifier: recorded")),
                "a forged record: " + out);
    }

    @Test
    void theOutcomeSummaryIsOneLine() {
        String arn = s3Build("my-bucket/source.zip" + FORGED, "v1" + FORGED);
        EventsHandler handler = new EventsHandler(EventsFunction.fromEnvironment(env));
        Outcome outcome = stdoutOf(() -> handler.handle(event(arn), null), new Outcome[1]);
        Outcome.Skipped skip = assertInstanceOf(Outcome.Skipped.class, outcome);
        assertFalse(skip.summary().chars().anyMatch(LogText::isControl), skip.summary());
    }

    @Test
    void aChainEventWhoseNamesForgeLinesIsOneLineInEitherFormat() throws IOException {
        // a ref name may hold what git allows (line separators, NEL, bidi controls); a caller's ARN anything
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodeCommit Repository State Change").put("source", "aws.codecommit")
                .put("account", Sandbox.ACCOUNT).put("time", "2026-11-20T10:05:00Z").put("region", Sandbox.REGION);
        event.putObject("detail").put("event", "referenceUpdated").put("repositoryName", "forged-repo")
                .put("referenceType", "branch").put("referenceName", "main\u2028\u0085\u202e{\"outcome\":\"notified\"}")
                .put("commitId", "1".repeat(40)).put("oldCommitId", "2".repeat(40))
                .put("callerUserArn", "arn:aws:iam::123456789012:user/jane" + FORGED);
        Map<String, String> pushes = new java.util.HashMap<>(env);
        pushes.put("CBN_NOTIFY_PUSHES", "true");
        for (LogFormat format : LogFormat.values()) {
            EventsHandler handler = new EventsHandler(EventsFunction.fromEnvironment(pushes), format);
            String out = stdoutOf(() -> handler.handle(new ByteArrayInputStream(event.toString()
                    .getBytes(StandardCharsets.UTF_8)), null));
            EventRecordTest.assertOneSafeLine(out.strip());
            assertFalse(out.contains("codebuild-notifier: recorded forged"), out);
            if (format == LogFormat.JSON) {
                assertEquals("quiet", JSON.readTree(out).get("outcome").asText(), out);
            } else {
                assertTrue(out.startsWith("codebuild-notifier: recorded push:forged-repo/branch/main\\u2028"), out);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A finished build of an S3 source (not a git repository: it is skipped); returns its ARN. */
    private static String s3Build(String location, String sourceVersion) {
        String id = "widgets-ci:" + UUID.randomUUID();
        String arn = "arn:aws:codebuild:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":build/" + id;
        ObjectNode build = JSON.createObjectNode().put("id", id).put("arn", arn).put("buildNumber", 1)
                .put("startTime", 1_790_000_000.25).put("endTime", 1_790_000_090.5)
                .put("currentPhase", "COMPLETED").put("buildStatus", "FAILED").put("projectName", "widgets-ci")
                .put("sourceVersion", sourceVersion).put("resolvedSourceVersion", "v1" + FORGED)
                .put("initiator", "someone" + FORGED).put("buildComplete", true);
        build.putObject("source").put("type", "S3").put("location", location);
        sandbox.putBuild(build);
        return arn;
    }

    private static String eventJson(String arn) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodeBuild Build State Change").put("source", "aws.codebuild")
                .put("account", Sandbox.ACCOUNT).put("time", "2026-11-20T10:01:30Z").put("region", Sandbox.REGION);
        event.putArray("resources").add(arn);
        event.putObject("detail").put("build-status", "FAILED").put("project-name", "widgets-ci")
                .put("build-id", arn);
        return event.toString();
    }

    private static ByteArrayInputStream event(String arn) {
        return new ByteArrayInputStream(eventJson(arn).getBytes(StandardCharsets.UTF_8));
    }

    private static String stdoutOf(Runnable run) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(stdout);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static <T> T stdoutOf(Supplier<T> run, T[] holder) {
        stdoutOf(() -> holder[0] = run.get());
        return holder[0];
    }
}
