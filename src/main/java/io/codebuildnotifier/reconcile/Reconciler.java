package io.codebuildnotifier.reconcile;

import io.codebuildnotifier.build.Build;
import io.codebuildnotifier.build.Builds;
import io.codebuildnotifier.delivery.Invocation;
import io.codebuildnotifier.delivery.Ledger;
import io.codebuildnotifier.failure.PermanentFailure;
import io.codebuildnotifier.failure.TransientFailure;
import io.codebuildnotifier.notifier.BuildNotifier;
import io.codebuildnotifier.notifier.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Finds builds that finished recently but were never processed (CodeBuild delivers events on a
 * best-effort basis; an invocation may have failed for good) and processes them through the same
 * path as an event. Builds found to belong to no PR or whitelisted branch are marked, so the next
 * run does not look at them again.
 */
public final class Reconciler {
    /** Builds that finished this recently are left to their own events. */
    static final Duration SETTLE = Duration.ofMinutes(3);
    /** A run stops starting new builds when this little time is left. */
    static final Duration RESERVE = Duration.ofSeconds(15);
    /** A skipped build's marker outlives the window by this much. */
    static final Duration SKIP_TTL = Duration.ofDays(1);

    private final BuildNotifier notifier;
    private final Builds builds;
    private final Ledger ledger;
    private final Clock clock;
    private final Duration window;

    public Reconciler(BuildNotifier notifier, Builds builds, Ledger ledger, Clock clock, Duration window) {
        this.notifier = notifier;
        this.builds = builds;
        this.ledger = ledger;
        this.clock = clock;
        this.window = window;
    }

    /** What a run found and did. */
    public record Report(int finished, int alreadyProcessed, int recovered, int skipped, int rejected, int failed,
                         int deferred) {
        public String summary() {
            return "reconciled " + finished + " finished builds: " + alreadyProcessed + " already processed, "
                    + recovered + " recovered, " + skipped + " skipped, " + rejected + " rejected, " + failed
                    + " failed" + (deferred > 0 ? ", " + deferred + " left for the next run" : "");
        }
    }

    /**
     * One run.
     *
     * @throws TransientFailure when some build could not be processed for now, after trying the others
     */
    public Report reconcile(Invocation invocation) {
        Instant now = clock.instant();
        List<Build> finished = builds.finishedBetween(now.minus(window), now.minus(SETTLE),
                invocation.deadline().minus(RESERVE).minus(RESERVE));
        Set<String> known = ledger.known(finished.stream().map(Build::id).toList());
        int recovered = 0;
        int skipped = 0;
        int rejected = 0;
        int deferred = 0;
        TransientFailure failure = null;
        int failed = 0;
        for (Build build : finished) {
            if (known.contains(build.id())) {
                continue;
            }
            if (Duration.between(clock.instant(), invocation.deadline()).compareTo(RESERVE) < 0) {
                deferred++;
                continue;
            }
            try {
                Outcome outcome = notifier.handle(build, invocation);
                if (outcome instanceof Outcome.Skipped) {
                    ledger.skipped(build.id(), clock.instant().plus(window).plus(SKIP_TTL));
                    skipped++;
                } else if (outcome instanceof Outcome.Recorded) {
                    recovered++;
                }
            } catch (PermanentFailure e) {
                rejected++;
            } catch (TransientFailure e) {
                failed++;
                failure = failure == null ? e : failure;
            }
        }
        Report report = new Report(finished.size(), known.size(), recovered, skipped, rejected, failed, deferred);
        if (failure != null) {
            throw new TransientFailure(report.summary() + "; first failure: " + failure.getMessage(), failure);
        }
        return report;
    }
}
