package io.codebuildnotifier.function;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.codebuildnotifier.adapter.slack.SlackMessages;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Replays EventBridge events from files through the real handler, outside Lambda, and prints
 * each decision and each message as it would appear. With the user's own AWS credentials and
 * settings in the environment, this is how to try a real event from a laptop without Docker.
 *
 * <pre>java -jar target/codebuild-notifier.jar events/pr-failed.json [more events or folders...]</pre>
 */
public final class Replay {
    private Replay() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println("usage: java -jar codebuild-notifier.jar EVENT.json|FOLDER [...]");
            System.out.println("Replays EventBridge 'CodeBuild Build State Change' events through the notifier.");
            System.out.println("Settings come from the environment (CBN_*, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL...).");
            System.exit(args.length == 0 ? 2 : 0);
        }
        List<Path> events = new ArrayList<>();
        for (String arg : args) {
            events.addAll(eventFiles(Path.of(arg)));
        }
        System.exit(run(System.getenv(), events, System.out));
    }

    /**
     * Replays events in order.
     *
     * @return 0 when every event was handled, 1 when an invocation failed (Lambda would retry it)
     */
    public static int run(Map<String, String> env, List<Path> events, PrintStream out) {
        return run(env, events, out, (event, printed) -> 0);
    }

    /**
     * What happens between two events of a replay (the sandbox's interactive story, say): called after each event
     * with the replay's output; answers how many of its own steps failed.
     */
    @FunctionalInterface
    public interface Interlude {
        int after(Path event, PrintStream out);
    }

    /** As {@link #run(Map, List, PrintStream)}, with an {@link Interlude} after each event. */
    public static int run(Map<String, String> env, List<Path> events, PrintStream out, Interlude interlude) {
        EventsFunction function;
        try {
            function = EventsFunction.fromEnvironment(env);
        } catch (RuntimeException e) {
            out.println(LogText.oneLine("configuration error: " + e.getMessage()));
            return 1;
        }
        try {
            return replay(new EventsHandler(function, LogFormat.HUMAN), function.watchMessages(),
                    function.settings().wiring().deliveryQueueUrl().isPresent(), events, out, interlude);
        } finally {
            // else the JVM waits about 0.3 s at exit for the GitHub HTTP client's selector thread
            function.close();
            out.flush();
        }
    }

    private static int replay(EventsHandler handler, SentMessages sent, boolean queue, List<Path> events,
                              PrintStream out, Interlude interlude) {
        int failures = 0;
        for (Path event : events) {
            out.println("▶ " + LogText.oneLine(shown(event).toString()));
            try (InputStream in = Files.newInputStream(event)) {
                Outcome outcome = handler.handle(in, new ReplayContext(out, event.getFileName().toString()));
                List<SentMessages.Sent> messages = sent.take();
                messages.forEach(message -> printMessage(out, message.how() + " to " + message.where(),
                        message.notification()));
                if (queue) {
                    // with a delivery queue the sender function sends it: shown as it will be
                    queued(outcome).ifPresent(notification -> printMessage(out, "queued for the sender",
                            notification));
                }
            } catch (IOException e) {
                out.println("  " + LogText.oneLine("cannot read " + event + ": " + e.getMessage()));
                failures++;
            } catch (RuntimeException e) {
                sent.take().forEach(message -> printMessage(out, message.how() + " to " + message.where(),
                        message.notification()));
                // the message may carry an AWS answer's text: one line, whatever it holds
                out.println("  " + LogText.oneLine("invocation failed, Lambda would retry it: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage()));
                failures++;
            }
            out.println();
            failures += interlude.after(event, out);
        }
        return failures == 0 ? 0 : 1;
    }

    /** The path as the user would type it: relative to the working directory when inside it. */
    private static Path shown(Path event) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = event.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute) : event;
    }

    private static Optional<Notification> queued(Outcome outcome) {
        return outcome instanceof Outcome.Recorded recorded && !recorded.deliveries().isEmpty()
                ? recorded.notification() : Optional.empty();
    }

    /** A message as Slack shows it (see {@link SlackMessages#readable}), with where it went. */
    private static void printMessage(PrintStream out, String where, Notification notification) {
        out.println("  ┌─ Slack " + LogText.oneLine(where) + " (" + SlackMessages.color(notification) + ")");
        String shown = SlackMessages.readable(notification);
        // Slack shows a mention by the member's name: so does the replay, for the people the message names
        for (Notification.Person person : notification.people()) {
            if (!person.chatId().isEmpty() && !person.label().isBlank()) {
                shown = shown.replaceAll("@" + java.util.regex.Pattern.quote(person.chatId()) + "(?![A-Za-z0-9])",
                        java.util.regex.Matcher.quoteReplacement("@" + LogText.oneLine(person.label())));
            }
        }
        for (String line : shown.split("\n")) {
            out.println("  │ " + LogText.oneLine(line));
        }
        out.println("  └─");
    }

    static List<Path> eventFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    /** Just enough of a Lambda context: the log lines go to the replay's output. */
    private record ReplayContext(PrintStream out, String requestId) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "replay";
        }

        @Override
        public String getLogStreamName() {
            return "replay";
        }

        @Override
        public String getFunctionName() {
            return "codebuild-notifier-replay";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    out.println("  " + LogText.oneLine(message.strip()));
                }

                @Override
                public void log(byte[] message) {
                    log(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
