package io.codebuildnotifier.sources.build;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A build as CodeBuild's BatchGetBuilds describes it, reduced to what the notifier uses.
 *
 * @param id               {@code PROJECT:UUID}
 * @param arn              full build ARN
 * @param projectCode      project name (the part of {@code id} before the colon)
 * @param startTime        when the build started
 * @param status           the build status
 * @param sourceVersion    what the build was asked to build ({@code pr/42}, a SHA, a branch...); may be empty
 * @param commit           the commit actually built ({@code resolvedSourceVersion}); may be empty
 * @param sourceType       {@code GITHUB}, {@code CODECOMMIT}, ...
 * @param sourceLocation   repository URL as configured on the project
 * @param initiator        who or what started the build
 * @param logLink          CloudWatch Logs deep link, may be empty
 * @param exportedVariables variables the buildspec exported (name to value)
 * @param phases           phases that did not succeed, in order (for the message)
 * @param endTime          when the build ended; {@code null} while it runs
 * @param buildNumber      the build's number in its project; 0 when not known
 * @param reportArns       the test and coverage reports the build produced
 */
public record Build(
        String id,
        String arn,
        String projectCode,
        Instant startTime,
        BuildStatus status,
        String sourceVersion,
        String commit,
        String sourceType,
        String sourceLocation,
        String initiator,
        String logLink,
        Map<String, String> exportedVariables,
        List<Phase> phases,
        Instant endTime,
        long buildNumber,
        List<String> reportArns) {

    /** A build without an end, number or reports (tests). */
    public Build(String id, String arn, String projectCode, Instant startTime, BuildStatus status,
                 String sourceVersion, String commit, String sourceType, String sourceLocation, String initiator,
                 String logLink, Map<String, String> exportedVariables, List<Phase> phases) {
        this(id, arn, projectCode, startTime, status, sourceVersion, commit, sourceType, sourceLocation, initiator,
                logLink, exportedVariables, phases, null, 0, List.of());
    }

    public Build {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(projectCode, "projectCode");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(status, "status");
        sourceVersion = sourceVersion == null ? "" : sourceVersion;
        commit = commit == null ? "" : commit;
        sourceType = sourceType == null ? "" : sourceType;
        sourceLocation = sourceLocation == null ? "" : sourceLocation;
        initiator = initiator == null ? "" : initiator;
        logLink = logLink == null ? "" : logLink;
        exportedVariables = exportedVariables == null ? Map.of() : Map.copyOf(exportedVariables);
        phases = phases == null ? List.of() : List.copyOf(phases);
        reportArns = reportArns == null ? List.of() : List.copyOf(reportArns);
    }

    /** How long it ran, when it has ended. */
    public java.util.Optional<java.time.Duration> duration() {
        if (endTime == null || endTime.isBefore(startTime)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.time.Duration.between(startTime, endTime));
    }

    /** Start time in epoch milliseconds, as the original's {@code CODEBUILD_START_TIME}. */
    public long startMillis() {
        return startTime.toEpochMilli();
    }

    /** Region, from the ARN ({@code arn:aws:codebuild:REGION:...}). */
    public String region() {
        return arnPart(3);
    }

    /** Account id, from the ARN. */
    public String account() {
        return arnPart(4);
    }

    private String arnPart(int index) {
        String[] parts = arn.split(":", 6);
        return parts.length > index ? parts[index] : "";
    }

    /**
     * A build phase that did not succeed.
     *
     * @param type    {@code BUILD}, {@code INSTALL}, ...
     * @param status  {@code FAILED}, {@code TIMED_OUT}, ...
     * @param message the phase context message, may be empty
     */
    public record Phase(String type, String status, String message) {
        public Phase {
            type = type == null ? "" : type;
            status = status == null ? "" : status;
            message = message == null ? "" : message;
        }
    }
}
