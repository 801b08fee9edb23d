package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Each pipeline's latest finished execution (a pass or a failure), and the one before it, so that a run's
 * notification is decided by how the pipeline's previous run went, and a retry of the same run still sees
 * that previous run. Moves only forwards in time: an older execution's late event changes nothing.
 * Implementations throw {@link io.codebuildnotifier.kernel.TransientFailure} when the store is unavailable.
 */
public interface RunHistory {

    /** What is recorded of a pipeline, or empty when none of its runs has been. */
    Optional<Latest> latest(String pipeline, Deadline deadline);

    /**
     * Records {@code run} as the pipeline's latest, the latest recorded so far becoming its previous, unless a run
     * that finished later is recorded already. Recording the latest run again changes nothing.
     *
     * @return whether {@code run} is now the pipeline's latest
     */
    boolean record(String pipeline, Run run, Deadline deadline);

    /**
     * A finished execution.
     *
     * @param status     CodePipeline's word for how it ended ({@code SUCCEEDED}, {@code FAILED})
     * @param finishedAt when it ended (its event's time)
     */
    record Run(String executionId, String status, Instant finishedAt) {
        public Run {
            Objects.requireNonNull(executionId, "executionId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(finishedAt, "finishedAt");
        }

        public boolean passed() {
            return status.equals("SUCCEEDED");
        }
    }

    /** A pipeline's latest run, and the one recorded before it (empty for its first). */
    record Latest(Run run, Optional<Run> previous) {
        public Latest {
            Objects.requireNonNull(run, "run");
            previous = previous == null ? Optional.empty() : previous;
        }

        /**
         * The run before {@code execution}, as far as what is recorded tells: the previous one when {@code execution}
         * is the latest, the latest when {@code execution} finished after it; empty when {@code execution} is older
         * than the latest (a late event) or nothing ran before it.
         */
        public Optional<Run> before(String execution, Instant finishedAt) {
            if (run.executionId().equals(execution)) {
                return previous;
            }
            return run.finishedAt().isAfter(finishedAt) ? Optional.empty() : Optional.of(run);
        }
    }
}
