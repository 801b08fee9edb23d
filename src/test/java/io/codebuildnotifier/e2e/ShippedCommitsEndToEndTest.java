package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a pipeline shipped, through the real handler with DynamoDB Local and the sandbox's CodePipeline, CodeDeploy,
 * GitHub and Slack: a CodeDeploy deployment a pipeline created shows the pipeline, the execution and the commit it
 * shipped; "your commit is live" reaches the authors of the newly shipped commits only, told by the deployment (when
 * {@code CBN_DEPLOYED_DM} names the deployment group) or by the pipeline's execution (when it names the pipeline),
 * never by both.
 *
 * <p>The pipeline {@code web-release}: a source action reading GitHub {@code acme/widgets} through a connection
 * (output {@code SourceArtifact}), then the stage {@code Prod} whose CodeDeploy action deploys {@code web/prod}. On
 * {@code main}: Jane's {@link #SHA_1}, Bob's {@link #SHA_2}, Jane's {@link #SHA_3}, Bob's {@link #SHA_4}.
 */
@ExtendWith(SandboxExtension.class)
class ShippedCommitsEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PIPELINE = "web-release";
    static final String JANE = Cast.JANE.slackId();
    static final String BOB = Cast.BOB.slackId();
    static final String SHA_1 = "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1";
    static final String SHA_2 = "e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2";
    static final String SHA_3 = "e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3";
    static final String SHA_4 = "e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4";
    static final String EXECUTION_1 = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final String EXECUTION_2 = "6b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e";
    static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");
    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
        sandbox.putSlackChannel("C0WEBPROD1", "web-prod");
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox).with("CBN_CHANNEL_ROUTES", "deploy:web/prod=#web-prod");
        world.gitHubCommitAfter("0000000000000000000000000000000000000000", SHA_1, "Jane Doe", "jane@example.com",
                "Start the widget shop");
        world.gitHubCommitAfter(SHA_1, SHA_2, "Bob Stone", "bob@example.com", "Add the cart");
        world.gitHubCommitAfter(SHA_2, SHA_3, "Jane Doe", "jane@example.com", "Total the cart");
        world.gitHubCommitAfter(SHA_3, SHA_4, "Bob Stone", "bob@example.com", "Pay for it");
        sandbox.putPipeline(definition());
        sandbox.putActionExecutions(PIPELINE, List.of()); // nothing of another test's runs
    }

    // ------------------------------------------------------------------ the sandbox's CodePipeline and CodeDeploy

    /** GetPipeline's {@code pipeline}: the source, then the CodeDeploy action of the last stage. */
    static ObjectNode definition() {
        ObjectNode pipeline = JSON.createObjectNode().put("name", PIPELINE)
                .put("roleArn", "arn:aws:iam::123456789012:role/web-release-pipeline").put("version", 1)
                .put("pipelineType", "V2").put("executionMode", "QUEUED");
        pipeline.putObject("artifactStore").put("type", "S3").put("location", "codepipeline-us-east-1-123456789012");
        ArrayNode stages = pipeline.putArray("stages");
        ObjectNode source = stages.addObject().put("name", "Source").putArray("actions").addObject()
                .put("name", "Checkout").put("runOrder", 1).put("region", Sandbox.REGION);
        source.putObject("actionTypeId").put("category", "Source").put("owner", "AWS")
                .put("provider", "CodeStarSourceConnection").put("version", "1");
        source.putObject("configuration").put("FullRepositoryId", "acme/widgets").put("BranchName", "main")
                .put("ConnectionArn", "arn:aws:codeconnections:us-east-1:123456789012:connection/abc");
        source.putArray("outputArtifacts").addObject().put("name", "SourceArtifact");
        source.putArray("inputArtifacts");
        ObjectNode deploy = stages.addObject().put("name", "Prod").putArray("actions").addObject()
                .put("name", "Deploy").put("runOrder", 1).put("region", Sandbox.REGION);
        deploy.putObject("actionTypeId").put("category", "Deploy").put("owner", "AWS").put("provider", "CodeDeploy")
                .put("version", "1");
        deploy.putObject("configuration").put("ApplicationName", "web").put("DeploymentGroupName", "prod");
        deploy.putArray("outputArtifacts");
        deploy.putArray("inputArtifacts").addObject().put("name", "SourceArtifact");
        return pipeline;
    }

    /**
     * An execution that shipped {@code sha} ({@code artifactRevisions}), and its CodeDeploy action's run whose
     * external execution id is the deployment {@code deploymentId}, created {@code hoursLater} than {@link #CREATED},
     * by {@code user} (CodePipeline's role), of an S3 revision (what a pipeline hands CodeDeploy), taking 4m 10s.
     */
    static void shipped(String execution, String sha, String subject, String deploymentId, int hoursLater) {
        ObjectNode run = JSON.createObjectNode().put("pipelineName", PIPELINE).put("pipelineVersion", 1)
                .put("pipelineExecutionId", execution).put("status", "Succeeded").put("executionMode", "QUEUED");
        run.putArray("artifactRevisions").addObject().put("name", "SourceArtifact").put("revisionId", sha)
                .put("revisionSummary", "{\"ProviderType\": \"GitHub\", \"CommitMessage\": \"" + subject + "\"}")
                .put("revisionUrl", "https://github.com/acme/widgets/commit/" + sha);
        run.putObject("trigger").put("triggerType", "WebhookV2")
                .put("triggerDetail", "arn:aws:codeconnections:us-east-1:123456789012:connection/abc");
        sandbox.putPipelineExecution(PIPELINE, run);

        Instant created = CREATED.plusSeconds(3600L * hoursLater);
        ObjectNode action = JSON.createObjectNode().put("pipelineExecutionId", execution)
                .put("actionExecutionId", UUID.randomUUID().toString()).put("pipelineVersion", 1)
                .put("stageName", "Prod").put("actionName", "Deploy").put("startTime", created.getEpochSecond())
                .put("lastUpdateTime", created.getEpochSecond() + 250).put("status", "Succeeded");
        ObjectNode input = action.putObject("input");
        input.putObject("actionTypeId").put("category", "Deploy").put("owner", "AWS").put("provider", "CodeDeploy")
                .put("version", "1");
        input.putObject("configuration").put("ApplicationName", "web").put("DeploymentGroupName", "prod");
        input.put("region", Sandbox.REGION).putArray("inputArtifacts").addObject().put("name", "SourceArtifact");
        action.putObject("output").putObject("executionResult").put("externalExecutionId", deploymentId)
                .put("externalExecutionUrl", "https://console.aws.amazon.com/codedeploy/home?region=us-east-1"
                        + "#/deployments/" + deploymentId)
                .put("externalExecutionSummary", "Deployment Succeeded");
        sandbox.putActionExecution(PIPELINE, action);

        ObjectNode info = JSON.createObjectNode().put("deploymentId", deploymentId).put("applicationName", "web")
                .put("deploymentGroupName", "prod").put("status", "Succeeded").put("creator", "user")
                .put("createTime", created.getEpochSecond()).put("startTime", created.getEpochSecond() + 3)
                .put("completeTime", created.getEpochSecond() + 250).put("computePlatform", "Server");
        info.putObject("deploymentOverview").put("Pending", 0).put("InProgress", 0).put("Succeeded", 3)
                .put("Failed", 0).put("Skipped", 0).put("Ready", 0);
        info.putObject("revision").put("revisionType", "S3").putObject("s3Location").put("bucket", "acme-web-releases")
                .put("key", "web/" + execution + ".zip").put("bundleType", "zip");
        sandbox.putDeployment(info);
    }

    /** The deployment's EventBridge event. */
    static String deployed(String deploymentId) {
        return DeploymentsEndToEndTest.event(deploymentId, "prod", "SUCCESS");
    }

    /** The execution's EventBridge event: succeeded, {@code hoursLater} than {@link #CREATED} and 4m 10s. */
    static String succeeded(String execution, int hoursLater) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodePipeline Pipeline Execution State Change").put("source", "aws.codepipeline")
                .put("account", Sandbox.ACCOUNT).put("time", CREATED.plusSeconds(3600L * hoursLater + 251).toString())
                .put("region", Sandbox.REGION);
        event.putArray("resources").add("arn:aws:codepipeline:us-east-1:123456789012:" + PIPELINE);
        ObjectNode detail = event.putObject("detail").put("pipeline", PIPELINE).put("execution-id", execution)
                .put("state", "SUCCEEDED").put("version", 1.0);
        detail.putObject("execution-trigger").put("trigger-type", "WebhookV2")
                .put("trigger-detail", "arn:aws:codeconnections:us-east-1:123456789012:connection/abc");
        return event.toString();
    }

    private static String text(int post) {
        return World.attachmentText(sandbox.posts().get(post));
    }

    // ------------------------------------------------------------------ a deployment a pipeline created

    @Test
    void aDeploymentThePipelineNamedForItsGroupCreatedShowsThePipelineTheExecutionAndTheCommit() {
        world.with("CBN_DEPLOY_PIPELINES", "web/prod=" + PIPELINE);
        shipped(EXECUTION_1, SHA_2, "Add the cart", "d-E2ESHIP01", 0);

        Outcome outcome = world.deliver(deployed("d-E2ESHIP01"));

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        String shown = text(0);
        assertTrue(shown.contains("web/prod deployment d-E2ESHIP01 succeeded"), shown);
        assertTrue(shown.contains(PIPELINE), "the pipeline: " + shown);
        assertTrue(shown.contains(EXECUTION_1), "the execution: " + shown);
        assertTrue(shown.contains("CodePipeline"), "who created it: " + shown);
        assertTrue(shown.contains("e2e2e2e") && shown.contains("Add the cart"), "the commit shipped: " + shown);
        assertTrue(sandbox.posts().getFirst().metadataJson().contains("\"pipeline_execution_id\":\"" + EXECUTION_1
                + "\""), sandbox.posts().getFirst().metadataJson());
        assertEquals(0, sandbox.count("codepipeline", "ListPipelines"), "the named pipeline is asked, none searched");
        assertEquals(List.of("#web-prod"), world.takePosts());
    }

    @Test
    void withoutANamedPipelineTwoDeploymentsOfTheGroupSearchTheAccountsPipelinesOnce() {
        shipped(EXECUTION_1, SHA_2, "Add the cart", "d-E2ESHIP01", 0);
        shipped(EXECUTION_2, SHA_3, "Total the cart", "d-E2ESHIP02", 1);

        world.deliver(deployed("d-E2ESHIP01"));
        world.deliver(deployed("d-E2ESHIP02"));

        assertTrue(text(0).contains(EXECUTION_1) && text(0).contains("Add the cart"), text(0));
        assertTrue(text(1).contains(EXECUTION_2) && text(1).contains("Total the cart"), text(1));
        assertTrue(text(1).contains(PIPELINE), text(1));
        // the empty sandbox holds this test's pipeline (and at most one more): one ListPipelines page
        assertEquals(1, sandbox.count("codepipeline", "ListPipelines"), "the group's pipeline is remembered");
        assertEquals(List.of("#web-prod", "#web-prod"), world.takePosts());
    }

    // ------------------------------------------------------------------ your commit is live

    @Test
    void theDeploymentsOfTwoExecutionsThreeCommitsApartTellOnlyTheNewCommitsAuthors() {
        world.with("CBN_DEPLOYED_DM", "web/prod");
        shipped(EXECUTION_1, SHA_1, "Start the widget shop", "d-E2ESHIP01", 0);
        shipped(EXECUTION_2, SHA_4, "Pay for it", "d-E2ESHIP02", 1);

        world.deliver(deployed("d-E2ESHIP01"));
        assertEquals(List.of("#web-prod", JANE), world.takePosts(), "the group's first: its head's author");

        Outcome second = world.deliver(deployed("d-E2ESHIP02"));
        String live = text(1);
        assertEquals(List.of("#web-prod", BOB, JANE), world.takePosts(), second.summary());
        assertTrue(live.contains("Your commits e4e4e4e, e3e3e3e, e2e2e2e are live in web/prod, deployed in 4m 10s"),
                live);
        assertTrue(live.contains("Pay for it") && live.contains("Total the cart") && live.contains("Add the cart"),
                live);
        assertFalse(live.contains("Start the widget shop"), "the previous deployment's head is not new: " + live);
        assertTrue(live.contains(PIPELINE) && live.contains(EXECUTION_2), "the pipeline that shipped it: " + live);

        // the executions' own events: the setting names the group, not the pipeline, so they tell nobody again
        world.deliver(succeeded(EXECUTION_1, 0));
        world.deliver(succeeded(EXECUTION_2, 1));
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void aPipelineTheSettingNamesTellsTheAuthorsOfWhatItsExecutionsMadeLive() {
        world.with("CBN_DEPLOYED_DM", PIPELINE);
        shipped(EXECUTION_1, SHA_1, "Start the widget shop", "d-E2ESHIP01", 0);
        shipped(EXECUTION_2, SHA_4, "Pay for it", "d-E2ESHIP02", 1);

        world.deliver(deployed("d-E2ESHIP01"));
        assertEquals(List.of("#web-prod"), world.takePosts(), "the deployment leaves the authors to the pipeline");
        Outcome first = world.deliver(succeeded(EXECUTION_1, 0));
        assertEquals(List.of(JANE), world.takePosts(), "no run channel, but the author: " + first.summary());

        world.deliver(deployed("d-E2ESHIP02"));
        Outcome second = world.deliver(succeeded(EXECUTION_2, 1));
        String live = text(1);
        String metadata = sandbox.posts().get(1).metadataJson();
        assertEquals(List.of("#web-prod", BOB, JANE), world.takePosts(), second.summary());
        assertTrue(live.contains("Your commits e4e4e4e, e3e3e3e, e2e2e2e are live in web-release, deployed in 4m 10s"),
                live);
        assertFalse(live.contains("Start the widget shop"), live);
        assertTrue(live.contains("Prod") && live.contains("Deploy (CodeDeploy)"), live);
        assertTrue(metadata.contains("\"event_type\":\"codepipeline_execution\"") && metadata.contains("\"new_commits\""),
                metadata);

        Outcome again = world.deliver(succeeded(EXECUTION_2, 1));
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(List.of(), world.takePosts());
        assertTrue(world.allItems().stream().anyMatch(i -> i.get("source_id").s().equals("shipped:pipeline:web-release")
                && i.get("heads").l().getFirst().s().endsWith(" " + SHA_4)), "the pipeline's last shipment moved on");
        assertTrue(world.allItems().stream().noneMatch(i -> i.get("source_id").s().equals("shipped:web/prod")));
    }

    @Test
    void whenTheSettingNamesTheGroupAndThePipelineTheAuthorsHearItOnceFromTheDeployment() {
        world.with("CBN_DEPLOYED_DM", "web/prod," + PIPELINE);
        shipped(EXECUTION_1, SHA_1, "Start the widget shop", "d-E2ESHIP01", 0);

        world.deliver(deployed("d-E2ESHIP01"));
        Outcome execution = world.deliver(succeeded(EXECUTION_1, 0));

        assertEquals(List.of("#web-prod", JANE), world.takePosts(), execution.summary());
        assertTrue(execution.summary().contains("authors not told: the deployment of web/prod tells the authors "
                + "(CBN_DEPLOYED_DM names the deployment group too)"), execution.summary());
        assertTrue(world.allItems().stream().noneMatch(i -> i.get("source_id").s().equals(
                "shipped:pipeline:web-release")), "only the group's shipments move on");
    }
}
