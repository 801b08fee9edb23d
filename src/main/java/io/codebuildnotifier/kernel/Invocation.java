package io.codebuildnotifier.kernel;

import java.util.Objects;

/**
 * One attempt at handling an event.
 *
 * @param id       unique per attempt chain (Lambda's request id, which its retries keep)
 * @param deadline when the attempt will be stopped
 */
public record Invocation(String id, Deadline deadline) {
    public Invocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deadline, "deadline");
    }
}
