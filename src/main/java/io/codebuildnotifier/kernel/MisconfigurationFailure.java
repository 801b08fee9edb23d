package io.codebuildnotifier.kernel;

/**
 * The deployment is wrong (missing secret, revoked Slack token, missing table, bad setting).
 * The invocation fails loudly with a message that says what to fix; it is never treated
 * as "nothing to notify".
 */
public non-sealed class MisconfigurationFailure extends NotifierFailure {
    public MisconfigurationFailure(String message) {
        super(message, null);
    }

    public MisconfigurationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
