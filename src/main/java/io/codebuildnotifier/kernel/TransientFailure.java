package io.codebuildnotifier.kernel;

import java.time.Duration;
import java.util.Optional;

/**
 * A dependency is down, slow or throttling. The invocation fails so that Lambda retries it.
 * When the dependency said how long to wait (Slack's {@code Retry-After}), that is kept.
 */
public non-sealed class TransientFailure extends NotifierFailure {
    private final Duration retryAfter;

    public TransientFailure(String message) {
        this(message, null, null);
    }

    public TransientFailure(String message, Throwable cause) {
        this(message, cause, null);
    }

    public TransientFailure(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
