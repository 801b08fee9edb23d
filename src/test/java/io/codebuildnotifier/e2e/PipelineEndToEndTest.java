package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CodePipeline approvals and runs through the real handler, with DynamoDB Local and the loopback CodePipeline,
 * GitHub and Slack: the sample events of {@code events/} on the recorded pipeline {@code web-release}.
 */
@ExtendWith(SandboxExtension.class)
class PipelineEndToEndTest {
    static final String JANE = Cast.JANE.slackId();
    static final String FAILED_RUN = "3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    static final String RELEASED = "7b2d4f6a-8c0e-4a1b-9c3d-5e7f9a1b3c5d";
    static final String TOKEN = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
    /** The recorded approval request's action execution id (state.json, action-executions.json). */
    static final String REQUEST = "0120b0c8-234e-44ee-8ae9-824453426c18";
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
        sandbox.putSlackChannel("C0RELEASE1", "releases");
        sandbox.putSlackChannel("C0DEPLOYS1", "deploys");
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox).with("CBN_CHANNEL_ROUTES",
                "approval:web-*=#releases,pipeline:web-*=#deploys");
        world.recordedPipeline();
    }

    private Outcome deliver(String sample) {
        return world.deliver(World.sample(sample));
    }

    /** A sample event of another execution, or in another state. */
    private static String changed(String sample, String execution, String state, String time) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(World.sample(sample));
            ObjectNode detail = (ObjectNode) event.get("detail");
            detail.put("execution-id", execution).put("state", state);
            event.put("id", java.util.UUID.randomUUID().toString()).put("time", time);
            return event.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every message Slack keeps now, as it shows now, one per message. */
    private static List<String> shown() {
        return sandbox.slackMessages().stream().map(PipelineEndToEndTest::content).toList();
    }

    /** What a message shows now: its text, blocks, attachments and metadata. */
    private static String content(Sandbox.SlackMessageHistory message) {
        Sandbox.SlackContent c = message.current();
        // as JSON carries them: Slack's client escapes = & < > in strings
        return (c.text() + "\n" + c.blocksJson() + "\n" + c.attachmentsJson() + "\n" + c.metadataJson())
                .replace("\\u003d", "=").replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">");
    }

    /** What the last message Slack keeps shows now. */
    private static String last() {
        return content(sandbox.slackMessages().getLast());
    }

    @Test
    void anApprovalIsPostedThenUpdatedInPlaceAsApprovedWithTheApproversComment() {
        Outcome started = deliver("approval-started.json");

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, started, started.summary());
        assertEquals("approval:web-release/Prod/ApproveRelease/" + RELEASED + "/" + REQUEST, told.subject());
        assertEquals(List.of("#releases"), world.takePosts());
        Sandbox.SlackMessageHistory message = sandbox.slackMessages().getLast();
        String waiting = content(message);
        assertTrue(waiting.contains("web-release is waiting for approval at Prod / ApproveRelease"), waiting);
        assertTrue(waiting.contains("Approve or reject"), waiting);
        assertTrue(waiting.contains("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/"
                + "web-release/view?region=us-east-1"), waiting);
        assertTrue(waiting.contains("https://staging.widgets.example.com"), waiting);
        assertTrue(waiting.contains("Merge pull request #42 from acme/widget-size-validation"), waiting);
        assertTrue(waiting.contains("2026-11-10T16:09:52Z"), "expires 7 days after it started: " + waiting);
        assertTrue(message.current().metadataJson().contains("codepipeline_approval"));

        Outcome approved = deliver("approval-approved.json");

        assertInstanceOf(Outcome.Told.class, approved, approved.summary());
        assertEquals(List.of(), world.takePosts(), "no new message");
        Sandbox.SlackMessageHistory updated = sandbox.slackMessage(message.channel(), message.ts()).orElseThrow();
        assertEquals(1, updated.updates());
        String decided = content(updated);
        assertTrue(decided.contains("approved by bob"), decided);
        assertTrue(decided.contains("Staging checked: widget sizes validate"), decided);
        assertFalse(decided.contains("Approve or reject"), "nothing invites action any more: " + decided);
        assertTrue(updated.current().metadataJson().contains("\"decision\":\"approved\""),
                updated.current().metadataJson());

        Outcome again = deliver("approval-approved.json");
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(1, sandbox.slackMessage(message.channel(), message.ts()).orElseThrow().updates());
    }

    @Test
    void anApprovalNobodyAnsweredIsUpdatedAsExpired() {
        String stale = "9d4f6b8a-0e2c-4d3e-8f5a-6b8d0f2a4c6e";
        ObjectNode execution = (ObjectNode) read("executions/" + RELEASED + ".json").get("pipelineExecution");
        execution.put("pipelineExecutionId", stale).put("status", "Failed");
        sandbox.putPipelineExecution(World.PIPELINE, execution);
        ObjectNode run = JSON.createObjectNode().put("pipelineExecutionId", stale)
                .put("actionExecutionId", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d").put("stageName", "Prod")
                .put("actionName", "ApproveRelease").put("status", "Failed").put("startTime", 1_793_700_000.0)
                .put("lastUpdateTime", 1_794_304_800.0);
        run.putObject("input").putObject("actionTypeId").put("category", "Approval").put("owner", "AWS")
                .put("provider", "Manual").put("version", "1");
        run.putObject("output").putObject("executionResult");
        sandbox.putActionExecution(World.PIPELINE, run);

        world.deliver(changed("approval-started.json", stale, "STARTED", "2026-11-03T16:09:52Z"));
        Outcome expired = world.deliver(changed("approval-started.json", stale, "FAILED", "2026-11-10T16:09:52Z"));

        assertInstanceOf(Outcome.Told.class, expired, expired.summary());
        assertEquals(List.of("#releases"), world.takePosts());
        Sandbox.SlackMessageHistory message = sandbox.slackMessages().getLast();
        assertEquals(1, message.updates());
        String shown = content(message);
        assertTrue(shown.contains("expired without a decision"), shown);
        assertFalse(shown.contains("Approve or reject"), shown);
    }

    @Test
    void theSameApprovalThroughSnsAndEventBridgePostsOnceAndTheTokenIsShownNowhere() {
        Outcome viaSns = deliver("approval-sns.json");
        Outcome viaEventBridge = deliver("approval-started.json");

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, viaSns, viaSns.summary());
        assertEquals("approval:web-release/Prod/ApproveRelease/" + RELEASED + "/" + REQUEST, told.subject());
        assertInstanceOf(Outcome.Duplicate.class, viaEventBridge, viaEventBridge.summary());
        assertEquals(List.of("#releases"), world.takePosts());
        String all = String.join("\n", shown());
        assertTrue(all.contains("2026-11-10T16:09:00Z"), "the notification's expiry: " + all);
        assertFalse(all.contains(TOKEN), all);
        assertFalse(viaSns.summary().contains(TOKEN));
        assertFalse(world.allItems().toString().contains(TOKEN), "nothing kept holds the token");
    }

    /** The recorded action runs, newest first, the approval's run of the released execution changed by {@code edit}. */
    private static List<ObjectNode> recordedRuns(java.util.function.Consumer<ObjectNode> edit) {
        List<ObjectNode> runs = new java.util.ArrayList<>();
        read("action-executions.json").get("actionExecutionDetails").forEach(r -> {
            ObjectNode run = ((ObjectNode) r).deepCopy();
            if (run.path("actionName").asText().equals("ApproveRelease")) {
                edit.accept(run);
            }
            runs.add(run);
        });
        return runs;
    }

    /** The recorded state with the approval's latest execution replaced. */
    private static ObjectNode stateWithApproval(String actionExecution, String status, String token) {
        ObjectNode state = (ObjectNode) read("state.json");
        for (var stage : state.get("stageStates")) {
            for (var action : stage.get("actionStates")) {
                if (action.path("actionName").asText().equals("ApproveRelease")) {
                    ObjectNode latest = ((ObjectNode) action).putObject("latestExecution")
                            .put("actionExecutionId", actionExecution).put("status", status)
                            .put("lastStatusChange", 1_793_724_000.0);
                    if (!token.isEmpty()) {
                        latest.put("token", token);
                    }
                }
            }
        }
        return state;
    }

    @Test
    void aRejectedApprovalRetriedInTheSameExecutionIsANewMessageAndItsApprovalUpdatesThatOne() {
        String retry = "5d7e9f1a-3b4c-4d5e-8f6a-7b8c9d0e1f2a";
        String retryToken = "8e0f2a4c-6b8d-4e1f-9a3b-5c7d9e1f3a5b";
        String key = "approval:web-release/Prod/ApproveRelease/" + RELEASED + "/";

        Outcome started = deliver("approval-started.json");
        assertEquals(key + REQUEST, assertInstanceOf(Outcome.Told.class, started, started.summary()).subject());
        assertEquals(List.of("#releases"), world.takePosts());
        Sandbox.SlackMessageHistory first = sandbox.slackMessages().getLast();
        List<ObjectNode> rejectedRuns = recordedRuns(run -> {
            run.put("status", "Failed").put("updatedBy", "arn:aws:sts::123456789012:assumed-role/ReleaseManagers/carol");
            ((ObjectNode) run.get("output").get("executionResult")).put("externalExecutionSummary", "Not during the freeze");
        });
        sandbox.putActionExecutions(World.PIPELINE, rejectedRuns);
        sandbox.putPipelineState(World.PIPELINE, stateWithApproval(REQUEST, "Failed", ""));
        Outcome rejected = world.deliver(changed("approval-started.json", RELEASED, "FAILED", "2026-11-03T16:30:00Z"));
        assertInstanceOf(Outcome.Told.class, rejected, rejected.summary());
        assertEquals(List.of(), world.takePosts());

        // "Retry failed actions": CodePipeline opens a new request, with a new token, in the same execution
        List<ObjectNode> retried = new java.util.ArrayList<>(rejectedRuns);
        ObjectNode waiting = rejectedRuns.stream().filter(r -> r.path("actionName").asText().equals("ApproveRelease"))
                .findFirst().orElseThrow().deepCopy();
        waiting.put("actionExecutionId", retry).put("status", "InProgress").put("startTime", 1_793_724_000.0)
                .put("lastUpdateTime", 1_793_724_000.0).remove(List.of("updatedBy", "output"));
        retried.addFirst(waiting);
        sandbox.putActionExecutions(World.PIPELINE, retried);
        sandbox.putPipelineState(World.PIPELINE, stateWithApproval(retry, "InProgress", retryToken));
        Outcome viaSns = world.deliver(World.sample("approval-sns.json").replace(TOKEN, retryToken)
                .replace("9e5b7a1c-3f6d-4c0e-8a4b-5d7c9e1f3a6b", "4c6e8a0b-2d4f-4a6c-8e0a-2c4e6a8c0e2a"));
        Outcome viaEventBridge = world.deliver(changed("approval-started.json", RELEASED, "STARTED",
                "2026-11-03T16:40:00Z"));

        assertEquals(key + retry, assertInstanceOf(Outcome.Told.class, viaSns, viaSns.summary()).subject());
        assertInstanceOf(Outcome.Duplicate.class, viaEventBridge, viaEventBridge.summary());
        assertEquals(List.of("#releases"), world.takePosts(), "the retry's request is a message of its own");
        Sandbox.SlackMessageHistory second = sandbox.slackMessages().getLast();
        assertFalse(second.ts().equals(first.ts()));
        assertTrue(content(second).contains("Approve or reject"), content(second));

        ObjectNode approvedRun = waiting.deepCopy().put("status", "Succeeded").put("lastUpdateTime", 1_793_725_000.0)
                .put("updatedBy", "arn:aws:sts::123456789012:assumed-role/ReleaseManagers/bob");
        approvedRun.putObject("output").putObject("executionResult").put("externalExecutionSummary", "Freeze is over");
        List<ObjectNode> approvedRuns = new java.util.ArrayList<>(rejectedRuns);
        approvedRuns.addFirst(approvedRun);
        sandbox.putActionExecutions(World.PIPELINE, approvedRuns);
        sandbox.putPipelineState(World.PIPELINE, stateWithApproval(retry, "Succeeded", ""));
        Outcome approved = deliver("approval-approved.json");

        assertEquals(key + retry, assertInstanceOf(Outcome.Told.class, approved, approved.summary()).subject());
        assertEquals(List.of(), world.takePosts(), "no third message");
        String firstShown = content(sandbox.slackMessage(first.channel(), first.ts()).orElseThrow());
        String secondShown = content(sandbox.slackMessage(second.channel(), second.ts()).orElseThrow());
        assertTrue(firstShown.contains("rejected by carol") && firstShown.contains("Not during the freeze"), firstShown);
        assertTrue(secondShown.contains("approved by bob") && secondShown.contains("Freeze is over"), secondShown);
        assertFalse(secondShown.contains("Approve or reject"), secondShown);
        assertFalse(String.join("\n", shown()).contains(retryToken));
        assertFalse(world.allItems().toString().contains(retryToken), "nothing kept holds the token");
    }

    @Test
    void aFailedRunNamesTheFailingStageAndActionAndTellsTheCommitsAuthor() {
        Outcome failed = deliver("pipeline-failed.json");

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, failed, failed.summary());
        assertEquals("pipeline:web-release/" + FAILED_RUN, told.subject());
        assertEquals(List.of(JANE, "#deploys"), world.takePosts());
        String shown = last();
        assertTrue(shown.contains("web-release failed at Build / Build"), shown);
        assertTrue(shown.contains("Build terminated with state: FAILED"), shown);
        assertTrue(shown.contains("JobFailed"), shown);
        assertTrue(shown.contains("4m 39s"), "from its first action's start to its last's update: " + shown);
        assertTrue(shown.contains("Add widget size validation") || shown.contains("Merge pull request #42"), shown);
        assertTrue(sandbox.slackMessages().getLast().current().metadataJson().contains("codepipeline_execution"));

        Outcome again = deliver("pipeline-failed.json");
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(List.of(), world.takePosts());
    }

    /** The recorded pipeline's file {@code name}, to change before it is put. */
    private static ObjectNode recorded(String name) {
        try {
            return (ObjectNode) JSON.readTree(java.nio.file.Files.readString(
                    java.nio.file.Path.of("events", "sandbox", "codepipeline", "web-release", name)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anApprovalWhoseActionDeclaresATimeoutExpiresWhenItRunsOut() {
        ObjectNode pipeline = (ObjectNode) recorded("pipeline.json").get("pipeline");
        pipeline.get("stages").forEach(stage -> stage.get("actions").forEach(action -> {
            if (action.path("name").asText().equals("ApproveRelease")) {
                ((ObjectNode) action).put("timeoutInMinutes", 60);
            }
        }));
        sandbox.putPipeline(pipeline);

        assertInstanceOf(Outcome.Told.class, deliver("approval-started.json"));

        String waiting = last();
        assertTrue(waiting.contains("2026-11-03T17:09:52Z"), "an hour after it started: " + waiting);
        assertFalse(waiting.contains("2026-11-10T16:09:52Z"), waiting);
    }

    @Test
    void aFailedRunsErrorIsTheActionsErrorMessageBeforeItsSummary() {
        List<ObjectNode> runs = new java.util.ArrayList<>();
        recorded("action-executions.json").get("actionExecutionDetails").forEach(d -> runs.add((ObjectNode) d));
        runs.stream().filter(d -> d.path("status").asText().equals("Failed")).forEach(d -> {
            ObjectNode result = (ObjectNode) d.get("output").get("executionResult");
            result.put("externalExecutionSummary", "Build failed");
            ((ObjectNode) result.get("errorDetails")).put("message",
                    "Build terminated with state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR");
        });
        sandbox.putActionExecutions("web-release", runs);

        assertInstanceOf(Outcome.Told.class, deliver("pipeline-failed.json"));

        String shown = last();
        assertTrue(shown.contains("Phase: BUILD, Code: COMMAND_EXECUTION_ERROR"), shown);
        assertFalse(shown.contains("Build failed"), "not the summary: " + shown);
    }

    @Test
    void theFirstSuccessAfterAFailureIsToldAndTheNextIsNot() {
        deliver("pipeline-failed.json");
        world.takePosts();

        Outcome fixed = deliver("pipeline-succeeded.json");

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, fixed, fixed.summary());
        assertTrue(told.decision().notifies(), fixed.summary());
        assertEquals(List.of("#deploys"), world.takePosts());
        String shown = last();
        assertTrue(shown.contains("web-release succeeded"), shown);
        assertTrue(shown.contains("started by jane"), shown);

        String next = "4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f";
        ObjectNode execution = (ObjectNode) read("executions/" + RELEASED + ".json").get("pipelineExecution");
        sandbox.putPipelineExecution(World.PIPELINE, execution.put("pipelineExecutionId", next));
        Outcome unchanged = world.deliver(changed("pipeline-succeeded.json", next, "SUCCEEDED", "2026-11-03T18:00:00Z"));
        Outcome.Told quiet = assertInstanceOf(Outcome.Told.class, unchanged, unchanged.summary());
        assertFalse(quiet.decision().notifies(), unchanged.summary());
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void eachKindGoesToItsOwnChannelAndNoChannelMeansNoPost() {
        world.with("CBN_CHANNEL_ROUTES", "approval:web-*=#releases,pipeline:api-*=#deploys")
                .with("CBN_ADDITIONAL_CHANNEL", "#builds");
        deliver("approval-started.json");
        deliver("pipeline-succeeded.json");
        assertEquals(List.of("#releases", "#builds"), world.takePosts(), "the catch-all takes the run");

        World other = World.fresh(dynamo, sandbox).with("CBN_CHANNEL_ROUTES", "approval:api-*=#releases");
        Outcome approval = other.deliver(World.sample("approval-started.json"));
        Outcome run = other.deliver(World.sample("pipeline-succeeded.json"));
        assertTrue(approval.summary().contains("no channel for approvals of web-release"), approval.summary());
        assertTrue(run.summary().contains("no channel for runs of web-release"), run.summary());
        assertEquals(List.of(), other.takePosts());
    }

    @Test
    void aKindTurnedOffIsIgnored() {
        world.with("CBN_NOTIFY_APPROVALS", "false").with("CBN_NOTIFY_PIPELINES", "false");
        assertInstanceOf(Outcome.Ignored.class, deliver("approval-started.json"));
        assertInstanceOf(Outcome.Ignored.class, deliver("pipeline-failed.json"));
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void aRetryAfterASlackFailureHalfWayPostsOnlyWhatIsMissing() {
        // Jane's DM goes out, then Slack fails for good on the channel's post
        sandbox.failAfter("slack", "chat.postMessage", 1, 4, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> deliver("pipeline-failed.json"));
        assertEquals(List.of(JANE), world.takePosts());

        Outcome retry = deliver("pipeline-failed.json");
        assertInstanceOf(Outcome.Told.class, retry, retry.summary());
        assertEquals(List.of("#deploys"), world.takePosts(), "only what is missing");

        sandbox.clearFaults();
        deliver("approval-started.json");
        world.takePosts();
        sandbox.failNext("slack", "chat.update", 4, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> deliver("approval-approved.json"));
        Outcome updated = deliver("approval-approved.json");
        assertInstanceOf(Outcome.Told.class, updated, updated.summary());
        assertEquals(List.of(), world.takePosts(), "the update, never a second message");
        assertTrue(last().contains("approved by bob"), last());
    }

    @Test
    void theRecordedRunsAreReadOnce() {
        deliver("pipeline-failed.json");
        List<String> calls = sandbox.calls().stream().filter(c -> c.service().equals("codepipeline"))
                .map(Sandbox.Call::operation).collect(Collectors.toList());
        assertEquals(List.of("GetPipelineExecution", "GetPipeline", "ListActionExecutions"), calls);
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String path) {
        try {
            return JSON.readTree(java.nio.file.Path.of("events", "sandbox", "codepipeline", World.PIPELINE)
                    .resolve(path).toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
