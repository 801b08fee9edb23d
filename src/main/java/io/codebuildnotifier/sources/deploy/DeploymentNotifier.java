package io.codebuildnotifier.sources.deploy;

import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Outcome;

/** Placeholder: the deploy source's notifier (being built). */
public final class DeploymentNotifier {
    public Outcome handle(DeploymentEvent event, Invocation invocation) {
        return new Outcome.Ignored("deploy", "not built yet");
    }
}
