package io.codebuildnotifier.sources.pipeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A manual approval's state change, as either door delivers it: EventBridge's "CodePipeline Action
 * Execution State Change" (category {@code Approval}; it names the execution, never the token), or
 * the SNS notification the approval action sends to its {@code NotificationArn} (the token, the
 * review link, the custom data and the expiry; never the execution).
 *
 * @param executionId the pipeline execution, from EventBridge; empty from SNS
 * @param state       {@code STARTED}, {@code SUCCEEDED}, {@code FAILED}, {@code CANCELED}, {@code ABANDONED}
 *                    (SNS: always {@code STARTED})
 * @param time        when it happened (the envelope's {@code time}); may be null
 * @param token       the approval's token, from SNS; empty from EventBridge
 * @param expires     when it expires, from SNS; may be null
 * @param reviewLink  the approval's review link, from SNS; may be empty
 * @param customData  the approval's custom data, from SNS; may be empty
 * @param region      the pipeline's region
 * @param account     the pipeline's account; may be empty
 */
public record ApprovalEvent(Origin origin, String pipeline, String executionId, String stage, String action,
                            String state, Instant time, String token, Instant expires, String reviewLink,
                            String customData, String region, String account) {
    public enum Origin { EVENTBRIDGE, SNS }

    public ApprovalEvent {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(action, "action");
        executionId = executionId == null ? "" : executionId;
        state = state == null ? "" : state;
        token = token == null ? "" : token;
        reviewLink = reviewLink == null ? "" : reviewLink;
        customData = customData == null ? "" : customData;
        region = region == null ? "" : region;
        account = account == null ? "" : account;
    }

    public Optional<String> execution() {
        return executionId.isEmpty() ? Optional.empty() : Optional.of(executionId);
    }

    /** Everything but the token, which is never shown or logged. */
    @Override
    public String toString() {
        return "ApprovalEvent[origin=" + origin + ", pipeline=" + pipeline + ", executionId=" + executionId + ", stage="
                + stage + ", action=" + action + ", state=" + state + ", time=" + time + ", token="
                + (token.isEmpty() ? "" : "(hidden)") + ", expires=" + expires + ", region=" + region + "]";
    }
}
