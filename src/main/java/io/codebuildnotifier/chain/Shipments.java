package io.codebuildnotifier.chain;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What each target (a CodeDeploy deployment group, {@code APPLICATION/GROUP}; later a pipeline whose last
 * stage deploys) last shipped: the head commit of each repository, so that the next shipment can tell
 * which commits are new. Moves only forwards: a shipment older than the one kept is refused. Implementations
 * throw {@link io.codebuildnotifier.kernel.TransientFailure} when the store is unavailable.
 */
public interface Shipments {
    /** How long a target's last shipment is kept after it was written. */
    java.time.Duration KEEP = java.time.Duration.ofDays(180);

    /** The target's last shipment, or empty when none is kept. */
    Optional<Shipment> last(String target, Deadline deadline);

    /**
     * Keeps {@code shipment} as the target's last, unless the one kept is at least as new.
     *
     * @return whether it was kept
     */
    boolean record(String target, Shipment shipment, Instant expiresAt, Deadline deadline);

    /**
     * What was shipped, when and by what.
     *
     * @param at    when it went live (a deployment's completion)
     * @param by    what shipped it (a deployment id)
     * @param heads the head commit of each repository it shipped
     */
    record Shipment(Instant at, String by, List<Head> heads) {
        public Shipment {
            Objects.requireNonNull(at, "at");
            by = by == null ? "" : by;
            heads = List.copyOf(heads);
        }

        /** The head this shipment had of a repository (by its web URL). */
        public Optional<String> headOf(String repository) {
            return heads.stream().filter(h -> h.repository().equals(repository)).map(Head::commit).findFirst();
        }
    }

    /** A repository (its web URL) and the commit shipped of it. */
    record Head(String repository, String commit) {
        public Head {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(commit, "commit");
        }
    }
}
