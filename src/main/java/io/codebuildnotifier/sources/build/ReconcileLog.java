package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the {@link Reconciler} notes its last run, for the notifier's health (port). Only the last run is kept.
 * Noting is best effort: a run that could not be noted is not a failed run, so {@link #ran} never throws for the
 * store being away (an implementation drops what it cannot write).
 */
public interface ReconcileLog {

    /** Keeps nothing and knows nothing: for compositions without a store. */
    ReconcileLog NONE = new ReconcileLog() {
        @Override
        public void ran(Run run, Deadline deadline) {
        }

        @Override
        public Optional<Run> last(Deadline deadline) {
            return Optional.empty();
        }
    };

    /** Notes a run, in place of the last one. */
    void ran(Run run, Deadline deadline);

    /** The last run noted; empty if none was. */
    Optional<Run> last(Deadline deadline);

    /**
     * One run.
     *
     * @param at        when it ran
     * @param finished  how many finished builds it looked at
     * @param recovered how many builds it told about that the events had missed (stuck claims it finished included)
     */
    record Run(Instant at, int finished, int recovered) {
        public Run {
            Objects.requireNonNull(at, "at");
            if (finished < 0 || recovered < 0) {
                throw new IllegalArgumentException("a run's counts are never negative");
            }
        }
    }
}
