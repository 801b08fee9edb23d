package io.codebuildnotifier.sources.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * A "CodePipeline Pipeline Execution State Change" event.
 *
 * @param state         {@code STARTED}, {@code STOPPING}, {@code STOPPED}, {@code SUCCEEDED}, {@code FAILED},
 *                      {@code SUPERSEDED}, {@code CANCELED}, {@code RESUMED}
 * @param triggerType   the event's {@code execution-trigger.trigger-type}; may be empty
 * @param triggerDetail the event's {@code execution-trigger.trigger-detail}; may be empty
 * @param time          the envelope's {@code time}; may be null
 */
public record PipelineRunEvent(String pipeline, String executionId, String state, String triggerType,
                               String triggerDetail, Instant time, String region, String account) {
    public PipelineRunEvent {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(executionId, "executionId");
        state = state == null ? "" : state;
        triggerType = triggerType == null ? "" : triggerType;
        triggerDetail = triggerDetail == null ? "" : triggerDetail;
        region = region == null ? "" : region;
        account = account == null ? "" : account;
    }
}
