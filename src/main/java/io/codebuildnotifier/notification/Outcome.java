package io.codebuildnotifier.notification;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What became of one event. Each outcome reads as one log line. */
public sealed interface Outcome {

    String summary();

    /** Not an event the notifier acts on (a build in progress, a stopped build). */
    record Ignored(String build, String reason) implements Outcome {
        @Override
        public String summary() {
            return "ignored " + build + ": " + reason;
        }
    }

    /** A scheduled reconciliation run. */
    record Reconciled(String report) implements Outcome {
        @Override
        public String summary() {
            return report;
        }
    }

    /** Malformed or irrelevant input: never retried. */
    record Rejected(String reason) implements Outcome {
        @Override
        public String summary() {
            return "rejected event: " + reason;
        }
    }

    /** An event for a build whose notification is already finished: nothing written, nothing sent. */
    record Duplicate(String build, String reason) implements Outcome {
        @Override
        public String summary() {
            return "duplicate " + build + ": " + reason;
        }
    }

    /** Not due (a build that is neither for a PR nor a whitelisted branch): nothing written, nothing sent. */
    record Skipped(String build, String reason) implements Outcome {
        @Override
        public String summary() {
            return "skipped " + build + ": " + reason;
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
                return head + "no notification: " + decision.reason();
            }
            return head + "notified (" + decision.reason() + "): "
                    + (deliveries.isEmpty() ? "nobody" : deliveries.stream().map(Delivery::toString)
                    .collect(Collectors.joining(", ")));
        }
    }
}
