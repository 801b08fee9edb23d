package io.codebuildnotifier.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.notification.Outcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;

/**
 * The events function's Lambda entry point: reads the EventBridge envelope, routes it to its
 * source, logs one record.
 * <ul>
 *   <li>malformed, irrelevant or permanently failing events: one log record, and success (no retry);</li>
 *   <li>transient failures and misconfiguration: one log record ({@code failed}), then the invocation
 *       fails, so Lambda retries and alarms fire.</li>
 * </ul>
 * The record is an {@link EventRecord} JSON object with its metrics ({@link LogFormat#JSON}, in Lambda)
 * or a readable line ({@link LogFormat#HUMAN}, the replay); either way one record per event, whatever
 * the event or an AWS answer carried. Settings are read once, when Lambda creates the handler.
 */
public final class EventsHandler implements RequestStreamHandler, Resource {
    /** When there is no Lambda context (replays), an invocation may take this long. */
    static final Duration DEFAULT_TIME = Duration.ofSeconds(60);

    private final EventsFunction function;
    private final LogFormat format;
    private final EventParser parser = new EventParser();

    /** Used by Lambda: settings from the environment; primed before a SnapStart snapshot. */
    public EventsHandler() {
        this(EventsFunction.fromEnvironment(System.getenv()), LogFormat.forEnvironment(System.getenv()));
        function.warmUp();
        Core.getGlobalContext().register(this);
    }

    /** Logs human-readable lines. */
    public EventsHandler(EventsFunction function) {
        this(function, LogFormat.HUMAN);
    }

    public EventsHandler(EventsFunction function, LogFormat format) {
        this.function = function;
        this.format = format;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Outcome outcome = handle(input, context);
        output.write(("{\"outcome\":\"" + outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Handles one event and says what became of it. Transient failures and misconfiguration propagate. */
    public Outcome handle(InputStream input, Context context) {
        long started = System.nanoTime();
        Meter meter = new Meter();
        Envelope envelope = parser.parse(input);
        Invocation invocation = invocation(context);
        Outcome outcome;
        try {
            outcome = function.router(meter).route(envelope, invocation);
        } catch (RuntimeException e) {
            log(context, () -> EventRecord.failed(envelope, e, usage(invocation, context, started, meter)),
                    () -> "codebuild-notifier: " + failed(envelope) + ": " + e.getClass().getSimpleName() + ": "
                            + e.getMessage());
            throw e;
        }
        Outcome handled = outcome;
        log(context, () -> EventRecord.of(handled, envelope, usage(invocation, context, started, meter)),
                () -> "codebuild-notifier: " + handled.summary());
        return outcome;
    }

    private static EventRecord.Usage usage(Invocation invocation, Context context, long started, Meter meter) {
        String name = context == null ? null : context.getFunctionName();
        return new EventRecord.Usage(invocation.id(), (System.nanoTime() - started) / 1_000_000,
                meter.lookups(), meter.messagesSent(), name);
    }

    /** The start of a failure's human line: {@code failed ARN}, {@code reconciliation failed}. */
    private static String failed(Envelope envelope) {
        return switch (envelope) {
            case Envelope.BuildStateChange change -> "failed " + EventParser.abbreviate(change.event().buildArn());
            case Envelope.Schedule schedule -> "reconciliation failed";
            case Envelope.Invalid invalid -> "failed event";
            default -> "failed " + Envelope.subject(envelope);
        };
    }

    /** SnapStart: warm the JSON mapping and the clients before the snapshot is taken. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        parser.parse(new ByteArrayInputStream(PRIMING_EVENT.getBytes(StandardCharsets.UTF_8)));
        for (String event : PRIMING_CHAIN_EVENTS) {
            parser.parse(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
        }
        function.prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        function.afterRestore();
    }

    /** A representative event, for priming only. */
    static final String PRIMING_EVENT = "{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":\"CodeBuild Build State "
            + "Change\",\"source\":\"aws.codebuild\",\"account\":\"123456789012\",\"time\":\"2026-01-01T00:00:00Z\","
            + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"build-status\":\"SUCCEEDED\",\"project-name\":"
            + "\"priming\",\"build-id\":\"arn:aws:codebuild:us-east-1:123456789012:build/priming:"
            + "00000000-0000-4000-8000-000000000000\",\"additional-information\":{\"timeout-in-minutes\":60.0}}}";

    /** One event of each of the delivery chain's doors, so that their reading is loaded before a snapshot. */
    static final java.util.List<String> PRIMING_CHAIN_EVENTS = java.util.List.of(
            "{\"detail-type\":\"CodePipeline Pipeline Execution State Change\",\"source\":\"aws.codepipeline\","
                    + "\"time\":\"2026-01-01T00:00:00Z\",\"detail\":{\"pipeline\":\"priming\",\"execution-id\":"
                    + "\"00000000-0000-4000-8000-000000000000\",\"state\":\"SUCCEEDED\"}}",
            "{\"detail-type\":\"CodeDeploy Deployment State-change Notification\",\"source\":\"aws.codedeploy\","
                    + "\"detail\":{\"deploymentId\":\"d-PRIMING00\",\"application\":\"a\",\"deploymentGroup\":\"g\"}}",
            "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Message\":\"{\\\"approval\\\":{}}\"}}]}");

    /** This attempt: Lambda's request id (kept by its retries) and when Lambda will stop it. */
    private Invocation invocation(Context context) {
        String id = context == null || context.getAwsRequestId() == null
                ? UUID.randomUUID().toString() : context.getAwsRequestId();
        Duration left = context == null ? DEFAULT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis());
        return new Invocation(id, Deadline.in(left, function.clock()));
    }

    /**
     * One record, whatever the values in it carried. A JSON record goes to Lambda's logger as bytes:
     * Lambda writes those as they are (with the JSON log format, a string would be wrapped as the
     * {@code message} of Lambda's own record, and CloudWatch would not read the metrics in it).
     */
    private void log(Context context, Supplier<EventRecord> record, Supplier<String> line) {
        if (format == LogFormat.JSON) {
            String json;
            try {
                json = record.get().json(function.clock().instant());
            } catch (RuntimeException e) {
                json = null; // never lose the event's own failure to its log record's
            }
            if (json != null) {
                LambdaLog.record(context, json);
                return;
            }
        }
        LambdaLog.line(context, LogText.oneLine(line.get()));
    }
}
