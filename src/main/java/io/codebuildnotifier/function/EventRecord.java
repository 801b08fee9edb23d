package io.codebuildnotifier.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.notification.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an operator may query about one event: one JSON object, which is also a CloudWatch
 * embedded-metric-format record (the metrics travel in the log record: no API call, no IAM grant).
 * <p>
 * It holds our own words (the outcome, the strategy's reason, the status) and build metadata (the
 * build id, the project, the source ref, the reason a build was skipped or an event rejected),
 * each clipped; never a commit subject, a person's name or email, a token or the event itself.
 * Every value is JSON-escaped, and so are the controls JSON allows raw (DEL, C1, line separators,
 * bidirectional controls): whatever a value carried, the record is one line.
 *
 * @param outcome      notified, quiet, skipped, duplicate, rejected, ignored, reconciled or failed
 * @param decision     notify or quiet, for a recorded build
 * @param strategy     the notify strategy's reason, for a recorded build
 * @param status       the build's status, for a recorded build
 * @param build        {@code PROJECT:UUID}, when the event is about a build
 * @param project      the CodeBuild project, when the event is about a build
 * @param sourceRef    {@code pr/N} or {@code branch/NAME}, for a recorded build
 * @param recipients   messages addressed by this invocation (direct messages, channel, admins)
 * @param messagesSent messages the chat accepted in this invocation
 * @param lookups      lookups by email that reached the chat in this invocation
 * @param durationMs   how long the handler took
 * @param requestId    Lambda's request id (kept by its retries)
 * @param reason       why a build was skipped, an event rejected or ignored, the reconciliation's
 *                     report, or a failure's message (clipped)
 * @param error        a failure's exception class
 * @param function     the Lambda function's name (the metrics' dimension), when known
 * @param subject      what the event is about when it is not a build: {@code approval PIPELINE/STAGE/ACTION},
 *                     {@code pipeline NAME EXECUTION}, {@code deployment d-…}, {@code push to REPOSITORY}
 */
record EventRecord(String outcome, String decision, String strategy, String status, String build, String project,
                   String sourceRef, int recipients, int messagesSent, int lookups, long durationMs,
                   String requestId, String reason, String error, String function, String subject) {

    EventRecord(String outcome, String decision, String strategy, String status, String build, String project,
                String sourceRef, int recipients, int messagesSent, int lookups, long durationMs,
                String requestId, String reason, String error, String function) {
        this(outcome, decision, strategy, status, build, project, sourceRef, recipients, messagesSent, lookups,
                durationMs, requestId, reason, error, function, null);
    }

    static final String NAMESPACE = "CodeBuildNotifier";
    /** The metrics, each a count of 0 or 1 per event, but the messages sent and the lookups. */
    static final List<String> METRICS = List.of("Notified", "Quiet", "Skipped", "Duplicate", "Rejected", "Failed",
            "MessagesSent", "Lookups");
    static final int MAX_TEXT = 300;
    static final int MAX_NAME = 256;

    /** A URL's user information ({@code https://user:token@host}) never reaches a log. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");
    private static final ObjectWriter JSON = new ObjectMapper().writer().with(new ControlEscapes());

    /** What the handler measured about the invocation. */
    record Usage(String requestId, long durationMs, int lookups, int messagesSent, String function) {
    }

    static EventRecord of(Outcome outcome, Envelope envelope, Usage usage) {
        EventRecord record = ofBuild(outcome, envelope, usage);
        return buildOf(envelope) != null || envelope instanceof Envelope.Schedule
                || envelope instanceof Envelope.Invalid ? record : record.about(envelope);
    }

    /** The same record about a subject that is not a build: no build id or project read from it. */
    private EventRecord about(Envelope envelope) {
        return new EventRecord(outcome, decision, strategy, status, null, null, sourceRef, recipients, messagesSent,
                lookups, durationMs, requestId, reason, error, function, clip(Envelope.subject(envelope), MAX_NAME));
    }

    private static EventRecord ofBuild(Outcome outcome, Envelope envelope, Usage usage) {
        String fallbackBuild = buildOf(envelope);
        return switch (outcome) {
            case Outcome.Told t -> new EventRecord(t.decision().notifies() ? "notified" : "quiet",
                    t.decision().notifies() ? "notify" : "quiet", clip(t.decision().reason(), MAX_TEXT),
                    clip(t.status(), 40), null, null, null, t.deliveries().size(), usage.messagesSent(),
                    usage.lookups(), usage.durationMs(), usage.requestId(), null, null, usage.function());
            case Outcome.Recorded r -> new EventRecord(r.decision().notifies() ? "notified" : "quiet",
                    r.decision().notifies() ? "notify" : "quiet", clip(r.decision().reason(), MAX_TEXT),
                    clip(r.status(), 40), buildId(r.build()), project(r.build()), clip(r.sourceRef(), MAX_NAME),
                    r.deliveries().size(), usage.messagesSent(), usage.lookups(), usage.durationMs(),
                    usage.requestId(), null, null, usage.function());
            case Outcome.Skipped s -> about("skipped", s.build(), s.reason(), usage);
            case Outcome.Duplicate d -> about("duplicate", d.build(), d.reason(), usage);
            case Outcome.Ignored i -> about("ignored", i.build(), i.reason(), usage);
            case Outcome.Rejected r -> about("rejected", fallbackBuild, r.reason(), usage);
            case Outcome.Reconciled r -> about("reconciled", null, r.report(), usage);
        };
    }

    /** An invocation that fails (Lambda retries it): the exception's class and clipped message. */
    static EventRecord failed(Envelope envelope, RuntimeException e, Usage usage) {
        String build = buildOf(envelope);
        EventRecord record = new EventRecord("failed", null, null, null, build, project(build), null, 0,
                usage.messagesSent(), usage.lookups(), usage.durationMs(), usage.requestId(), text(e.getMessage()),
                e.getClass().getSimpleName(), usage.function());
        return build != null || envelope instanceof Envelope.Schedule || envelope instanceof Envelope.Invalid
                ? record : record.about(envelope);
    }

    private static EventRecord about(String outcome, String build, String reason, Usage usage) {
        return new EventRecord(outcome, null, null, null, buildId(build), project(build), null, 0,
                usage.messagesSent(), usage.lookups(), usage.durationMs(), usage.requestId(), text(reason), null,
                usage.function());
    }

    /** The build an envelope is about, when it is one. */
    private static String buildOf(Envelope envelope) {
        return switch (envelope) {
            case Envelope.BuildStateChange change -> change.event().buildId();
            case Envelope.Schedule schedule -> null;
            case Envelope.Invalid invalid -> null;
            default -> null;
        };
    }

    /** The one JSON line, with the metrics' directive stamped at {@code now}. */
    String json(Instant now) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("timestamp", now.toString());
        root.put("level", outcome.equals("failed") ? "ERROR" : "INFO");
        root.put("message", "codebuild-notifier: " + outcome + (build != null ? " " + build
                : subject != null ? " " + subject : ""));
        root.put("outcome", outcome);
        putIfSet(root, "decision", decision);
        putIfSet(root, "strategy", strategy);
        putIfSet(root, "status", status);
        putIfSet(root, "build", build);
        putIfSet(root, "project", project);
        putIfSet(root, "sourceRef", sourceRef);
        putIfSet(root, "subject", subject);
        root.put("recipients", recipients);
        root.put("durationMs", durationMs);
        putIfSet(root, "requestId", clip(requestId, 100));
        putIfSet(root, "reason", reason);
        putIfSet(root, "error", error);
        putIfSet(root, "Function", function);
        for (String metric : METRICS) {
            root.put(metric, value(metric));
        }
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", now.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        if (function != null) {
            dimensionSet.add("Function");
        }
        ArrayNode metrics = directive.putArray("Metrics");
        for (String metric : METRICS) {
            metrics.addObject().put("Name", metric).put("Unit", "Count");
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the event record", e);
        }
    }

    int value(String metric) {
        return switch (metric) {
            case "Notified" -> outcome.equals("notified") ? 1 : 0;
            case "Quiet" -> outcome.equals("quiet") ? 1 : 0;
            case "Skipped" -> outcome.equals("skipped") ? 1 : 0;
            case "Duplicate" -> outcome.equals("duplicate") ? 1 : 0;
            case "Rejected" -> outcome.equals("rejected") ? 1 : 0;
            case "Failed" -> outcome.equals("failed") ? 1 : 0;
            case "MessagesSent" -> messagesSent;
            case "Lookups" -> lookups;
            default -> throw new IllegalArgumentException(metric);
        };
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    /** {@code PROJECT:UUID} from an id or an ARN, clipped. */
    static String buildId(String buildOrArn) {
        if (buildOrArn == null || buildOrArn.isBlank()) {
            return null;
        }
        int slash = buildOrArn.lastIndexOf(":build/");
        return clip(slash >= 0 ? buildOrArn.substring(slash + ":build/".length()) : buildOrArn, MAX_NAME + 40);
    }

    /** The project: the build id up to its last colon. */
    static String project(String buildOrArn) {
        String id = buildId(buildOrArn);
        if (id == null) {
            return null;
        }
        int colon = id.lastIndexOf(':');
        return colon > 0 ? clip(id.substring(0, colon), MAX_NAME) : null;
    }

    /** Free text (a reason, a failure's message): clipped, without a URL's user information. */
    private static String text(String value) {
        return value == null ? null : clip(USER_INFO.matcher(value).replaceAll("***@"), MAX_TEXT);
    }

    static String clip(String value, int max) {
        return LogText.clip(value, max);
    }

    /**
     * JSON's own escapes (controls below U+0020, quote, backslash), plus {@code \\uXXXX} for every other
     * character {@link LogText#isControl} names: DEL, C1 (NEL among them), line and paragraph separators,
     * bidirectional controls. The record holds no character a terminal or a log viewer acts on.
     */
    static final class ControlEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return LogText.isControl(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
