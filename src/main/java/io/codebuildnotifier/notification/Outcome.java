package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.LogText;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What became of one event. Each outcome reads as one log line: a summary shows any control
 * character its values carried (a source location, a version, a branch name) escaped.
 */
public sealed interface Outcome {

    String summary();

    private static String line(String text) {
        return LogText.oneLine(text);
    }

    /** Not an event the notifier acts on (a build in progress, a stopped build). */
    record Ignored(String build, String reason) implements Outcome {
        @Override
        public String summary() {
            return line("ignored " + build + ": " + reason);
        }
    }

    /** A scheduled reconciliation run. */
    record Reconciled(String report) implements Outcome {
        @Override
        public String summary() {
            return line(report);
        }
    }

    /** Malformed or irrelevant input: never retried. */
    record Rejected(String reason) implements Outcome {
        @Override
        public String summary() {
            return line("rejected event: " + reason);
        }
    }

    /** An event for a build whose notification is already finished: nothing written, nothing sent. */
    record Duplicate(String build, String reason) implements Outcome {
        @Override
        public String summary() {
            return line("duplicate " + build + ": " + reason);
        }
    }

    /** Not due (a build that is neither for a PR nor a whitelisted branch): nothing written, nothing sent. */
    record Skipped(String build, String reason) implements Outcome {
        @Override
        public String summary() {
            return line("skipped " + build + ": " + reason);
        }
    }

    /** Recorded by its source, and whoever was told about it. */
    record Recorded(String build, String sourceRef, String status, String resolvedBy, Decision decision,
                    Optional<Notification> notification, List<Delivery> deliveries) implements Outcome {
        public Recorded {
            deliveries = List.copyOf(deliveries);
        }

        @Override
        public String summary() {
            String head = "recorded " + build + " " + status + " as " + sourceRef + " (" + resolvedBy + "); ";
            if (!decision.notifies()) {
                return line(head + "no notification: " + decision.reason());
            }
            return line(head + "notified (" + decision.reason() + "): "
                    + (deliveries.isEmpty() ? "nobody" : deliveries.stream().map(Delivery::toString)
                    .collect(Collectors.joining(", "))));
        }
    }

    /**
     * An occurrence of a source other than builds (an approval, a pipeline run, a deployment, a push),
     * claimed and decided: who was told, or why nobody was.
     *
     * @param subject what it is about ({@code approval:PIPELINE/STAGE/ACTION/EXECUTION}, {@code deploy:d-…})
     * @param status  its state in the source's words (FAILED, SUCCEEDED, referenceUpdated)
     */
    record Told(String subject, String status, Decision decision, Optional<Notification> notification,
                List<Delivery> deliveries) implements Outcome {
        public Told {
            deliveries = List.copyOf(deliveries);
        }

        @Override
        public String summary() {
            String head = "recorded " + subject + " " + status + "; ";
            if (!decision.notifies()) {
                return line(head + "no notification: " + decision.reason());
            }
            return line(head + "notified (" + decision.reason() + "): "
                    + (deliveries.isEmpty() ? "nobody" : deliveries.stream().map(Delivery::toString)
                    .collect(Collectors.joining(", "))));
        }
    }
}
