package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.interactions.ApprovalDecisions;
import io.codebuildnotifier.interactions.ApprovalRef;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.testkit.ApprovalDecisionsContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** What the interactions' AWS adapters send and how they read CodeBuild's and CodePipeline's failures. */
class InteractionsAdaptersTest {
    private static final String BUILD = "widgets-ci:11111111-1111-4111-8111-111111111111";
    private static final String EXECUTION = "11111111-aaaa-4aaa-8aaa-111111111111";
    private static Sandbox sandbox;
    private static CodeBuildClient codeBuild;
    private static CodePipelineClient codePipeline;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        codeBuild = InteractionsContractsTest.codeBuild(sandbox);
        codePipeline = InteractionsContractsTest.codePipeline(sandbox);
        sandbox.putBuild(InteractionsContractsTest.build(BUILD, 12));
        sandbox.putPipeline(InteractionsContractsTest.pipeline("web-release", List.of("Prod")));
    }

    @AfterAll
    static void stop() {
        codeBuild.close();
        codePipeline.close();
        sandbox.close();
    }

    @BeforeEach
    void clean() {
        sandbox.clearFaults();
        sandbox.clearRecordings();
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }

    @Test
    void aRetrySendsTheTokenAndLinksTheNewBuildInItsRegionsConsole() {
        var retried = new CodeBuildRetries(codeBuild).retry(BUILD, "click-1", deadline());
        assertEquals(13, retried.buildNumber());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/widgets-ci"
                + "/build/" + retried.buildId().replace(":", "%3A") + "/?region=us-east-1", retried.url());
        Sandbox.BuildRetry recorded = sandbox.buildRetries().getLast();
        assertEquals(new Sandbox.BuildRetry(BUILD, "click-1", retried.buildId(), 13), recorded);
    }

    @Test
    void aDeniedRetryNamesTheActionToGrant() {
        sandbox.failNext("codebuild", "RetryBuild", 1, Sandbox.Fault.awsError(400, "AccessDeniedException",
                "not authorized to perform: codebuild:RetryBuild"));
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class,
                () -> new CodeBuildRetries(codeBuild).retry(BUILD, "click-2", deadline()));
        assertTrue(e.getMessage().contains("codebuild:RetryBuild"), e.getMessage());
        assertTrue(e.getMessage().contains("widgets-ci"), e.getMessage());
    }

    @Test
    void aThrottledOrFailingRetryIsTransient() {
        sandbox.failNext("codebuild", "RetryBuild", 1, Sandbox.Fault.awsError(400, "ThrottlingException", "slow"));
        assertThrows(TransientFailure.class, () -> new CodeBuildRetries(codeBuild).retry(BUILD, "click-3", deadline()));
        sandbox.failNext("codebuild", "RetryBuild", 1, Sandbox.Fault.awsError(500, "InternalFailure", null));
        assertThrows(TransientFailure.class, () -> new CodeBuildRetries(codeBuild).retry(BUILD, "click-3", deadline()));
    }

    @Test
    void aBuildStillRunningCannotBeRetried() {
        var running = InteractionsContractsTest.build("widgets-ci:33333333-3333-4333-8333-333333333333", 20);
        running.put("buildStatus", "IN_PROGRESS").put("buildComplete", false);
        sandbox.putBuild(running);
        assertThrows(PermanentFailure.class, () -> new CodeBuildRetries(codeBuild)
                .retry(running.path("id").asText(), "click-4", deadline()));
    }

    @Test
    void anApprovalIsDecidedWithItsTokenAndTheSummaryNeverShowsIt() {
        String token = "0f0e0d0c-0b0a-4909-8807-060504030201";
        sandbox.putWaitingApproval("web-release", "Prod", "Approve", EXECUTION, token);
        ApprovalDecisions.Result result = new CodePipelineDecisions(() -> codePipeline).decide(
                new ApprovalRef("web-release", "Prod", "Approve", EXECUTION), false, "no (rejected by Jane)",
                deadline());
        assertEquals(new ApprovalDecisions.Result.Decided(), result);
        assertEquals(new Sandbox.ApprovalDecision("web-release", "Prod", "Approve", "Rejected",
                "no (rejected by Jane)"), sandbox.approvalDecisions().getLast());
        assertFalse(result.toString().contains(token));
    }

    @Test
    void aTokenRefusedIsNotWaitingAndACompletedOneIsDecided() {
        var waiting = new ApprovalDecisionsContract.Approval(new ApprovalRef("web-release", "Prod", "Approve",
                EXECUTION), ApprovalDecisionsContract.Standing.WAITING, "");
        sandbox.putPipelineState("web-release", InteractionsContractsTest.state("web-release", List.of(waiting)));
        CodePipelineDecisions decisions = new CodePipelineDecisions(() -> codePipeline);
        sandbox.failNext("codepipeline", "PutApprovalResult", 1, Sandbox.Fault.awsError(400,
                "InvalidApprovalTokenException", "The token is not valid"));
        assertEquals(new ApprovalDecisions.Result.NotWaiting("no longer waiting"),
                decisions.decide(waiting.ref(), true, "", deadline()));
        sandbox.failNext("codepipeline", "PutApprovalResult", 1, Sandbox.Fault.awsError(400,
                "ApprovalAlreadyCompletedException", "done"));
        assertTrue(decisions.decide(waiting.ref(), true, "", deadline())
                instanceof ApprovalDecisions.Result.AlreadyDecided);
    }

    @Test
    void aDeniedDecisionNamesTheActionToGrant() {
        sandbox.putWaitingApproval("web-release", "Prod", "Approve", EXECUTION, "0f0e0d0c-0b0a-4909-8807-060504030202");
        sandbox.failNext("codepipeline", "PutApprovalResult", 1, Sandbox.Fault.awsError(400, "AccessDeniedException",
                "not authorized"));
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class,
                () -> new CodePipelineDecisions(() -> codePipeline).decide(new ApprovalRef("web-release", "Prod",
                        "Approve", EXECUTION), true, "", deadline()));
        assertTrue(e.getMessage().contains("codepipeline:PutApprovalResult"), e.getMessage());
        assertFalse(e.getMessage().contains("0f0e0d0c"), "no token in the message");
    }

    @Test
    void aStartSendsAClientTokenCodePipelineAccepts() {
        CodePipelineRuns runs = new CodePipelineRuns(() -> codePipeline, Sandbox.REGION);
        String id = runs.start("web-release", "deploy:1793000000.123456.abcdef", deadline());
        Sandbox.PipelineStart start = sandbox.pipelineStarts().getLast();
        assertEquals(id, start.executionId());
        assertTrue(start.clientRequestToken().matches("[a-zA-Z0-9-]{1,128}"), start.clientRequestToken());
        assertEquals("abc-123", CodePipelineRuns.requestToken("abc-123"));
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/web%20release"
                + "/executions/e-1/timeline?region=us-east-1", runs.executionUrl("web release", "e-1"));
    }

    @Test
    void aDeniedStartNamesTheActionToGrant() {
        sandbox.failNext("codepipeline", "StartPipelineExecution", 1, Sandbox.Fault.awsError(400,
                "AccessDeniedException", "not authorized"));
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class, () -> new CodePipelineRuns(
                () -> codePipeline, Sandbox.REGION).start("web-release", "n-1", deadline()));
        assertTrue(e.getMessage().contains("codepipeline:StartPipelineExecution"), e.getMessage());
    }
}
