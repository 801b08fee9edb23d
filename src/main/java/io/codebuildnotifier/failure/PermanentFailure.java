package io.codebuildnotifier.failure;

/**
 * The event can never be processed: it is malformed, or names something that does not exist
 * (a build CodeBuild no longer knows, a repository or commit the git host does not know).
 * Retrying cannot help, so the invocation logs one line and succeeds.
 */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
