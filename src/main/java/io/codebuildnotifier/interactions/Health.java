package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The notifier's own health, for the Home tab (port). */
public interface Health {

    Report read(Deadline deadline);

    /**
     * @param lastReconciliation when the reconciliation last ran; empty if never recorded
     * @param recovered          how many builds that run told about that the events had missed
     * @param waiting            failures waiting, by queue name ({@code FailedInvocationsQueue}: 3), in the order to show
     *                           them; a queue that could not be read is absent
     */
    record Report(Optional<Instant> lastReconciliation, int recovered, Map<String, Integer> waiting) {
        public static final Report UNKNOWN = new Report(Optional.empty(), 0, Map.of());

        public Report {
            waiting = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(waiting));
        }
    }
}
