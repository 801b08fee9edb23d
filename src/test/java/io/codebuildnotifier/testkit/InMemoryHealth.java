package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.Health;
import io.codebuildnotifier.kernel.Deadline;

/** The notifier's health as a test sets it; {@link Health.Report#UNKNOWN} until then. */
public final class InMemoryHealth implements Health {
    private volatile Report report = Report.UNKNOWN;

    public InMemoryHealth set(Report report) {
        this.report = report;
        return this;
    }

    @Override
    public Report read(Deadline deadline) {
        return report;
    }
}
