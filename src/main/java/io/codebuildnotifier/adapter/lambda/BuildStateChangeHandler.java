package io.codebuildnotifier.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.crac.Core;
import org.crac.Resource;
import io.codebuildnotifier.adapter.Application;
import io.codebuildnotifier.delivery.Invocation;
import io.codebuildnotifier.failure.HeldElsewhere;
import io.codebuildnotifier.failure.PermanentFailure;
import io.codebuildnotifier.notifier.BuildNotifier;
import io.codebuildnotifier.notifier.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The Lambda entry point: reads the EventBridge event, hands it to the notifier, logs one line.
 * <ul>
 *   <li>malformed, irrelevant or permanently failing events: one log line, and success (no retry);</li>
 *   <li>transient failures and misconfiguration: the invocation fails, so Lambda retries and alarms fire.</li>
 * </ul>
 * Settings are read and clients built once, when Lambda creates the handler.
 */
public final class BuildStateChangeHandler implements RequestStreamHandler, Resource {
    /** When there is no Lambda context (replays), an invocation may take this long. */
    static final Duration DEFAULT_TIME = Duration.ofSeconds(60);

    private final Application app;
    private final BuildNotifier notifier;
    private final EventParser parser = new EventParser();

    /** Used by Lambda: settings from the environment; primed before a SnapStart snapshot. */
    public BuildStateChangeHandler() {
        this(Application.fromEnvironment(System.getenv()));
        Core.getGlobalContext().register(this);
    }

    public BuildStateChangeHandler(Application app) {
        this.app = app;
        this.notifier = app.notifier();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Outcome outcome = handle(input, context);
        output.write(("{\"outcome\":\"" + outcome.getClass().getSimpleName().toLowerCase() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Handles one event and says what became of it. Transient failures propagate. */
    public Outcome handle(InputStream input, Context context) {
        Outcome outcome;
        EventParser.Parsed parsed = parser.parse(input);
        if (parsed instanceof EventParser.Parsed.Invalid invalid) {
            outcome = new Outcome.Rejected(invalid.reason());
        } else if (parsed instanceof EventParser.Parsed.Schedule) {
            try {
                outcome = new Outcome.Reconciled(app.reconciler().reconcile(invocation(context)).summary());
            } catch (RuntimeException e) {
                log(context, "codebuild-notifier: reconciliation failed: " + e.getClass().getSimpleName() + ": "
                        + e.getMessage());
                throw e;
            }
        } else {
            var event = ((EventParser.Parsed.Event) parsed).event();
            Invocation invocation = invocation(context);
            try {
                outcome = handleWaitingForOthers(event, invocation);
            } catch (PermanentFailure e) {
                outcome = new Outcome.Rejected(e.getMessage());
            } catch (RuntimeException e) {
                log(context, "codebuild-notifier: failed " + EventParser.abbreviate(event.buildArn()) + ": "
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
                throw e;
            }
        }
        log(context, "codebuild-notifier: " + outcome.summary());
        return outcome;
    }

    /** Waits a few seconds for another invocation of the same build to finish, before failing. */
    private Outcome handleWaitingForOthers(io.codebuildnotifier.build.BuildEvent event, Invocation invocation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return notifier.handle(event, invocation);
            } catch (HeldElsewhere e) {
                if (attempt >= WAITS_FOR_OTHERS || !app.patience().pause(Duration.ofSeconds(1))) {
                    throw e;
                }
            }
        }
    }

    /** How many times a duplicate delivered at once waits a second for the first to finish. */
    static final int WAITS_FOR_OTHERS = 5;

    /** SnapStart: warm the JSON mapping and the clients before the snapshot is taken. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        parser.parse(new java.io.ByteArrayInputStream(PRIMING_EVENT.getBytes(StandardCharsets.UTF_8)));
        app.prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        app.afterRestore();
    }

    /** A representative event, for priming only. */
    static final String PRIMING_EVENT = "{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":\"CodeBuild Build State "
            + "Change\",\"source\":\"aws.codebuild\",\"account\":\"123456789012\",\"time\":\"2026-01-01T00:00:00Z\","
            + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"build-status\":\"SUCCEEDED\",\"project-name\":"
            + "\"priming\",\"build-id\":\"arn:aws:codebuild:us-east-1:123456789012:build/priming:"
            + "00000000-0000-4000-8000-000000000000\",\"additional-information\":{\"timeout-in-minutes\":60.0}}}";

    /** This attempt: Lambda's request id (kept by its retries) and when Lambda will stop it. */
    private Invocation invocation(Context context) {
        Instant now = app.clock().instant();
        String id = context == null || context.getAwsRequestId() == null
                ? UUID.randomUUID().toString() : context.getAwsRequestId();
        Duration left = context == null ? DEFAULT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis());
        Instant deadline = now.plus(left);
        app.patience().until(deadline);
        return new Invocation(id, deadline);
    }

    private static void log(Context context, String line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        } else {
            System.out.println(line);
        }
    }
}
