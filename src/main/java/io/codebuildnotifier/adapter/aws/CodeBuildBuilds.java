package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.BuildStatus;
import io.codebuildnotifier.sources.build.Builds;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.ExportedEnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.SortOrderType;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.ResourceNotFoundException;

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
    public Optional<Build> find(String buildArn, Deadline deadline) {
        BatchGetBuildsResponse response;
        try {
            response = client.batchGetBuilds(r -> r.ids(buildArn)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodeBuild BatchGetBuilds")));
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeBuild BatchGetBuilds", e);
        }
        return response.builds().stream().findFirst().map(CodeBuildBuilds::toBuild);
    }

    /**
     * For a SnapStart snapshot, after a BatchGetBuilds whose answer was empty: loads the model of an
     * answer that has a build (every structure BatchGetBuilds can answer with) and reads a build made
     * here, as a first real answer would be read. No call.
     *
     * @return how many structures were loaded
     */
    public static int primeModel() {
        int loaded = SdkModels.load(BatchGetBuildsResponse::builder);
        toBuild(software.amazon.awssdk.services.codebuild.model.Build.builder()
                .id("priming:00000000-0000-4000-8000-000000000000").projectName("priming")
                .arn("arn:aws:codebuild:us-east-1:000000000000:build/priming:00000000-0000-4000-8000-000000000000")
                .startTime(Instant.EPOCH).endTime(Instant.EPOCH).buildStatus("FAILED").sourceVersion("pr/1")
                .resolvedSourceVersion("0123456789abcdef0123456789abcdef01234567").initiator("priming")
                .source(s -> s.type("GITHUB").location("https://github.com/priming/priming.git"))
                .logs(l -> l.deepLink("https://console.aws.amazon.com/cloudwatch/home"))
                .exportedEnvironmentVariables(v -> v.name("CODEBUILD_WEBHOOK_TRIGGER").value("pr/1"))
                .phases(p -> p.phaseType("BUILD").phaseStatus("FAILED").contexts(c -> c.statusCode("COMMAND_EXECUTION_ERROR")
                        .message("Error while executing command: ./priming. Reason: exit status 1")))
                .build());
        return loaded;
    }

    @Override
    public Finished finishedBetween(Instant from, Instant to, Instant stopBy, Deadline deadline) {
        List<Build> finished = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        if (projects.isEmpty()) {
            // every project: one account-wide listing, newest first
            try {
                scan(client.listBuildsPaginator(r -> r.sortOrder(SortOrderType.DESCENDING)
                                .overrideConfiguration(AwsCalls.within(deadline, "CodeBuild ListBuilds"))).ids().iterator(),
                        from, to, stopBy, deadline, finished);
            } catch (SdkException e) {
                throw AwsErrors.classify("CodeBuild ListBuilds", e);
            }
            return new Finished(finished, unknown);
        }
        for (String project : projects) {
            try {
                scan(client.listBuildsForProjectPaginator(r -> r.projectName(project)
                        .sortOrder(SortOrderType.DESCENDING)
                        .overrideConfiguration(AwsCalls.within(deadline, "CodeBuild ListBuildsForProject")))
                        .ids().iterator(), from, to, stopBy, deadline, finished);
            } catch (ResourceNotFoundException e) {
                unknown.add(project); // named in the report; the other projects are still reconciled
            } catch (SdkException e) {
                throw AwsErrors.classify("CodeBuild ListBuildsForProject for project '" + project + "'", e);
            }
        }
        return new Finished(finished, unknown);
    }

    /** Builds fetched per call when scanning; small, so that the scan stops soon after the window. */
    static final int CHUNK = 25;

    /**
     * Reads build ids newest first, in chunks, until a whole chunk is too old to have finished in
     * the window (started before it by more than the longest it could have queued and run), or
     * until {@code stopBy}.
     */
    private void scan(Iterator<String> ids, Instant from, Instant to, Instant stopBy, Deadline deadline,
                      List<Build> finished) {
        while (ids.hasNext() && deadline.clock().instant().isBefore(stopBy)) {
            List<String> chunk = new ArrayList<>(CHUNK);
            while (ids.hasNext() && chunk.size() < CHUNK) {
                chunk.add(ids.next());
            }
            boolean older = true;
            List<software.amazon.awssdk.services.codebuild.model.Build> found;
            try {
                found = client.batchGetBuilds(r -> r.ids(chunk)
                        .overrideConfiguration(AwsCalls.within(deadline, "CodeBuild BatchGetBuilds"))).builds();
            } catch (SdkException e) {
                throw AwsErrors.classify("CodeBuild BatchGetBuilds", e);
            }
            for (software.amazon.awssdk.services.codebuild.model.Build b : found) {
                Instant start = b.startTime() == null ? Instant.EPOCH : b.startTime();
                long longest = (b.timeoutInMinutes() == null ? 60 : b.timeoutInMinutes())
                        + (b.queuedTimeoutInMinutes() == null ? 480 : b.queuedTimeoutInMinutes());
                older &= start.plus(Duration.ofMinutes(longest)).isBefore(from);
                Instant end = b.endTime();
                if (end != null && !end.isBefore(from) && end.isBefore(to)
                        && BuildStatus.parse(b.buildStatusAsString()).filter(BuildStatus::isOutcome).isPresent()) {
                    finished.add(toBuild(b));
                }
            }
            if (older) {
                return;
            }
        }
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
                exported, phases, b.endTime(), b.buildNumber() == null ? 0 : b.buildNumber(),
                b.reportArns());
    }

    private static Build.Phase toPhase(BuildPhase p) {
        String message = p.contexts().stream()
                .map(PhaseContext::message)
                .filter(m -> m != null && !m.isBlank())
                .findFirst().orElse("");
        return new Build.Phase(p.phaseTypeAsString(), p.phaseStatusAsString(), message);
    }
}
