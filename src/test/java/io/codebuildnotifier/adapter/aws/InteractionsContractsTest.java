package io.codebuildnotifier.adapter.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.interactions.ApprovalDecisions;
import io.codebuildnotifier.interactions.BuildRetries;
import io.codebuildnotifier.interactions.Once;
import io.codebuildnotifier.interactions.PipelineRuns;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.testkit.AliasLinksContract;
import io.codebuildnotifier.testkit.ApprovalDecisionsContract;
import io.codebuildnotifier.testkit.BuildRetriesContract;
import io.codebuildnotifier.testkit.OnceContract;
import io.codebuildnotifier.testkit.PipelineRunsContract;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * The interactions' port contracts on the AWS adapters: CodeBuild and CodePipeline through the real SDK against a
 * fresh loopback sandbox per test, DynamoDB against DynamoDB Local (a fresh table per test).
 */
class InteractionsContractsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedDynamo dynamo;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
    }

    private Sandbox sandbox() {
        Sandbox sandbox = Sandbox.empty("xoxb-test");
        opened.add(sandbox);
        return sandbox;
    }

    static CodeBuildClient codeBuild(Sandbox sandbox) {
        return CodeBuildClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static CodePipelineClient codePipeline(Sandbox sandbox) {
        return CodePipelineClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** A finished build as BatchGetBuilds answers it. */
    static ObjectNode build(String id, long number) {
        String project = id.substring(0, id.indexOf(':'));
        ObjectNode build = JSON.createObjectNode().put("id", id).put("projectName", project)
                .put("arn", "arn:aws:codebuild:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":build/" + id)
                .put("buildNumber", number).put("buildStatus", "FAILED").put("buildComplete", true)
                .put("startTime", 1_793_000_000.0).put("endTime", 1_793_000_300.0)
                .put("sourceVersion", "refs/heads/main");
        build.putObject("source").put("type", "GITHUB").put("location", "https://github.com/acme/" + project + ".git");
        return build;
    }

    /** A pipeline with one manual approval action, {@code Approve}, in each stage. */
    static ObjectNode pipeline(String name, List<String> stages) {
        ObjectNode pipeline = JSON.createObjectNode().put("name", name)
                .put("roleArn", "arn:aws:iam::" + Sandbox.ACCOUNT + ":role/codepipeline").put("version", 1)
                .put("pipelineType", "V2").put("executionMode", "QUEUED");
        pipeline.putObject("artifactStore").put("type", "S3").put("location", "codepipeline-artifacts");
        ArrayNode array = pipeline.putArray("stages");
        for (String stage : stages) {
            ObjectNode action = array.addObject().put("name", stage).putArray("actions").addObject()
                    .put("name", "Approve").put("runOrder", 1);
            action.putObject("actionTypeId").put("category", "Approval").put("owner", "AWS").put("provider", "Manual")
                    .put("version", "1");
            action.putObject("configuration");
            action.putArray("inputArtifacts");
            action.putArray("outputArtifacts");
        }
        return pipeline;
    }

    /** A GetPipelineState answer holding these approvals, each in its stage. */
    static ObjectNode state(String pipeline, List<ApprovalDecisionsContract.Approval> approvals) {
        ObjectNode state = JSON.createObjectNode().put("pipelineName", pipeline).put("pipelineVersion", 1);
        ArrayNode stages = state.putArray("stageStates");
        for (ApprovalDecisionsContract.Approval a : approvals) {
            ObjectNode stage = stages.addObject().put("stageName", a.ref().stage());
            String stageStatus = a.standing() == ApprovalDecisionsContract.Standing.WAITING ? "InProgress"
                    : a.standing() == ApprovalDecisionsContract.Standing.APPROVED ? "Succeeded"
                    : a.standing() == ApprovalDecisionsContract.Standing.ABANDONED ? "Stopped" : "Failed";
            stage.putObject("latestExecution").put("pipelineExecutionId", a.ref().executionId())
                    .put("status", stageStatus);
            ObjectNode latest = stage.putArray("actionStates").addObject().put("actionName", a.ref().action())
                    .putObject("latestExecution").put("actionExecutionId", UUID.randomUUID().toString())
                    .put("lastStatusChange", 1_793_000_000.0);
            switch (a.standing()) {
                case WAITING -> latest.put("status", "InProgress").put("token", UUID.randomUUID().toString());
                case APPROVED -> latest.put("status", "Succeeded").put("summary", a.summary())
                        .put("lastUpdatedBy", "arn:aws:iam::" + Sandbox.ACCOUNT + ":user/jane");
                case REJECTED -> latest.put("status", "Failed").put("summary", a.summary())
                        .put("lastUpdatedBy", "arn:aws:iam::" + Sandbox.ACCOUNT + ":user/jane");
                case EXPIRED -> latest.put("status", "Failed");
                case ABANDONED -> latest.put("status", "Abandoned");
            }
        }
        return state;
    }

    @Nested
    class Retries extends BuildRetriesContract {
        @Override
        protected BuildRetries newRetries() {
            Sandbox sandbox = sandbox();
            sandbox.putBuild(build(WIDGETS_1, 1));
            sandbox.putBuild(build(WIDGETS_2, 2));
            sandbox.putBuild(build(GADGETS_7, 7));
            CodeBuildClient client = codeBuild(sandbox);
            opened.add(client);
            return new CodeBuildRetries(client);
        }
    }

    @Nested
    class Decisions extends ApprovalDecisionsContract {
        @Override
        protected ApprovalDecisions newDecisions(List<Approval> approvals) {
            Sandbox sandbox = sandbox();
            Map<String, Boolean> stages = new LinkedHashMap<>();
            approvals.forEach(a -> stages.put(a.ref().stage(), true));
            sandbox.putPipeline(pipeline(PIPELINE, List.copyOf(stages.keySet())));
            sandbox.putPipelineState(PIPELINE, state(PIPELINE, approvals));
            CodePipelineClient client = codePipeline(sandbox);
            opened.add(client);
            return new CodePipelineDecisions(() -> client);
        }
    }

    @Nested
    class Runs extends PipelineRunsContract {
        @Override
        protected PipelineRuns newRuns() {
            Sandbox sandbox = sandbox();
            sandbox.putPipeline(pipeline(WEB, List.of("Prod")));
            sandbox.putPipeline(pipeline(API, List.of("Prod")));
            CodePipelineClient client = codePipeline(sandbox);
            opened.add(client);
            return new CodePipelineRuns(() -> client, Sandbox.REGION);
        }
    }

    @Nested
    class Claims extends OnceContract {
        @Override
        protected Once newOnce() {
            String table = "history-once-" + TABLES.incrementAndGet();
            dynamo.createHistoryTable(table);
            return new DynamoOnce(dynamo.client(), table);
        }
    }

    @Nested
    class Links extends AliasLinksContract {
        @Override
        protected Linked newLinks() {
            String table = "aliases-links-" + TABLES.incrementAndGet();
            dynamo.createAliasTable(table);
            return new Linked(new DynamoAliasLinks(dynamo.client(), table), new DynamoAliasBook(dynamo.client(), table));
        }
    }
}
