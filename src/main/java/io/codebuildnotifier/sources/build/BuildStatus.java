package io.codebuildnotifier.sources.build;

import java.util.Locale;
import java.util.Optional;

/** A CodeBuild build status, as in the API's {@code StatusType}. */
public enum BuildStatus {
    SUCCEEDED, FAILED, FAULT, TIMED_OUT, STOPPED, IN_PROGRESS;

    public static Optional<BuildStatus> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A pass or a failure: the statuses that are recorded and may notify. */
    public boolean isOutcome() {
        return this != STOPPED && this != IN_PROGRESS;
    }

    public boolean passed() {
        return this == SUCCEEDED;
    }

    /** "passed", "failed", "timed out", "faulted", for people. */
    public String label() {
        return switch (this) {
            case SUCCEEDED -> "passed";
            case FAILED -> "failed";
            case FAULT -> "faulted";
            case TIMED_OUT -> "timed out";
            case STOPPED -> "stopped";
            case IN_PROGRESS -> "in progress";
        };
    }
}
