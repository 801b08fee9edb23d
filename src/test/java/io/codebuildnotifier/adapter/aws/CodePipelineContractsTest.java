package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.chain.Pipelines.ActionRun;
import io.codebuildnotifier.chain.Pipelines.ActionState;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.testkit.PipelinesContract;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** The Pipelines contract on {@link CodePipelines}, through the real SDK against the sandbox's CodePipeline. */
class CodePipelineContractsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static CodePipelineClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        client = CodePipelineClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                // no retries of its own: the fault tests count on one attempt per call
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }

    private static double seconds(Instant time) {
        return time.getEpochSecond() + time.getNano() / 1e9;
    }

    /** A definition as GetPipeline's {@code pipeline}. */
    static ObjectNode declaration(Pipelines.Definition definition) {
        ObjectNode pipeline = JSON.createObjectNode().put("name", definition.name())
                .put("roleArn", "arn:aws:iam::123456789012:role/codepipeline").put("version", 1)
                .put("pipelineType", "V2").put("executionMode", "QUEUED");
        pipeline.putObject("artifactStore").put("type", "S3").put("location", "codepipeline-artifacts");
        ArrayNode stages = pipeline.putArray("stages");
        Map<String, ArrayNode> byStage = new LinkedHashMap<>();
        for (Pipelines.Action action : definition.actions()) {
            ArrayNode actions = byStage.computeIfAbsent(action.stage(), stage -> stages.addObject().put("name", stage)
                    .putArray("actions"));
            ObjectNode a = actions.addObject().put("name", action.name()).put("runOrder", 1);
            a.putObject("actionTypeId").put("category", action.category()).put("owner", "AWS")
                    .put("provider", action.provider()).put("version", "1");
            ObjectNode configuration = a.putObject("configuration");
            action.configuration().forEach(configuration::put);
            ArrayNode outputs = a.putArray("outputArtifacts");
            action.outputs().forEach(o -> outputs.addObject().put("name", o));
            a.putArray("inputArtifacts");
            action.declaredTimeout().ifPresent(t -> a.put("timeoutInMinutes", t.toMinutes()));
        }
        return pipeline;
    }

    /** An execution as GetPipelineExecution's {@code pipelineExecution}. */
    static ObjectNode execution(String pipeline, Pipelines.Execution execution) {
        ObjectNode e = JSON.createObjectNode().put("pipelineName", pipeline).put("pipelineVersion", 1)
                .put("pipelineExecutionId", execution.id()).put("status", execution.status())
                .put("executionMode", "QUEUED").put("executionType", "STANDARD");
        ArrayNode revisions = e.putArray("artifactRevisions");
        for (Pipelines.SourceRevision r : execution.revisions()) {
            revisions.addObject().put("name", r.source()).put("revisionId", r.revisionId())
                    .put("revisionSummary", r.summary()).put("revisionUrl", r.url());
        }
        if (!execution.triggerType().isEmpty()) {
            e.putObject("trigger").put("triggerType", execution.triggerType())
                    .put("triggerDetail", execution.triggerDetail());
        }
        return e;
    }

    /** An action run as ListActionExecutions' {@code actionExecutionDetails[]} element. */
    static ObjectNode detail(ActionRun run) {
        ObjectNode d = JSON.createObjectNode().put("pipelineExecutionId", run.executionId())
                .put("pipelineVersion", 1)
                .put("stageName", run.stage()).put("actionName", run.action()).put("status", run.status());
        if (!run.actionExecutionId().isEmpty()) {
            d.put("actionExecutionId", run.actionExecutionId());
        }
        if (run.startTime() != null) {
            d.put("startTime", seconds(run.startTime()));
        }
        if (run.lastUpdate() != null) {
            d.put("lastUpdateTime", seconds(run.lastUpdate()));
        }
        if (!run.updatedBy().isEmpty()) {
            d.put("updatedBy", run.updatedBy());
        }
        ObjectNode input = d.putObject("input");
        input.putObject("actionTypeId").put("category", run.category()).put("owner", "AWS")
                .put("provider", run.provider()).put("version", "1");
        input.putObject("configuration");
        input.putArray("inputArtifacts");
        ObjectNode output = d.putObject("output");
        output.putArray("outputArtifacts");
        ObjectNode result = output.putObject("executionResult");
        if (!run.externalExecutionId().isEmpty()) {
            result.put("externalExecutionId", run.externalExecutionId());
        }
        if (!run.externalExecutionUrl().isEmpty()) {
            result.put("externalExecutionUrl", run.externalExecutionUrl());
        }
        if (!run.summary().isEmpty()) {
            result.put("externalExecutionSummary", run.summary());
        }
        if (!run.errorCode().isEmpty() || !run.errorMessage().isEmpty()) {
            ObjectNode error = result.putObject("errorDetails");
            if (!run.errorCode().isEmpty()) {
                error.put("code", run.errorCode());
            }
            if (!run.errorMessage().isEmpty()) {
                error.put("message", run.errorMessage());
            }
        }
        return d;
    }

    /** A state as GetPipelineState answers it: the actions grouped by stage, in order. */
    static ObjectNode state(List<ActionState> actions) {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode stages = state.putArray("stageStates");
        Map<String, ObjectNode> byStage = new LinkedHashMap<>();
        for (ActionState a : actions) {
            ObjectNode stage = byStage.computeIfAbsent(a.stage(), name -> {
                ObjectNode s = stages.addObject().put("stageName", name);
                if (!a.stageExecutionId().isEmpty()) {
                    s.putObject("latestExecution").put("pipelineExecutionId", a.stageExecutionId())
                            .put("status", "InProgress");
                }
                s.putArray("actionStates");
                return s;
            });
            ObjectNode action = ((ArrayNode) stage.get("actionStates")).addObject().put("actionName", a.action());
            if (!a.status().isEmpty()) {
                ObjectNode latest = action.putObject("latestExecution").put("status", a.status());
                if (!a.actionExecutionId().isEmpty()) {
                    latest.put("actionExecutionId", a.actionExecutionId());
                }
                if (!a.token().isEmpty()) {
                    latest.put("token", a.token());
                }
                if (!a.summary().isEmpty()) {
                    latest.put("summary", a.summary());
                }
                if (!a.lastUpdatedBy().isEmpty()) {
                    latest.put("lastUpdatedBy", a.lastUpdatedBy());
                }
                if (a.lastStatusChange() != null) {
                    latest.put("lastStatusChange", seconds(a.lastStatusChange()));
                }
            }
        }
        return state;
    }

    @Nested
    class Contract extends PipelinesContract {
        @Override
        protected Subject newSubject() {
            CodePipelines pipelines = new CodePipelines(() -> client);
            return new Subject() {
                @Override
                public Pipelines pipelines() {
                    return pipelines;
                }

                @Override
                public void put(Pipelines.Definition definition) {
                    sandbox.putPipeline(declaration(definition));
                }

                @Override
                public void put(String pipeline, Pipelines.Execution execution) {
                    sandbox.putPipelineExecution(pipeline, execution(pipeline, execution));
                }

                @Override
                public void runs(String pipeline, List<ActionRun> runs) {
                    List<ObjectNode> details = new ArrayList<>();
                    runs.forEach(r -> details.add(detail(r)));
                    sandbox.putActionExecutions(pipeline, details);
                }

                @Override
                public void state(String pipeline, List<ActionState> state) {
                    sandbox.putPipelineState(pipeline, CodePipelineContractsTest.state(state));
                }
            };
        }
    }

    @Test
    void aConnectionsRevisionSummaryIsReadToItsCommitMessagesFirstLine() {
        assertEquals("Add widget size validation", CodePipelines.summary(
                "{\"ProviderType\":\"GitHub\",\"CommitMessage\":\"Add widget size validation\\n\\nCloses #42\"}"));
        assertEquals("Fix rounding", CodePipelines.summary("Fix rounding\n\nThe long story"));
        assertEquals("{not json", CodePipelines.summary("{not json"));
        assertEquals("", CodePipelines.summary(null));
    }

    @Test
    void theSandboxRefusesATimeoutCodePipelineWouldNotAccept() {
        Pipelines.Definition definition = new Pipelines.Definition("short-approval", List.of(new Pipelines.Action(
                "Prod", "Approve", "Approval", "Manual", Map.of(), List.of(), Duration.ofMinutes(60))));
        ObjectNode tooShort = declaration(definition);
        ((ObjectNode) tooShort.get("stages").get(0).get("actions").get(0)).put("timeoutInMinutes", 4);
        assertThrows(IllegalArgumentException.class, () -> sandbox.putPipeline(tooShort));

        sandbox.putPipeline(declaration(definition));
        assertEquals(definition, new CodePipelines(() -> client).definition("short-approval", deadline()).orElseThrow());
    }

    @Test
    void deniedIsAMisconfigurationNamingTheActionToGrant() {
        CodePipelines pipelines = new CodePipelines(() -> client);
        sandbox.failNext("codepipeline", "GetPipelineState", 1, Sandbox.Fault.awsError(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/notifier is not authorized to perform: "
                        + "codepipeline:GetPipelineState"));

        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class,
                () -> pipelines.state("web-release", deadline()));
        assertTrue(e.getMessage().contains("codepipeline:GetPipelineState"), e.getMessage());
    }

    @Test
    void throttlingAndOutagesAreTransient() {
        CodePipelines pipelines = new CodePipelines(() -> client);
        sandbox.failNext("codepipeline", "GetPipeline", 1, Sandbox.Fault.awsError(400, "ThrottlingException",
                "Rate exceeded"));
        assertThrows(TransientFailure.class, () -> pipelines.definition("web-release", deadline()));
        sandbox.failNext("codepipeline", "GetPipelineExecution", 1, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> pipelines.execution("web-release",
                "0d8f2b4c-1e3a-4c5b-8d7e-9f0a1b2c3d4e", deadline()));
    }

    @Test
    void theRecordedPipelineReadsAsTheSampleEventsTellIt() {
        try (Sandbox recorded = Sandbox.start(java.nio.file.Path.of("events", "sandbox"));
             CodePipelineClient local = CodePipelineClient.builder().endpointOverride(URI.create(recorded.awsEndpoint()))
                     .region(Region.of(Sandbox.REGION))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            CodePipelines pipelines = new CodePipelines(() -> local);
            Pipelines.Definition definition = pipelines.definition("web-release", deadline()).orElseThrow();
            Pipelines.Action source = definition.sourceOf("SourceArtifact").orElseThrow();
            assertEquals("https://github.com/acme/widgets", source.repository(Sandbox.REGION, java.util.Optional.empty())
                    .orElseThrow().webUrl());
            assertEquals("https://staging.widgets.example.com", definition.action("Prod", "ApproveRelease")
                    .orElseThrow().setting("ExternalEntityLink").orElseThrow());

            Pipelines.Execution failed = pipelines.execution("web-release", "3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b",
                    deadline()).orElseThrow();
            assertEquals("Failed", failed.status());
            assertEquals("WebhookV2", failed.triggerType());
            assertEquals("Merge pull request #42 from acme/widget-size-validation", failed.revisions().get(0).summary(),
                    "the connection's JSON summary read to its message's first line");
            ActionRun build = pipelines.actionRuns("web-release", failed.id(), deadline()).get(0);
            assertEquals("Build", build.stage());
            assertEquals("Failed", build.status());
            assertEquals("JobFailed", build.errorCode());
            assertEquals("Build terminated with state: FAILED", build.errorMessage(), "errorDetails.message");
            assertEquals("CodeBuild", build.provider());

            ActionRun approval = pipelines.actionRuns("web-release", "7b2d4f6a-8c0e-4a1b-9c3d-5e7f9a1b3c5d", deadline())
                    .stream().filter(r -> r.action().equals("ApproveRelease")).findFirst().orElseThrow();
            assertEquals("arn:aws:sts::123456789012:assumed-role/ReleaseManagers/bob", approval.updatedBy());
            assertEquals("Staging checked: widget sizes validate", approval.summary());

            ActionState waiting = pipelines.state("web-release", deadline()).stream()
                    .filter(a -> a.action().equals("ApproveRelease")).findFirst().orElseThrow();
            assertEquals("7b2d4f6a-8c0e-4a1b-9c3d-5e7f9a1b3c5d", waiting.stageExecutionId());
            assertEquals("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", waiting.token());
            assertEquals(List.of("billing-release", "web-release"), pipelines.names(deadline()));
        }
    }
}
