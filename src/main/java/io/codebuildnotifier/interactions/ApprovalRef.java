package io.codebuildnotifier.interactions;

import java.util.Objects;

/** Which approval request: the pipeline, stage and action, and the execution it waits in. */
public record ApprovalRef(String pipeline, String stage, String action, String executionId) {
    public ApprovalRef {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(action, "action");
        executionId = executionId == null ? "" : executionId;
    }
}
