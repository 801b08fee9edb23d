package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sources.build.BuildEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one JSON record per event: the fields an operator queries, and its embedded metrics. */
class EventRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00.123Z");
    private static final String BUILD = "widgets-ci:73f19369-7745-5c60-a83f-b641e0b9840f";
    private static final Envelope EVENT = new Envelope.BuildStateChange(new BuildEvent(
            "arn:aws:codebuild:us-east-1:123456789012:build/" + BUILD, "SUCCEEDED"));
    private static final EventRecord.Usage USAGE = new EventRecord.Usage("req-1", 42, 2, 2, "notifier");
    /** A value that tries to end the record and forge a notification record after it, then clear the line. */
    private static final String FORGED = "bucket/key\n{\"outcome\":\"notified\",\"build\":\"widgets-ci:forged\","
            + "\"Notified\":1}\r\u001b[2K\u0085\u2028\u202e\u007f";

    @Test
    void aNotificationIsOneRecordWithItsFieldsAndMetrics() throws IOException {
        Outcome outcome = new Outcome.Recorded(BUILD, "pr/42", "SUCCEEDED", "source version pr/42",
                new Decision.Notify("fail_or_status_change: status changed"), Optional.empty(), List.of(
                new Delivery(Delivery.Role.DIRECT_MESSAGE, "U0JANE0001", "jane@example.com", "",
                        Optional.of(new MessageRef("D0JANE", "1.2"))),
                new Delivery(Delivery.Role.DIRECT_MESSAGE, "U0BOB00002", "bob@example.com", "",
                        Optional.of(new MessageRef("D0BOB", "1.3"))),
                Delivery.undeliverable(Delivery.Role.CHANNEL, "#builds", "additional channel", "not_in_channel")));
        String line = EventRecord.of(outcome, EVENT, USAGE).json(NOW);
        JsonNode record = JSON.readTree(line);

        assertEquals("notified", record.get("outcome").asText());
        assertEquals("notify", record.get("decision").asText());
        assertEquals("fail_or_status_change: status changed", record.get("strategy").asText());
        assertEquals("SUCCEEDED", record.get("status").asText());
        assertEquals(BUILD, record.get("build").asText());
        assertEquals("widgets-ci", record.get("project").asText());
        assertEquals("pr/42", record.get("sourceRef").asText());
        assertEquals(3, record.get("recipients").asInt());
        assertEquals(42, record.get("durationMs").asLong());
        assertEquals("req-1", record.get("requestId").asText());
        assertEquals("INFO", record.get("level").asText());
        assertEquals(NOW.toString(), record.get("timestamp").asText());
        assertEquals("notifier", record.get("Function").asText());
        assertEquals(Map.of("Notified", 1, "Quiet", 0, "Skipped", 0, "Duplicate", 0, "Rejected", 0, "Failed", 0,
                "MessagesSent", 2, "Lookups", 2), metrics(record));
        assertDirective(record, List.of("Function"));
        for (String never : List.of("jane@example.com", "bob@example.com", "D0JANE", "source version")) {
            assertFalse(line.contains(never), "the record holds " + never + ": " + line);
        }
    }

    @Test
    void withoutAFunctionNameTheMetricsHaveNoDimension() throws IOException {
        EventRecord.Usage usage = new EventRecord.Usage("req-2", 5, 0, 0, null);
        JsonNode record = JSON.readTree(EventRecord.of(new Outcome.Duplicate(BUILD, "already notified"), EVENT, usage)
                .json(NOW));
        assertFalse(record.has("Function"));
        assertDirective(record, List.of());
        assertEquals(1, metrics(record).get("Duplicate"));
    }

    @Test
    void eachOutcomeHasItsName() throws IOException {
        Map<Outcome, String> outcomes = Map.of(
                new Outcome.Recorded(BUILD, "branch/main", "FAILED", "head of main", new Decision.Quiet(
                        "status_change: still failing"), Optional.empty(), List.of()), "quiet",
                new Outcome.Skipped(BUILD, "not due"), "skipped",
                new Outcome.Duplicate(BUILD, "already skipped"), "duplicate",
                new Outcome.Rejected("the event is not JSON"), "rejected",
                new Outcome.Ignored("arn:aws:codebuild:us-east-1:123456789012:build/" + BUILD, "build is STOPPED"),
                "ignored",
                new Outcome.Reconciled("reconciled 3 finished builds: 3 already processed"), "reconciled");
        for (Map.Entry<Outcome, String> e : outcomes.entrySet()) {
            JsonNode record = JSON.readTree(EventRecord.of(e.getKey(), EVENT, USAGE).json(NOW));
            assertEquals(e.getValue(), record.get("outcome").asText());
            int expected = e.getValue().equals("ignored") || e.getValue().equals("reconciled") ? 0 : 1;
            assertEquals(expected, metrics(record).entrySet().stream()
                    .filter(m -> !m.getKey().equals("MessagesSent") && !m.getKey().equals("Lookups"))
                    .mapToInt(Map.Entry::getValue).sum(), e.getValue());
            if (!e.getValue().equals("reconciled")) {
                assertEquals(BUILD, record.get("build").asText(), e.getValue());
                assertEquals("widgets-ci", record.get("project").asText(), e.getValue());
            }
        }
    }

    @Test
    void aFailureIsOneErrorRecordWithTheExceptionClassAndMessage() throws IOException {
        RuntimeException failure = new TransientFailure("GitHub answered 502\n{\"outcome\":\"notified\"}");
        String line = EventRecord.failed(EVENT, failure, USAGE).json(NOW);
        assertOneSafeLine(line);
        JsonNode record = JSON.readTree(line);
        assertEquals("failed", record.get("outcome").asText());
        assertEquals("ERROR", record.get("level").asText());
        assertEquals("TransientFailure", record.get("error").asText());
        assertEquals("GitHub answered 502\n{\"outcome\":\"notified\"}", record.get("reason").asText());
        assertEquals(BUILD, record.get("build").asText());
        assertEquals(1, metrics(record).get("Failed"));
        assertEquals(0, metrics(record).get("Notified"));
    }

    /** The defect: a skip reason carrying BatchGetBuilds' text verbatim forged a second, notification-like record. */
    @Test
    void aForgedLineInASkipReasonStaysInsideItsOneRecord() throws IOException {
        Outcome skipped = new Outcome.Skipped(BUILD, "source S3 '" + FORGED
                + "' is not a GitHub, GitHub Enterprise or CodeCommit repository");
        String line = EventRecord.of(skipped, EVENT, USAGE).json(NOW);

        assertOneSafeLine(line);
        JsonNode record = JSON.readTree(line); // exactly one JSON value: trailing tokens fail
        assertEquals("skipped", record.get("outcome").asText());
        assertEquals(0, metrics(record).get("Notified"));
        assertEquals(1, metrics(record).get("Skipped"));
        assertEquals(BUILD, record.get("build").asText());
        assertTrue(record.get("reason").asText().startsWith("source S3 '" + FORGED), "kept, escaped, as it was");

        // the human-readable summary (the replay's line) is one line too
        String summary = skipped.summary();
        assertFalse(summary.chars().anyMatch(LogText::isControl), summary);
        assertTrue(summary.contains("bucket/key\\n{\"outcome\":\"notified\""), summary);
    }

    @Test
    void aRecordedBuildWithAForgedRefIsOneRecord() throws IOException {
        Outcome outcome = new Outcome.Recorded(BUILD, "branch/" + FORGED, "FAILED", "head of " + FORGED,
                new Decision.Quiet("a newer build of branch/" + FORGED + " is already recorded"), Optional.empty(),
                List.of());
        String line = EventRecord.of(outcome, EVENT, USAGE).json(NOW);
        assertOneSafeLine(line);
        assertEquals("branch/" + FORGED, JSON.readTree(line).get("sourceRef").asText());
        assertFalse(outcome.summary().chars().anyMatch(LogText::isControl), outcome.summary());
    }

    @Test
    void longTextIsClippedAndCredentialsInUrlsAreDropped() throws IOException {
        String reason = "source GITHUB 'https://x-access-token:ghp_0123456789abcdef@github.com/acme/widgets.git' "
                + "is odd " + "z".repeat(10_000);
        JsonNode record = JSON.readTree(EventRecord.of(new Outcome.Skipped(BUILD, reason), EVENT, USAGE).json(NOW));
        String kept = record.get("reason").asText();
        assertFalse(kept.contains("ghp_0123456789abcdef"), kept);
        assertTrue(kept.startsWith("source GITHUB 'https://***@github.com/acme/widgets.git'"), kept);
        assertTrue(kept.length() <= EventRecord.MAX_TEXT + 1, "length " + kept.length());
        assertTrue(kept.endsWith("…"), kept);
    }

    @Test
    void jsonInLambdaAndHumanElsewhere() {
        assertEquals(LogFormat.JSON, LogFormat.forEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "notifier")));
        assertEquals(LogFormat.JSON, LogFormat.forEnvironment(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON")));
        assertEquals(LogFormat.HUMAN, LogFormat.forEnvironment(Map.of()));
        assertEquals(LogFormat.HUMAN, LogFormat.forEnvironment(Map.of("AWS_REGION", "us-east-1")));
    }

    /** One line, holding no control character at all (JSON escapes them, and the others too). */
    static void assertOneSafeLine(String line) {
        List<String> controls = new ArrayList<>();
        line.codePoints().filter(LogText::isControl).forEach(c -> controls.add(String.format("U+%04X", c)));
        assertEquals(List.of(), controls, line);
        assertEquals(1, line.lines().count(), line);
    }

    private static Map<String, Integer> metrics(JsonNode record) {
        Map<String, Integer> values = new java.util.HashMap<>();
        for (String metric : EventRecord.METRICS) {
            assertTrue(record.get(metric).isInt(), metric + " is a number in " + record);
            values.put(metric, record.get(metric).asInt());
        }
        return values;
    }

    /** The embedded metric format's directive: one namespace, one dimension set, every metric a Count. */
    private static void assertDirective(JsonNode record, List<String> dimensions) {
        JsonNode aws = record.get("_aws");
        assertEquals(NOW.toEpochMilli(), aws.get("Timestamp").asLong());
        assertTrue(aws.get("Timestamp").isIntegralNumber());
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertEquals(1, directives.size());
        JsonNode directive = directives.get(0);
        assertEquals("CodeBuildNotifier", directive.get("Namespace").asText());
        assertEquals(1, directive.get("Dimensions").size());
        List<String> set = new ArrayList<>();
        directive.get("Dimensions").get(0).forEach(d -> set.add(d.asText()));
        assertEquals(dimensions, set);
        for (String dimension : set) {
            assertTrue(record.get(dimension).isTextual(), "dimension " + dimension + " is a member");
        }
        List<String> names = new ArrayList<>();
        directive.get("Metrics").forEach(m -> {
            names.add(m.get("Name").asText());
            assertEquals("Count", m.get("Unit").asText());
        });
        assertEquals(List.of("Notified", "Quiet", "Skipped", "Duplicate", "Rejected", "Failed", "MessagesSent",
                "Lookups"), names);
    }
}
