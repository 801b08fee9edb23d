package io.codebuildnotifier.sources.build;

import java.util.Objects;

/**
 * What the notifier needs from a "CodeBuild Build State Change" event.
 *
 * @param buildArn full build ARN ({@code arn:aws:codebuild:REGION:ACCOUNT:build/PROJECT:UUID})
 * @param status   the status the event reports; the raw text is kept for log lines
 */
public record BuildEvent(String buildArn, String status) {
    public BuildEvent {
        Objects.requireNonNull(buildArn, "buildArn");
        Objects.requireNonNull(status, "status");
    }

    /** {@code PROJECT:UUID}, from the ARN (or the value itself when it is already an id). */
    public String buildId() {
        int slash = buildArn.lastIndexOf("build/");
        return slash >= 0 ? buildArn.substring(slash + "build/".length()) : buildArn;
    }
}
