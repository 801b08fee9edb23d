package io.codebuildnotifier.sources.build;

import java.util.Objects;

/**
 * What the notifier needs from a "CodeBuild Build State Change" event.
 *
 * @param buildArn full build ARN ({@code arn:aws:codebuild:REGION:ACCOUNT:build/PROJECT:UUID})
 * @param status   the status the event reports; the raw text is kept for log lines
 * @param source   what a start event says of the source (empty values when it says nothing)
 */
public record BuildEvent(String buildArn, String status, Source source) {

    /** The event's {@code source.type}, {@code source.location} and {@code source-version}. */
    public record Source(String type, String location, String version) {
        public static final Source NONE = new Source("", "", "");

        public Source {
            type = type == null ? "" : type;
            location = location == null ? "" : location;
            version = version == null ? "" : version;
        }
    }

    public BuildEvent {
        Objects.requireNonNull(buildArn, "buildArn");
        Objects.requireNonNull(status, "status");
        source = source == null ? Source.NONE : source;
    }

    public BuildEvent(String buildArn, String status) {
        this(buildArn, status, Source.NONE);
    }

    /** {@code PROJECT:UUID}, from the ARN (or the value itself when it is already an id). */
    public String buildId() {
        int slash = buildArn.lastIndexOf("build/");
        return slash >= 0 ? buildArn.substring(slash + "build/".length()) : buildArn;
    }
}
