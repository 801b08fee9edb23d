package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.sources.deploy.DeploymentEvent;
import io.codebuildnotifier.sources.pipeline.ApprovalEvent;
import io.codebuildnotifier.sources.pipeline.PipelineRunEvent;
import io.codebuildnotifier.sources.push.PushEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delivery chain's events through either door, read to each source's event, and what is refused. */
class ChainEventsTest {
    private static final String EXECUTION = "3137f7cb-7cf7-4a3e-9a13-0f2b4e8d7a11";
    private static final String TOKEN = "1a2b3c4d-0000-4000-8000-00000000abcd";
    private static final String SHA = "c219984a3e5b1d7f0e2c4b6a8d9e1f3a5b7c9d0e";
    private static final String OLD = "0f9e8d7c6b5a49382716f5e4d3c2b1a098765432";

    private final EventParser parser = new EventParser();

    private Envelope parse(String json) {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String eventBridge(String source, String detailType, String detail) {
        return "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"" + detailType + "\",\"source\":\"" + source
                + "\",\"account\":\"123456789012\",\"time\":\"2026-12-01T10:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":" + detail + "}";
    }

    private static String sns(String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"Records\":[{\"EventSource\":\"aws:sns\",\"EventVersion\":\"1.0\",\"Sns\":{\"Type\":\"Notification\","
                + "\"MessageId\":\"m1\",\"Timestamp\":\"2026-12-01T10:00:01.000Z\",\"Message\":\"" + escaped + "\"}}]}";
    }

    @Test
    void aPipelineExecutionStateChange() {
        Envelope envelope = parse(eventBridge("aws.codepipeline", "CodePipeline Pipeline Execution State Change",
                "{\"pipeline\":\"web-release\",\"execution-id\":\"" + EXECUTION + "\",\"state\":\"FAILED\","
                        + "\"version\":3.0,\"execution-trigger\":{\"trigger-type\":\"Webhook\",\"trigger-detail\":\"x\"}}"));
        PipelineRunEvent run = assertInstanceOf(Envelope.PipelineRun.class, envelope).event();
        assertEquals(new PipelineRunEvent("web-release", EXECUTION, "FAILED", "Webhook", "x",
                Instant.parse("2026-12-01T10:00:00Z"), "us-east-1", "123456789012"), run);
    }

    @Test
    void aManualApprovalFromEventBridgeNamesItsExecution() {
        Envelope envelope = parse(eventBridge("aws.codepipeline", "CodePipeline Action Execution State Change",
                "{\"pipeline\":\"web-release\",\"execution-id\":\"" + EXECUTION + "\",\"stage\":\"Prod\","
                        + "\"action\":\"ApproveRelease\",\"state\":\"STARTED\",\"region\":\"us-east-1\",\"type\":"
                        + "{\"owner\":\"AWS\",\"category\":\"Approval\",\"provider\":\"Manual\",\"version\":\"1\"}}"));
        ApprovalEvent approval = assertInstanceOf(Envelope.Approval.class, envelope).event();
        assertEquals(ApprovalEvent.Origin.EVENTBRIDGE, approval.origin());
        assertEquals(EXECUTION, approval.executionId());
        assertEquals("Prod", approval.stage());
        assertEquals("ApproveRelease", approval.action());
        assertEquals("STARTED", approval.state());
        assertEquals("", approval.token());
    }

    @Test
    void anActionThatIsNotAnApprovalIsRefused() {
        Envelope envelope = parse(eventBridge("aws.codepipeline", "CodePipeline Action Execution State Change",
                "{\"pipeline\":\"web-release\",\"execution-id\":\"" + EXECUTION + "\",\"stage\":\"Build\","
                        + "\"action\":\"Build\",\"state\":\"STARTED\",\"type\":{\"category\":\"Build\"}}"));
        assertTrue(assertInstanceOf(Envelope.Invalid.class, envelope).reason().contains("not a manual approval"));
    }

    @Test
    void anApprovalNotificationThroughSnsCarriesItsTokenAndLinks() {
        Envelope envelope = parse(sns("{\"region\":\"us-east-1\",\"consoleLink\":\"https://console.aws.amazon.com/x\","
                + "\"approval\":{\"pipelineName\":\"web-release\",\"stageName\":\"Prod\",\"actionName\":"
                + "\"ApproveRelease\",\"token\":\"" + TOKEN + "\",\"expires\":\"2026-12-08T10:00Z\","
                + "\"externalEntityLink\":\"https://github.com/acme/widgets/pull/42\",\"approvalReviewLink\":"
                + "\"https://console.aws.amazon.com/codesuite/codepipeline/pipelines/web-release/view?token\","
                + "\"customData\":\"Check the staging dashboard first\"}}"));
        ApprovalEvent approval = assertInstanceOf(Envelope.Approval.class, envelope).event();
        assertEquals(ApprovalEvent.Origin.SNS, approval.origin());
        assertEquals("", approval.executionId());
        assertEquals(TOKEN, approval.token());
        assertEquals(Instant.parse("2026-12-08T10:00:00Z"), approval.expires());
        assertEquals("https://github.com/acme/widgets/pull/42", approval.reviewLink(), "the review link, never the "
                + "console's approval page (it carries the token)");
        assertEquals("Check the staging dashboard first", approval.customData());
        assertEquals("us-east-1", approval.region());
    }

    @Test
    void aDeploymentStateChange() {
        Envelope envelope = parse(eventBridge("aws.codedeploy", "CodeDeploy Deployment State-change Notification",
                "{\"region\":\"us-east-1\",\"deploymentId\":\"d-ABC123DEF\",\"instanceGroupId\":\"g\","
                        + "\"deploymentGroup\":\"prod\",\"state\":\"FAILURE\",\"application\":\"web\"}"));
        DeploymentEvent deployment = assertInstanceOf(Envelope.Deployment.class, envelope).event();
        assertEquals(new DeploymentEvent(DeploymentEvent.Origin.EVENTBRIDGE, "web", "prod", "d-ABC123DEF", "FAILURE",
                Instant.parse("2026-12-01T10:00:00Z"), "us-east-1", "123456789012"), deployment);
    }

    @Test
    void aCodeDeployTriggerThroughSnsReadsToTheSameStates() {
        Envelope envelope = parse(sns("{\"region\":\"us-east-1\",\"accountId\":\"123456789012\",\"eventTriggerName\":"
                + "\"t\",\"applicationName\":\"web\",\"deploymentId\":\"d-ABC123DEF\",\"deploymentGroupName\":\"prod\","
                + "\"createTime\":\"Tue Dec 01 10:00:00 UTC 2026\",\"completeTime\":\"Tue Dec 01 10:04:10 UTC 2026\","
                + "\"deploymentOverview\":\"{\\\"Succeeded\\\":\\\"3\\\",\\\"Failed\\\":\\\"0\\\"}\",\"status\":\"SUCCEEDED\"}"));
        DeploymentEvent deployment = assertInstanceOf(Envelope.Deployment.class, envelope).event();
        assertEquals(DeploymentEvent.Origin.SNS, deployment.origin());
        assertEquals("SUCCESS", deployment.state());
        assertEquals("web", deployment.application());
        assertEquals("prod", deployment.deploymentGroup());
    }

    @Test
    void anInstanceTriggerIsRefused() {
        Envelope envelope = parse(sns("{\"applicationName\":\"web\",\"deploymentId\":\"d-ABC123DEF\","
                + "\"deploymentGroupName\":\"prod\",\"instanceId\":\"i-1\",\"instanceStatus\":\"Succeeded\"}"));
        assertTrue(assertInstanceOf(Envelope.Invalid.class, envelope).reason().contains("instance"));
    }

    @Test
    void aRepositoryStateChange() {
        Envelope envelope = parse(eventBridge("aws.codecommit", "CodeCommit Repository State Change",
                "{\"callerUserArn\":\"arn:aws:iam::123456789012:user/jane\",\"commitId\":\"" + SHA + "\","
                        + "\"event\":\"referenceUpdated\",\"oldCommitId\":\"" + OLD + "\",\"referenceFullName\":"
                        + "\"refs/heads/main\",\"referenceName\":\"main\",\"referenceType\":\"branch\","
                        + "\"repositoryId\":\"r\",\"repositoryName\":\"gadgets\"}"));
        List<PushEvent> pushes = assertInstanceOf(Envelope.Push.class, envelope).events();
        assertEquals(List.of(new PushEvent(PushEvent.Origin.EVENTBRIDGE, "gadgets", "referenceUpdated", "branch", "main",
                SHA, OLD, "arn:aws:iam::123456789012:user/jane", Instant.parse("2026-12-01T10:00:00Z"), "us-east-1",
                "123456789012")), pushes);
    }

    @Test
    void aCodeCommitTriggerDirectlyAndThroughSnsReadsEachReference() {
        String records = "{\"Records\":[{\"awsRegion\":\"us-east-1\",\"codecommit\":{\"references\":[{\"commit\":\""
                + SHA + "\",\"ref\":\"refs/heads/main\"},{\"commit\":\"" + OLD + "\",\"ref\":\"refs/tags/v1.2\","
                + "\"created\":true},{\"commit\":\"" + OLD + "\",\"ref\":\"refs/heads/old\",\"deleted\":true}]},"
                + "\"eventId\":\"x\",\"eventName\":\"ReferenceChanges\",\"eventSource\":\"aws:codecommit\","
                + "\"eventSourceARN\":\"arn:aws:codecommit:us-east-1:123456789012:gadgets\",\"eventTime\":"
                + "\"2026-12-01T10:00:00.000+0000\",\"userIdentityARN\":\"arn:aws:iam::123456789012:user/jane\"}]}";
        for (Envelope envelope : List.of(parse(records), parse(sns(records)))) {
            List<PushEvent> pushes = assertInstanceOf(Envelope.Push.class, envelope).events();
            assertEquals(3, pushes.size());
            assertEquals(List.of("referenceUpdated", "referenceCreated", "referenceDeleted"),
                    pushes.stream().map(PushEvent::event).toList());
            assertEquals(List.of("branch", "tag", "branch"), pushes.stream().map(PushEvent::referenceType).toList());
            assertEquals(List.of("main", "v1.2", "old"), pushes.stream().map(PushEvent::referenceName).toList());
            assertEquals("gadgets", pushes.getFirst().repository());
            assertEquals("", pushes.getFirst().oldCommitId());
            assertEquals(PushEvent.Origin.TRIGGER, pushes.getFirst().origin());
            assertEquals(Instant.parse("2026-12-01T10:00:00Z"), pushes.getFirst().time());
        }
    }

    @Test
    void oddNamesAndMessagesAreRefusedWithAReason() {
        assertInstanceOf(Envelope.Invalid.class, parse(eventBridge("aws.codepipeline",
                "CodePipeline Pipeline Execution State Change",
                "{\"pipeline\":\"web release\\n\",\"execution-id\":\"" + EXECUTION + "\",\"state\":\"FAILED\"}")));
        assertInstanceOf(Envelope.Invalid.class, parse(eventBridge("aws.codepipeline",
                "CodePipeline Pipeline Execution State Change", "{\"pipeline\":\"web\",\"execution-id\":\"x\"}")));
        assertInstanceOf(Envelope.Invalid.class, parse(eventBridge("aws.codedeploy",
                "CodeDeploy Deployment State-change Notification", "{\"deploymentId\":\"nope\"}")));
        assertInstanceOf(Envelope.Invalid.class, parse(eventBridge("aws.codecommit",
                "CodeCommit Repository State Change", "{\"repositoryName\":\"gadgets\",\"referenceType\":\"x\"}")));
        assertInstanceOf(Envelope.Invalid.class, parse(sns("not json")));
        assertInstanceOf(Envelope.Invalid.class, parse(sns("{\"something\":\"else\"}")));
        assertInstanceOf(Envelope.Invalid.class, parse("{\"Records\":[]}"));
        assertInstanceOf(Envelope.Invalid.class, parse("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}"));
        assertInstanceOf(Envelope.Invalid.class, parse(sns("{\"approval\":{\"pipelineName\":\"web\","
                + "\"stageName\":\"Prod\",\"actionName\":\"A\",\"token\":\"short\"}}")));
    }

    @Test
    void thePrimingEventsReadAsTheirKinds() {
        assertInstanceOf(Envelope.PipelineRun.class, parse(EventsHandler.PRIMING_CHAIN_EVENTS.get(0)));
        assertInstanceOf(Envelope.Deployment.class, parse(EventsHandler.PRIMING_CHAIN_EVENTS.get(1)));
        assertTrue(assertInstanceOf(Envelope.Invalid.class, parse(EventsHandler.PRIMING_CHAIN_EVENTS.get(2)))
                .reason().contains("approval notification"));
    }
}
