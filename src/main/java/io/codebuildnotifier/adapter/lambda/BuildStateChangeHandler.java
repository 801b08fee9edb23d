package io.codebuildnotifier.adapter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.codebuildnotifier.adapter.Application;
import io.codebuildnotifier.failure.PermanentFailure;
import io.codebuildnotifier.notifier.BuildNotifier;
import io.codebuildnotifier.notifier.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda entry point: reads the EventBridge event, hands it to the notifier, logs one line.
 * <ul>
 *   <li>malformed, irrelevant or permanently failing events: one log line, and success (no retry);</li>
 *   <li>transient failures and misconfiguration: the invocation fails, so Lambda retries and alarms fire.</li>
 * </ul>
 * Settings are read and clients built once, when Lambda creates the handler.
 */
public final class BuildStateChangeHandler implements RequestStreamHandler {
    private final BuildNotifier notifier;
    private final EventParser parser = new EventParser();

    /** Used by Lambda: settings from the environment. */
    public BuildStateChangeHandler() {
        this(Application.fromEnvironment(System.getenv()).notifier());
    }

    public BuildStateChangeHandler(BuildNotifier notifier) {
        this.notifier = notifier;
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
        } else {
            var event = ((EventParser.Parsed.Event) parsed).event();
            try {
                outcome = notifier.handle(event);
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

    private static void log(Context context, String line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        } else {
            System.out.println(line);
        }
    }
}
