package io.codebuildnotifier.sources.push;

import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Outcome;

/** Placeholder: the push source's notifier (being built). */
public final class PushNotifier {
    public Outcome handle(PushEvent event, Invocation invocation) {
        return new Outcome.Ignored("push", "not built yet");
    }
}
