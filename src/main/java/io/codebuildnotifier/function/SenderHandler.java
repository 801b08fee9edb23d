package io.codebuildnotifier.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.aws.QueuedMessages;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.NotifierFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outgoing;
import io.codebuildnotifier.notification.Sender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;

/**
 * The sender function's Lambda entry point: a batch of the delivery queue's messages (an SQS
 * event), sent in order through the {@link Sender}; answers which messages failed
 * ({@code batchItemFailures}), so that only those come back. Once a message fails, the rest of its
 * group (its destination) fails too, which keeps each destination's order. A message that is not
 * ours is logged and dropped; a misconfiguration (Slack refuses the token) fails the whole batch.
 * One log record per batch, with the metrics (namespace CodeBuildNotifier: MessagesSent,
 * MessagesSuperseded, MessagesAlreadySent, MessagesRetried, MessagesDropped).
 */
public final class SenderHandler implements RequestStreamHandler, Resource {
    static final Duration DEFAULT_TIME = Duration.ofSeconds(60);
    /** A message is not started with less time left than this: it goes back to the queue instead. */
    static final Duration RESERVE = Duration.ofSeconds(8);
    static final List<String> METRICS = List.of("MessagesSent", "MessagesSuperseded", "MessagesAlreadySent",
            "MessagesRetried", "MessagesDropped");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SenderFunction function;
    private final LogFormat format;

    /** Used by Lambda: settings from the environment; primed before a SnapStart snapshot. */
    public SenderHandler() {
        this(SenderFunction.fromEnvironment(System.getenv()), LogFormat.forEnvironment(System.getenv()));
        function.warmUp();
        Core.getGlobalContext().register(this);
    }

    public SenderHandler(SenderFunction function, LogFormat format) {
        this.function = function;
        this.format = format;
    }

    /** What a batch came to, for its log record. */
    private static final class Tally {
        int sent;
        int superseded;
        int already;
        int dropped;
        final List<String> failed = new ArrayList<>();
        /** What went wrong with threads after messages went out (a parent not updated), and how often. */
        int threadNotes;
        String firstThreadNote;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        handle(input, context).forEach(id -> failures.addObject().put("itemIdentifier", id));
        output.write(response.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a batch; returns the ids of the messages that go back to the queue. */
    public List<String> handle(InputStream input, Context context) {
        long started = System.nanoTime();
        Duration left = context == null ? DEFAULT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis());
        Deadline deadline = Deadline.in(left, function.clock());
        JsonNode records;
        try {
            records = JSON.readTree(input).path("Records");
        } catch (IOException e) {
            log(context, "rejected", "the event is not JSON", new Tally(), started);
            return List.of();
        }
        Sender sender = function.sender(new Meter());
        Tally tally = new Tally();
        List<String> failed = tally.failed;
        Set<String> blockedGroups = new HashSet<>();
        String firstFailure = null;
        for (JsonNode record : records) {
            String id = record.path("messageId").asText("");
            String group = record.path("attributes").path("MessageGroupId").asText("");
            if (blockedGroups.contains(group) || !deadline.allows(RESERVE, Duration.ZERO)) {
                failed.add(id);
                blockedGroups.add(group);
                continue;
            }
            Outgoing message;
            try {
                message = QueuedMessages.decode(record.path("body").asText(null));
            } catch (PermanentFailure e) {
                tally.dropped++;
                Tally one = new Tally();
                one.dropped = 1;
                log(context, "dropped", "message " + LogText.abbreviate(id, 80) + ": " + e.getMessage(), one, started);
                continue;
            }
            try {
                Sender.Sent sent = sender.send(message, deadline);
                switch (sent.status()) {
                    case SENT -> tally.sent++;
                    case SUPERSEDED -> tally.superseded++;
                    case ALREADY_SENT -> tally.already++;
                }
                if (sent.threadNote().isPresent() && tally.threadNotes++ == 0) {
                    tally.firstThreadNote = sent.threadNote().get();
                }
            } catch (TransientFailure e) {
                failed.add(id);
                blockedGroups.add(group);
                firstFailure = firstFailure == null ? e.getMessage() : firstFailure;
            } catch (MisconfigurationFailure e) {
                log(context, "failed", e.getMessage(), tally, started);
                throw e;
            }
        }
        String summary = "batch of " + records.size() + ": " + tally.sent + " sent, " + tally.superseded
                + " superseded, " + tally.already + " already sent, " + failed.size() + " back to the queue"
                + (tally.dropped > 0 ? ", " + tally.dropped + " dropped" : "")
                + (tally.threadNotes > 0 ? "; threads: " + tally.firstThreadNote
                        + (tally.threadNotes > 1 ? " (and " + (tally.threadNotes - 1) + " more)" : "") : "")
                + (firstFailure == null ? "" : "; first failure: " + firstFailure);
        log(context, failed.isEmpty() ? "sent" : "partly sent", summary, tally, started);
        return List.copyOf(failed);
    }

    private void log(Context context, String outcome, String text, Tally tally, long started) {
        int retried = tally.failed.size();
        String clipped = EventRecord.clip(LogText.oneLine(text), EventRecord.MAX_TEXT * 2);
        long ms = (System.nanoTime() - started) / 1_000_000;
        String line;
        if (format == LogFormat.JSON) {
            String name = context == null ? null : context.getFunctionName();
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            java.time.Instant now = function.clock().instant();
            root.put("timestamp", now.toString());
            root.put("level", outcome.equals("failed") ? "ERROR" : retried > 0 ? "WARN" : "INFO");
            root.put("message", "codebuild-notifier sender: " + outcome);
            root.put("outcome", outcome);
            root.put("reason", clipped);
            root.put("durationMs", ms);
            if (context != null && context.getAwsRequestId() != null) {
                root.put("requestId", EventRecord.clip(context.getAwsRequestId(), 100));
            }
            if (name != null) {
                root.put("Function", name);
            }
            int[] values = {tally.sent, tally.superseded, tally.already, retried, tally.dropped};
            for (int i = 0; i < METRICS.size(); i++) {
                root.put(METRICS.get(i), values[i]);
            }
            ObjectNode directive = root.putObject("_aws").put("Timestamp", now.toEpochMilli())
                    .putArray("CloudWatchMetrics").addObject();
            directive.put("Namespace", EventRecord.NAMESPACE);
            ArrayNode dimensions = directive.putArray("Dimensions").addArray();
            if (name != null) {
                dimensions.add("Function");
            }
            ArrayNode metrics = directive.putArray("Metrics");
            METRICS.forEach(m -> metrics.addObject().put("Name", m).put("Unit", "Count"));
            line = root.toString();
        } else {
            line = "codebuild-notifier sender: " + clipped + " (" + ms + " ms)";
        }
        LambdaLog.record(context, line);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        function.prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        function.afterRestore();
    }
}
