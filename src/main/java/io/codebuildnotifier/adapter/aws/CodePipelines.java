package io.codebuildnotifier.adapter.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.kernel.Deadline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionResult;
import software.amazon.awssdk.services.codepipeline.model.ArtifactRevision;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineStateResponse;
import software.amazon.awssdk.services.codepipeline.model.ListActionExecutionsRequest;
import software.amazon.awssdk.services.codepipeline.model.ListActionExecutionsResponse;
import software.amazon.awssdk.services.codepipeline.model.ListPipelinesResponse;
import software.amazon.awssdk.services.codepipeline.model.OutputArtifact;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineSummary;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * CodePipeline through the AWS SDK: {@code GetPipeline}, {@code GetPipelineExecution},
 * {@code ListActionExecutions}, {@code GetPipelineState} and {@code ListPipelines}. A pipeline or an
 * execution CodePipeline does not know is empty; an outage or throttling is transient; a call the
 * function's role may not make is permanent, its message naming the IAM action to grant.
 *
 * <p>{@code GetPipelineExecution} gives no times: an {@link Execution}'s {@code startTime} and
 * {@code lastUpdate} are null here (its action runs have them).
 */
public final class CodePipelines implements Pipelines {
    /** Pages of one execution's action runs read at most (100 each: far more than any pipeline has). */
    static final int MAX_PAGES = 10;
    /** ListPipelines pages read at most (100 pipelines each by default). */
    static final int MAX_LIST_PAGES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<CodePipelineClient> clients;

    /** @param clients the client, built when first needed */
    public CodePipelines(Supplier<CodePipelineClient> clients) {
        this.clients = clients;
    }

    @Override
    public Optional<Definition> definition(String pipeline, Deadline deadline) {
        PipelineDeclaration declaration;
        try {
            declaration = clients.get().getPipeline(r -> r.name(pipeline)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline GetPipeline"))).pipeline();
        } catch (PipelineNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GetPipeline", "pipeline " + pipeline, e);
        }
        if (declaration == null) {
            return Optional.empty();
        }
        List<Action> actions = new ArrayList<>();
        for (StageDeclaration stage : declaration.stages()) {
            if (stage == null || stage.name() == null) {
                continue; // CodePipeline names every stage; one without a name is nothing a message could name
            }
            for (ActionDeclaration action : stage.actions()) {
                if (action == null || action.name() == null) {
                    continue;
                }
                java.util.Map<String, String> configuration = new java.util.HashMap<>();
                action.configuration().forEach((key, value) -> {
                    if (key != null && value != null) {
                        configuration.put(key, value);
                    }
                });
                actions.add(new Action(stage.name(), action.name(),
                        action.actionTypeId() == null ? "" : action.actionTypeId().categoryAsString(),
                        action.actionTypeId() == null ? "" : action.actionTypeId().provider(),
                        configuration,
                        action.outputArtifacts().stream().filter(a -> a != null).map(OutputArtifact::name)
                                .filter(n -> n != null).toList(),
                        action.timeoutInMinutes() == null ? null
                                : java.time.Duration.ofMinutes(action.timeoutInMinutes())));
            }
        }
        return Optional.of(new Definition(declaration.name() == null ? pipeline : declaration.name(), actions));
    }

    @Override
    public Optional<Execution> execution(String pipeline, String executionId, Deadline deadline) {
        PipelineExecution execution;
        try {
            execution = clients.get().getPipelineExecution(r -> r.pipelineName(pipeline)
                    .pipelineExecutionId(executionId)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline GetPipelineExecution")))
                    .pipelineExecution();
        } catch (PipelineNotFoundException | PipelineExecutionNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GetPipelineExecution", "pipeline " + pipeline, e);
        }
        if (execution == null) {
            return Optional.empty();
        }
        List<SourceRevision> revisions = execution.artifactRevisions().stream().filter(r -> r != null)
                .map(CodePipelines::revision).toList();
        return Optional.of(new Execution(execution.pipelineExecutionId() == null ? executionId
                : execution.pipelineExecutionId(), execution.statusAsString(),
                execution.trigger() == null ? "" : execution.trigger().triggerTypeAsString(),
                execution.trigger() == null ? "" : execution.trigger().triggerDetail(), null, null, revisions));
    }

    static SourceRevision revision(ArtifactRevision r) {
        return new SourceRevision(r.name(), r.revisionId(), summary(r.revisionSummary()), url(r.revisionUrl()));
    }

    /**
     * A link CodePipeline gives (a revision's): kept when it is a well-formed {@code https} URL that a message can carry
     * as it is (no space, control or markup character, at most 2,000 characters), else none.
     */
    static String url(String url) {
        if (url == null || url.length() > 2000 || !url.startsWith("https://")
                || url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || "<>|\"\\`^{}".indexOf(c) >= 0)) {
            return "";
        }
        try {
            return java.net.URI.create(url).getHost() == null ? "" : url;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * A revision's summary as a subject: a connection's JSON ({@code {"ProviderType":"GitHub","CommitMessage":"..."}})
     * read to its message; the message's first line.
     */
    static String summary(String summary) {
        if (summary == null || summary.isBlank()) {
            return "";
        }
        String text = summary.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node != null && node.isObject()) {
                    text = node.path("CommitMessage").asText("");
                }
            } catch (IOException e) {
                // not JSON after all: the summary as it is
            }
        }
        return Commit.subjectOf(text);
    }

    @Override
    public List<ActionRun> actionRuns(String pipeline, String executionId, Deadline deadline) {
        return list(pipeline, Optional.of(executionId), 100, MAX_PAGES * 100, deadline);
    }

    @Override
    public List<ActionRun> recentActionRuns(String pipeline, int limit, Deadline deadline) {
        if (limit <= 0) {
            return List.of();
        }
        return list(pipeline, Optional.empty(), Math.min(limit, 100), limit, deadline);
    }

    private List<ActionRun> list(String pipeline, Optional<String> executionId, int pageSize, int limit,
                                 Deadline deadline) {
        List<ActionRun> runs = new ArrayList<>();
        String next = null;
        try {
            for (int page = 0; page < MAX_PAGES && runs.size() < limit; page++) {
                String token = next;
                ListActionExecutionsRequest.Builder request = ListActionExecutionsRequest.builder()
                        .pipelineName(pipeline).maxResults(pageSize).nextToken(token)
                        .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline ListActionExecutions"));
                executionId.ifPresent(id -> request.filter(f -> f.pipelineExecutionId(id)));
                ListActionExecutionsResponse response = clients.get().listActionExecutions(request.build());
                for (ActionExecutionDetail detail : response.actionExecutionDetails()) {
                    if (detail != null && runs.size() < limit) {
                        runs.add(run(detail));
                    }
                }
                next = response.nextToken();
                if (next == null || next.isEmpty()) {
                    break;
                }
            }
        } catch (PipelineNotFoundException | PipelineExecutionNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw failure("ListActionExecutions", "pipeline " + pipeline, e);
        }
        return runs;
    }

    static ActionRun run(ActionExecutionDetail d) {
        ActionExecutionResult result = d.output() == null ? null : d.output().executionResult();
        var type = d.input() == null ? null : d.input().actionTypeId();
        return new ActionRun(d.pipelineExecutionId(), d.stageName(), d.actionName(),
                type == null ? "" : type.categoryAsString(), type == null ? "" : type.provider(),
                d.statusAsString(), d.startTime(), d.lastUpdateTime(),
                result == null ? "" : result.externalExecutionId(),
                result == null ? "" : result.externalExecutionUrl(),
                result == null ? "" : result.externalExecutionSummary(),
                result == null || result.errorDetails() == null ? "" : result.errorDetails().code(),
                d.updatedBy(), d.actionExecutionId(),
                result == null || result.errorDetails() == null ? "" : result.errorDetails().message());
    }

    @Override
    public List<ActionState> state(String pipeline, Deadline deadline) {
        GetPipelineStateResponse response;
        try {
            response = clients.get().getPipelineState(r -> r.name(pipeline)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline GetPipelineState")));
        } catch (PipelineNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw failure("GetPipelineState", "pipeline " + pipeline, e);
        }
        List<ActionState> states = new ArrayList<>();
        for (StageState stage : response.stageStates()) {
            if (stage == null) {
                continue;
            }
            String stageExecution = stage.latestExecution() == null ? "" : stage.latestExecution().pipelineExecutionId();
            for (software.amazon.awssdk.services.codepipeline.model.ActionState action : stage.actionStates()) {
                if (action == null) {
                    continue;
                }
                var latest = action.latestExecution();
                states.add(new ActionState(stage.stageName(), action.actionName(), stageExecution,
                        latest == null ? "" : latest.statusAsString(), latest == null ? "" : latest.token(),
                        latest == null ? "" : latest.summary(), latest == null ? "" : latest.lastUpdatedBy(),
                        latest == null ? null : latest.lastStatusChange(),
                        latest == null ? "" : latest.actionExecutionId()));
            }
        }
        return states;
    }

    @Override
    public List<String> names(Deadline deadline) {
        List<String> names = new ArrayList<>();
        try {
            String next = null;
            int pages = 0;
            do {
                if (++pages > MAX_LIST_PAGES) {
                    break; // far more pipelines than an account holds, or a token that never ends
                }
                String token = next;
                ListPipelinesResponse response = clients.get().listPipelines(r -> r.nextToken(token)
                        .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline ListPipelines")));
                response.pipelines().stream().map(PipelineSummary::name).filter(n -> n != null).forEach(names::add);
                next = response.nextToken();
            } while (next != null && !next.isEmpty());
        } catch (SdkException e) {
            throw failure("ListPipelines", "the account's pipelines", e);
        }
        return names;
    }

    /**
     * Access denied is a misconfiguration (a grant is missing: the invocation fails loudly, and the event can be
     * redriven once the role is fixed), and says which IAM action is missing; the rest as {@link AwsErrors} sorts it.
     */
    private static RuntimeException failure(String operation, String resource, SdkException e) {
        return AwsErrors.classify("CodePipeline " + operation, "codepipeline:" + operation, resource,
                "grant it and redrive the event", e);
    }
}
