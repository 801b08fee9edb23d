package io.codebuildnotifier.kernel;

/**
 * The event can never be processed: it is malformed, or names something that does not exist
 * (a build CodeBuild no longer knows, a repository or commit the git host does not know).
 * Retrying cannot help, so the invocation logs one line and succeeds.
 */
public final class PermanentFailure extends NotifierFailure {
    public PermanentFailure(String message) {
        super(message, null);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
