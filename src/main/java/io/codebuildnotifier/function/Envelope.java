package io.codebuildnotifier.function;

import io.codebuildnotifier.sources.build.BuildEvent;

/** What an event delivered to the events function carries; each kind has its route. */
sealed interface Envelope {

    /** A "CodeBuild Build State Change" event. */
    record BuildStateChange(BuildEvent event) implements Envelope {
    }

    /** The reconciliation schedule fired. */
    record Schedule() implements Envelope {
    }

    /** Not an event the notifier can act on, and why. */
    record Invalid(String reason) implements Envelope {
    }
}
