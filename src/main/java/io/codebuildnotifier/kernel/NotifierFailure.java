package io.codebuildnotifier.kernel;

/**
 * Why an event could not be handled, by what retrying can do about it: a
 * {@link TransientFailure} may pass (retry), a {@link PermanentFailure} never will (log and
 * drop), a {@link MisconfigurationFailure} needs an operator (fail loudly, say what to fix).
 */
public abstract sealed class NotifierFailure extends RuntimeException
        permits TransientFailure, PermanentFailure, MisconfigurationFailure {

    protected NotifierFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
