package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.TransientFailure;
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
 * CodeDeploy deployments through the real handler: DynamoDB Local, the sandbox's CodeDeploy, GitHub and Slack.
 * Deployments here are not a pipeline's (a GitHub revision, or one made by hand); the pipeline's own are unit
 * tested on the test kit's CodePipeline ({@code DeploymentNotifierTest}).
 */
@ExtendWith(SandboxExtension.class)
class DeploymentsEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JANE = Cast.JANE.slackId();
    static final String BOB = Cast.BOB.slackId();
    static final String SHA_1 = "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1";
    static final String SHA_2 = "d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2";
    static final String SHA_3 = "d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3";
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
    }

    /** A deployment in the sandbox's CodeDeploy (GetDeployment's deploymentInfo). */
    static ObjectNode deployment(String id, String group, String status, int hoursLater, String gitHubCommit) {
        Instant created = CREATED.plusSeconds(3600L * hoursLater);
        ObjectNode info = JSON.createObjectNode().put("deploymentId", id).put("applicationName", "web")
                .put("deploymentGroupName", group).put("status", status).put("creator", "user")
                .put("createTime", created.getEpochSecond()).put("startTime", created.getEpochSecond() + 3)
                .put("completeTime", created.getEpochSecond() + 250).put("computePlatform", "Server");
        info.putObject("deploymentOverview").put("Pending", 0).put("InProgress", 0).put("Succeeded", 3)
                .put("Failed", 0).put("Skipped", 0).put("Ready", 0);
        ObjectNode revision = info.putObject("revision");
        if (gitHubCommit == null) {
            revision.put("revisionType", "S3").putObject("s3Location").put("bucket", "acme-web-releases")
                    .put("key", "web/web.zip").put("bundleType", "zip");
        } else {
            revision.put("revisionType", "GitHub").putObject("gitHubLocation").put("repository", "acme/widgets")
                    .put("commitId", gitHubCommit);
        }
        sandbox.putDeployment(info);
        return info;
    }

    static String event(String id, String group, String state) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodeDeploy Deployment State-change Notification").put("source", "aws.codedeploy")
                .put("account", Sandbox.ACCOUNT).put("time", "2026-11-20T10:04:10Z").put("region", Sandbox.REGION);
        event.putArray("resources").add("arn:aws:codedeploy:us-east-1:123456789012:application:web");
        event.putObject("detail").put("region", Sandbox.REGION).put("deploymentId", id)
                .put("instanceGroupId", UUID.randomUUID().toString()).put("deploymentGroup", group)
                .put("state", state).put("application", "web");
        return event.toString();
    }

    /** A CodeDeploy trigger's SNS message as Lambda receives it: the message, and its deploymentOverview, are JSON strings. */
    static String trigger(String id, String group, String status) {
        ObjectNode message = JSON.createObjectNode().put("region", Sandbox.REGION).put("accountId", Sandbox.ACCOUNT)
                .put("eventTriggerName", "web-deployments").put("applicationName", "web").put("deploymentId", id)
                .put("deploymentGroupName", group).put("createTime", "Fri Nov 20 10:00:00 UTC 2026")
                .put("completeTime", "Fri Nov 20 10:04:10 UTC 2026")
                .put("deploymentOverview", "{\"Succeeded\":\"3\",\"Failed\":\"0\",\"Skipped\":\"0\","
                        + "\"InProgress\":\"0\",\"Pending\":\"0\"}")
                .put("status", status);
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject().put("EventSource", "aws:sns")
                .put("EventVersion", "1.0")
                .put("EventSubscriptionArn", "arn:aws:sns:us-east-1:123456789012:codedeploy-web:" + UUID.randomUUID());
        record.putObject("Sns").put("Type", "Notification").put("MessageId", UUID.randomUUID().toString())
                .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:codedeploy-web")
                .put("Subject", status + ": AWS CodeDeploy " + id + " in us-east-1 to web")
                .put("Message", message.toString()).put("Timestamp", "2026-11-20T10:04:11.000Z");
        return event.toString();
    }

    private Sandbox.SlackPost onlyPost() {
        List<Sandbox.SlackPost> posts = sandbox.posts();
        assertEquals(1, posts.size(), posts.toString());
        return posts.getFirst();
    }

    @Test
    void aSucceededDeploymentIsPostedToItsRoutedChannel() {
        deployment("d-E2ESUCC01", "prod", "Succeeded", 0, SHA_1);
        Outcome outcome = world.deliver(event("d-E2ESUCC01", "prod", "SUCCESS"));

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        String shown = World.attachmentText(onlyPost());
        assertTrue(shown.contains("web/prod deployment d-E2ESUCC01 succeeded"), shown);
        assertTrue(shown.contains("4m 10s"), shown);
        assertTrue(shown.contains("3 succeeded, 0 failed, 0 skipped, 0 pending"), shown);
        assertTrue(shown.contains("Start the widget shop"), "the GitHub revision's commit: " + shown);
        assertTrue(shown.contains("https://us-east-1.console.aws.amazon.com/codesuite/codedeploy/deployments/"
                + "d-E2ESUCC01?region=us-east-1"), shown);
        assertTrue(onlyPost().metadataJson().contains("\"event_type\":\"codedeploy_deployment\""),
                onlyPost().metadataJson());
        assertEquals(1, sandbox.count("codedeploy", "GetDeployment"));
        assertEquals(List.of("#web-prod"), world.takePosts());
    }

    @Test
    void aFailedDeploymentShowsItsErrorAndTheRollbackItStarted() {
        ObjectNode failed = deployment("d-E2EFAIL01", "prod", "Failed", 0, null);
        failed.putObject("errorInformation").put("code", "HEALTH_CONSTRAINTS")
                .put("message", "The overall deployment failed because too many individual instances failed");
        failed.putObject("rollbackInfo").put("rollbackDeploymentId", "d-E2EROLL01")
                .put("rollbackMessage", "Automatic rollback triggered by deployment failure.");
        failed.with("deploymentOverview").put("Succeeded", 1).put("Failed", 2);
        sandbox.putDeployment(failed);

        world.deliver(event("d-E2EFAIL01", "prod", "FAILURE"));
        String shown = World.attachmentText(onlyPost());
        assertTrue(shown.contains("web/prod deployment d-E2EFAIL01 failed"), shown);
        assertTrue(shown.contains("HEALTH_CONSTRAINTS"), shown);
        assertTrue(shown.contains("too many individual instances failed"), shown);
        assertTrue(shown.contains("rollback d-E2EROLL01 started"), shown);
        assertTrue(shown.contains("1 succeeded, 2 failed, 0 skipped, 0 pending"), shown);
    }

    @Test
    void aTriggersSnsMessagePostsOnceWhenTheEventBridgeEventComesToo() {
        deployment("d-E2ESNS001", "prod", "Succeeded", 0, SHA_1);
        Outcome viaSns = world.deliver(trigger("d-E2ESNS001", "prod", "SUCCEEDED"));
        assertInstanceOf(Outcome.Told.class, viaSns, viaSns.summary());
        Outcome viaEventBridge = world.deliver(event("d-E2ESNS001", "prod", "SUCCESS"));
        assertInstanceOf(Outcome.Duplicate.class, viaEventBridge, viaEventBridge.summary());
        assertEquals(1, sandbox.count("codedeploy", "GetDeployment"), "the duplicate reads nothing");
        assertEquals(List.of("#web-prod"), world.takePosts());
    }

    @Test
    void aStartIsIgnoredAndReadsNothing() {
        Outcome outcome = world.deliver(event("d-E2ESTART1", "prod", "START"));
        assertInstanceOf(Outcome.Ignored.class, outcome, outcome.summary());
        assertInstanceOf(Outcome.Ignored.class, world.deliver(trigger("d-E2ESTART1", "prod", "CREATED")));
        assertEquals(0, sandbox.count("codedeploy", "GetDeployment"));
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void deploymentsTurnedOffAreIgnored() {
        deployment("d-E2EOFF001", "prod", "Succeeded", 0, SHA_1);
        Outcome outcome = world.with("CBN_NOTIFY_DEPLOYMENTS", "false").deliver(event("d-E2EOFF001", "prod", "SUCCESS"));
        assertInstanceOf(Outcome.Ignored.class, outcome, outcome.summary());
        assertTrue(outcome.summary().contains("CBN_NOTIFY_DEPLOYMENTS is false"), outcome.summary());
        assertEquals(0, sandbox.count("codedeploy", "GetDeployment"));
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void aGroupNoRuleRoutesAndNoCatchAllIsNotPosted() {
        deployment("d-E2ESTAGE1", "staging", "Succeeded", 0, SHA_1);
        Outcome outcome = world.deliver(event("d-E2ESTAGE1", "staging", "SUCCESS"));
        assertTrue(outcome.summary().contains("no notification: no channel: no CBN_CHANNEL_ROUTES rule for deploy web/staging and no "
                + "CBN_ADDITIONAL_CHANNEL"), outcome.summary());
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void aDeploymentCodeDeployDoesNotKnowIsRejected() {
        Outcome outcome = world.deliver(event("d-E2EGONE01", "prod", "SUCCESS"));
        assertInstanceOf(Outcome.Rejected.class, outcome, outcome.summary());
        assertTrue(outcome.summary().contains("CodeDeploy knows no deployment d-E2EGONE01"), outcome.summary());
    }

    @Test
    void aCodeDeployOutageFailsTheInvocationSoLambdaRetries() {
        deployment("d-E2EOUT001", "prod", "Succeeded", 0, SHA_1);
        sandbox.failNext("codedeploy", "GetDeployment", 10, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> world.deliver(event("d-E2EOUT001", "prod", "SUCCESS")));
        sandbox.clearFaults();
        assertInstanceOf(Outcome.Told.class, world.deliver(event("d-E2EOUT001", "prod", "SUCCESS")));
        assertEquals(List.of("#web-prod"), world.takePosts());
    }

    // ------------------------------------------------------------------ your commit is live

    @Test
    void theAuthorsOfNewlyShippedCommitsAreToldTheirCommitIsLiveAndARetrySendsOnlyWhatIsMissing() {
        world.with("CBN_DEPLOYED_DM", "web/prod");
        deployment("d-E2ELIVE01", "prod", "Succeeded", 0, SHA_1);
        Outcome first = world.deliver(event("d-E2ELIVE01", "prod", "SUCCESS"));
        assertEquals(List.of("#web-prod", JANE), world.takePosts(), first.summary());

        // two commits later; the channel's message goes out, then Slack fails for good on the first author's
        deployment("d-E2ELIVE02", "prod", "Succeeded", 1, SHA_3);
        sandbox.failAfter("slack", "chat.postMessage", 1, 4, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> world.deliver(event("d-E2ELIVE02", "prod", "SUCCESS")));
        assertEquals(List.of("#web-prod"), world.takePosts());
        sandbox.clearFaults();

        Outcome retry = world.deliver(event("d-E2ELIVE02", "prod", "SUCCESS")); // Lambda's retry
        String live = World.attachmentText(sandbox.posts().getFirst());
        assertEquals(List.of(JANE, BOB), world.takePosts(), "only the authors of the new commits, and only once: "
                + retry.summary());
        assertTrue(live.contains("Your commits d3d3d3d, d2d2d2d are live in web/prod, deployed in 4m 10s"), live);
        assertTrue(live.contains("Total the cart") && live.contains("Add the cart"), live);
        assertTrue(!live.contains("Start the widget shop"), "the previous deployment's head is not new: " + live);

        assertInstanceOf(Outcome.Duplicate.class, world.deliver(trigger("d-E2ELIVE02", "prod", "SUCCEEDED")));
        assertEquals(List.of(), world.takePosts());
        assertTrue(world.allItems().stream().anyMatch(i -> i.get("source_id").s().equals("shipped:web/prod")
                && i.get("heads").l().getFirst().s().endsWith(" " + SHA_3)), "the group's last shipment moved on");
    }

    @Test
    void withoutTheSettingNobodyIsToldTheirCommitIsLive() {
        deployment("d-E2ENODM01", "prod", "Succeeded", 0, SHA_1);
        world.deliver(event("d-E2ENODM01", "prod", "SUCCESS"));
        assertEquals(List.of("#web-prod"), world.takePosts());
        assertTrue(world.allItems().stream().noneMatch(i -> i.get("source_id").s().startsWith("shipped:")));
    }
}
