package io.codebuildnotifier.function;

import io.codebuildnotifier.kernel.HeldElsewhere;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sources.build.BuildNotifier;
import io.codebuildnotifier.sources.build.Reconciler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends each envelope to its source. A new source is a new package, an envelope kind and a
 * line here.
 */
final class Router {
    /** How many times a duplicate delivered at once waits a second for the first to finish. */
    static final int WAITS_FOR_OTHERS = 5;

    private final Supplier<BuildNotifier> builds;
    private final Supplier<Reconciler> reconciler;
    private final Patience patience;

    Router(Supplier<BuildNotifier> builds, Supplier<Reconciler> reconciler, Patience patience) {
        this.builds = builds;
        this.reconciler = reconciler;
        this.patience = patience;
    }

    Outcome route(Envelope envelope, Invocation invocation) {
        return switch (envelope) {
            case Envelope.Invalid invalid -> new Outcome.Rejected(invalid.reason());
            case Envelope.BuildStateChange change -> {
                try {
                    yield waitingForOthers(() -> builds.get().handle(change.event(), invocation), invocation);
                } catch (PermanentFailure e) {
                    // the build or its commit does not exist: nothing a retry could change
                    yield new Outcome.Rejected(e.getMessage());
                }
            }
            case Envelope.Schedule schedule ->
                    new Outcome.Reconciled(reconciler.get().reconcile(invocation).summary());
        };
    }

    /** Waits a few seconds for another invocation of the same notification to finish, before failing. */
    private Outcome waitingForOthers(Supplier<Outcome> handle, Invocation invocation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return handle.get();
            } catch (HeldElsewhere e) {
                if (attempt >= WAITS_FOR_OTHERS || !patience.pause(invocation.deadline(), Duration.ofSeconds(1))) {
                    throw e;
                }
            }
        }
    }
}
