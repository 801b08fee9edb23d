package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.build.Build;
import io.codebuildnotifier.build.BuildStatus;
import io.codebuildnotifier.build.Builds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.ExportedEnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.ListBuildsForProjectResponse;
import software.amazon.awssdk.services.codebuild.model.SortOrderType;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;

/** Builds from CodeBuild's BatchGetBuilds. */
public final class CodeBuildBuilds implements Builds {
    private final CodeBuildClient client;
    private final List<String> projects;

    /**
     * @param projects the projects the reconciliation watches; empty for every project of the account
     */
    public CodeBuildBuilds(CodeBuildClient client, List<String> projects) {
        this.client = client;
        this.projects = List.copyOf(projects);
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

    @Override
    public List<Build> finishedBetween(Instant from, Instant to) {
        List<Build> finished = new ArrayList<>();
        try {
            for (String project : watchedProjects()) {
                finished.addAll(finishedBetween(project, from, to));
            }
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeBuild ListBuildsForProject", e);
        }
        return finished;
    }

    private List<String> watchedProjects() {
        if (!projects.isEmpty()) {
            return projects;
        }
        List<String> all = new ArrayList<>();
        client.listProjectsPaginator(r -> r.sortBy("NAME")).projects().forEach(all::add);
        return all;
    }

    /** Newest first, until the builds are too old to have finished in the window. */
    private List<Build> finishedBetween(String project, Instant from, Instant to) {
        List<Build> finished = new ArrayList<>();
        for (ListBuildsForProjectResponse page : client.listBuildsForProjectPaginator(r -> r.projectName(project)
                .sortOrder(SortOrderType.DESCENDING))) {
            if (page.ids().isEmpty()) {
                break;
            }
            boolean older = true;
            for (software.amazon.awssdk.services.codebuild.model.Build b
                    : client.batchGetBuilds(r -> r.ids(page.ids())).builds()) {
                Instant start = b.startTime() == null ? Instant.EPOCH : b.startTime();
                long timeout = b.timeoutInMinutes() == null ? 60 : b.timeoutInMinutes();
                older &= start.plus(Duration.ofMinutes(timeout + 60)).isBefore(from);
                Instant end = b.endTime();
                if (end != null && !end.isBefore(from) && end.isBefore(to)
                        && BuildStatus.parse(b.buildStatusAsString()).filter(BuildStatus::isOutcome).isPresent()) {
                    finished.add(toBuild(b));
                }
            }
            if (older) {
                break;
            }
        }
        return finished;
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
