package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.codebuildnotifier.notification.Marker;

/**
 * Finds builds that finished recently but were never processed (CodeBuild delivers events on a
 * best-effort basis; an invocation may have failed for good), and builds whose claim was left
 * unfinished by an invocation that is gone (its lease ran out before every message was handed
 * over), and processes them through the same path as an event; a claim whose holder may still be
 * running is left alone. Builds found to belong to no PR or whitelisted branch are marked, so the next
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
    private final ReconcileLog log;

    public Reconciler(BuildNotifier notifier, Builds builds, Ledger ledger, Clock clock, Duration window) {
        this(notifier, builds, ledger, clock, window, ReconcileLog.NONE);
    }

    /** @param log where each run is noted (when it ran, how many builds it told about), for the health report */
    public Reconciler(BuildNotifier notifier, Builds builds, Ledger ledger, Clock clock, Duration window,
                      ReconcileLog log) {
        this.notifier = notifier;
        this.builds = builds;
        this.ledger = ledger;
        this.clock = clock;
        this.window = window;
        this.log = java.util.Objects.requireNonNull(log, "log");
    }

    /** What a run found and did. */
    public record Report(int finished, int alreadyProcessed, int recovered, int resumed, int skipped, int rejected,
                         int failed, int deferred, List<String> unknownProjects) {
        public Report {
            unknownProjects = List.copyOf(unknownProjects);
        }

        public String summary() {
            return "reconciled " + finished + " finished builds: " + alreadyProcessed + " already processed, "
                    + recovered + " recovered, " + (resumed > 0 ? resumed + " stuck claims finished, " : "") + skipped + " skipped, " + rejected + " rejected, " + failed
                    + " failed" + (deferred > 0 ? ", " + deferred + " left for the next run" : "")
                    + (unknownProjects.isEmpty() ? "" : "; watched projects that do not exist: "
                    + String.join(", ", unknownProjects));
        }
    }

    /**
     * One run.
     *
     * @throws TransientFailure when some build could not be processed for now, after trying the others
     * @throws MisconfigurationFailure when a watched project does not exist, after reconciling the others
     */
    public Report reconcile(Invocation invocation) {
        Instant now = clock.instant();
        Deadline deadline = invocation.deadline();
        Builds.Finished listing = builds.finishedBetween(now.minus(window), now.minus(SETTLE),
                deadline.at().minus(RESERVE).minus(RESERVE), deadline);
        List<Build> finished = listing.builds();
        Map<NotificationKey, Marker> known = ledger.findAll(finished.stream()
                .map(b -> NotificationKey.build(b.id())).toList(), deadline);
        int recovered = 0;
        int resumed = 0;
        int settled = 0;
        int skipped = 0;
        int rejected = 0;
        int deferred = 0;
        TransientFailure failure = null;
        int failed = 0;
        for (Build build : finished) {
            NotificationKey key = NotificationKey.build(build.id());
            Marker marker = known.get(key);
            boolean stuck = marker != null && marker.abandoned(clock.instant());
            if (marker != null && !stuck) {
                settled++;
                continue;
            }
            if (!deadline.allows(RESERVE, Duration.ZERO)) {
                deferred++;
                continue;
            }
            try {
                switch (notifier.handle(build, invocation)) {
                    case Outcome.Skipped s -> {
                        ledger.skipped(key, build.id(), clock.instant().plus(window).plus(SKIP_TTL), deadline);
                        skipped++;
                    }
                    case Outcome.Recorded r -> {
                        if (stuck) {
                            resumed++;
                        } else {
                            recovered++;
                        }
                    }
                    case Outcome.Duplicate d -> { }
                    case Outcome.Ignored i -> { }
                    case Outcome.Rejected r -> rejected++;
                    case Outcome.Reconciled r -> { }
                    case Outcome.Told t -> { }
                }
            } catch (PermanentFailure e) {
                rejected++;
            } catch (TransientFailure e) {
                failed++;
                failure = failure == null ? e : failure;
            }
        }
        Report report = new Report(finished.size(), settled, recovered, resumed, skipped, rejected, failed, deferred,
                listing.unknownProjects());
        // noted before the failures below: the run happened, and told about what it recovered
        log.ran(new ReconcileLog.Run(now, finished.size(), recovered + resumed), deadline);
        if (failure != null) {
            throw new TransientFailure(report.summary() + "; first failure: " + failure.getMessage(), failure);
        }
        if (!report.unknownProjects().isEmpty()) {
            throw new MisconfigurationFailure(report.summary());
        }
        return report;
    }
}
