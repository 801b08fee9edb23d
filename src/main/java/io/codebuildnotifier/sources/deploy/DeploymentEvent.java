package io.codebuildnotifier.sources.deploy;

import java.time.Instant;
import java.util.Objects;

/**
 * A CodeDeploy deployment's state, as either door delivers it: EventBridge's "CodeDeploy Deployment
 * State-change Notification", or the SNS message of a CodeDeploy trigger. Either way the details come
 * from {@code GetDeployment}.
 *
 * @param state  EventBridge's {@code START}, {@code SUCCESS}, {@code FAILURE}, {@code STOP}, {@code READY}; a
 *               trigger's status is read to the same words ({@code SUCCEEDED} → {@code SUCCESS}, {@code FAILED} →
 *               {@code FAILURE}, {@code STOPPED} → {@code STOP}, {@code CREATED}/{@code IN_PROGRESS} → {@code START})
 * @param time   the envelope's {@code time}, or the trigger's completion time; may be null
 */
public record DeploymentEvent(Origin origin, String application, String deploymentGroup, String deploymentId,
                              String state, Instant time, String region, String account) {
    public enum Origin { EVENTBRIDGE, SNS }

    public DeploymentEvent {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(deploymentId, "deploymentId");
        application = application == null ? "" : application;
        deploymentGroup = deploymentGroup == null ? "" : deploymentGroup;
        state = state == null ? "" : state;
        region = region == null ? "" : region;
        account = account == null ? "" : account;
    }
}
