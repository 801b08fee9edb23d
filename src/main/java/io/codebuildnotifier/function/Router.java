package io.codebuildnotifier.function;

import io.codebuildnotifier.kernel.HeldElsewhere;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sources.build.BuildNotifier;
import io.codebuildnotifier.sources.build.Reconciler;
import io.codebuildnotifier.sources.deploy.DeploymentNotifier;
import io.codebuildnotifier.sources.pipeline.ApprovalNotifier;
import io.codebuildnotifier.sources.pipeline.RunNotifier;
import io.codebuildnotifier.sources.push.PushNotifier;
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
    private final Chain chain;
    private final Patience patience;

    /** The delivery chain's sources, each built when its first event comes, and which are turned on. */
    record Chain(Settings.Chain on, Supplier<ApprovalNotifier> approvals, Supplier<RunNotifier> runs,
                 Supplier<DeploymentNotifier> deployments, Supplier<PushNotifier> pushes) {
    }

    /** Builds only: every kind of the delivery chain is off. */
    Router(Supplier<BuildNotifier> builds, Supplier<Reconciler> reconciler, Patience patience) {
        this(builds, reconciler, new Chain(new Settings.Chain(false, false, false, false, java.util.Map.of(),
                java.util.List.of()), null, null, null, null), patience);
    }

    Router(Supplier<BuildNotifier> builds, Supplier<Reconciler> reconciler, Chain chain, Patience patience) {
        this.builds = builds;
        this.reconciler = reconciler;
        this.chain = chain;
        this.patience = patience;
    }

    Outcome route(Envelope envelope, Invocation invocation) {
        return switch (envelope) {
            case Envelope.Invalid invalid -> new Outcome.Rejected(invalid.reason());
            // the build or its commit does not exist: nothing a retry could change
            case Envelope.BuildStateChange change -> permanent(() -> waitingForOthers(() -> builds.get().handle(
                    change.event(), invocation), invocation));
            case Envelope.Approval a -> !chain.on().approvals() ? off(envelope, Option.NOTIFY_APPROVALS)
                    : permanent(() -> waitingForOthers(() -> chain.approvals().get().handle(a.event(), invocation),
                    invocation));
            case Envelope.PipelineRun r -> !chain.on().pipelines() ? off(envelope, Option.NOTIFY_PIPELINES)
                    : permanent(() -> waitingForOthers(() -> chain.runs().get().handle(r.event(), invocation),
                    invocation));
            case Envelope.Deployment d -> !chain.on().deployments() ? off(envelope, Option.NOTIFY_DEPLOYMENTS)
                    : permanent(() -> waitingForOthers(() -> chain.deployments().get().handle(d.event(), invocation),
                    invocation));
            case Envelope.Push p -> !chain.on().pushes() ? off(envelope, Option.NOTIFY_PUSHES)
                    : permanent(() -> pushes(p, invocation));
            case Envelope.Schedule schedule ->
                    new Outcome.Reconciled(reconciler.get().reconcile(invocation).summary());
        };
    }

    /** A trigger's references one by one; the outcome of the first that told anyone (or the last). */
    private Outcome pushes(Envelope.Push push, Invocation invocation) {
        Outcome result = null;
        var notifier = chain.pushes().get(); // one for all the trigger's references
        for (var event : push.events()) {
            Outcome outcome = waitingForOthers(() -> notifier.handle(event, invocation), invocation);
            if (result == null || !(result instanceof Outcome.Told told && told.decision().notifies())) {
                result = outcome;
            }
        }
        return result;
    }

    private static Outcome off(Envelope envelope, Option option) {
        return new Outcome.Ignored(Envelope.subject(envelope), option.variable() + " is false");
    }

    /** What no retry could change (a pipeline or deployment that does not exist) is rejected. */
    private static Outcome permanent(Supplier<Outcome> handle) {
        try {
            return handle.get();
        } catch (PermanentFailure e) {
            return new Outcome.Rejected(e.getMessage());
        }
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
