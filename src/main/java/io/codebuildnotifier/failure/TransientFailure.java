package io.codebuildnotifier.failure;

/**
 * A dependency is down, slow or throttling. The invocation fails so that Lambda retries it.
 */
public class TransientFailure extends RuntimeException {
    public TransientFailure(String message) {
        super(message);
    }

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
