package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Outcome;

/** Placeholder: the pipeline source's notifier (being built). */
public final class RunNotifier {
    public Outcome handle(PipelineRunEvent event, Invocation invocation) {
        return new Outcome.Ignored("pipeline", "not built yet");
    }
}
