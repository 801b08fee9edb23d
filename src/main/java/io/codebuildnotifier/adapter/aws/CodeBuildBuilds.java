package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.build.Build;
import io.codebuildnotifier.build.BuildStatus;
import io.codebuildnotifier.build.Builds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.ExportedEnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;

/** Builds from CodeBuild's BatchGetBuilds. */
public final class CodeBuildBuilds implements Builds {
    private final CodeBuildClient client;

    public CodeBuildBuilds(CodeBuildClient client) {
        this.client = client;
    }

    @Override
    public Optional<Build> find(String buildArn) {
        BatchGetBuildsResponse response;
        try {
            response = client.batchGetBuilds(r -> r.ids(buildArn));
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeBuild BatchGetBuilds", e);
        }
        return response.builds().stream().findFirst().map(CodeBuildBuilds::toBuild);
    }

    static Build toBuild(software.amazon.awssdk.services.codebuild.model.Build b) {
        String id = b.id() == null ? "" : b.id();
        String project = b.projectName() != null ? b.projectName()
                : id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
        Map<String, String> exported = new LinkedHashMap<>();
        for (ExportedEnvironmentVariable v : b.exportedEnvironmentVariables()) {
            if (v.name() != null && v.value() != null) {
                exported.put(v.name(), v.value());
            }
        }
        List<Build.Phase> phases = b.phases().stream()
                .filter(p -> p.phaseStatus() != null)
                .map(CodeBuildBuilds::toPhase)
                .toList();
        return new Build(id, b.arn() == null ? id : b.arn(), project,
                b.startTime() == null ? Instant.EPOCH : b.startTime(),
                BuildStatus.parse(b.buildStatusAsString()).orElse(BuildStatus.IN_PROGRESS),
                b.sourceVersion(), b.resolvedSourceVersion(),
                b.source() == null ? "" : b.source().typeAsString(),
                b.source() == null ? "" : b.source().location(),
                b.initiator(),
                b.logs() == null ? "" : b.logs().deepLink(),
                exported, phases);
    }

    private static Build.Phase toPhase(BuildPhase p) {
        String message = p.contexts().stream()
                .map(PhaseContext::message)
                .filter(m -> m != null && !m.isBlank())
                .findFirst().orElse("");
        return new Build.Phase(p.phaseTypeAsString(), p.phaseStatusAsString(), message);
    }
}
