package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.chain.ChatDecision;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Approve and Reject, end to end: the recorded pipeline's approval ({@code events/approval-started.json}) posted by the
 * real events function with its buttons (approvers are set), a click that opens the comment dialog (views.open within
 * the acknowledgement), the dialog's submission deciding it (PutApprovalResult naming the person, the approval's
 * message revised by the approvals' source); self-approval, non-approvers, and approvals decided or expired.
 */
@ExtendWith(SandboxExtension.class)
class ApprovalButtonsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PIPELINE = World.PIPELINE;
    static final String EXECUTION = "7b2d4f6a-8c0e-4a1b-9c3d-5e7f9a1b3c5d";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;
    SlackSide slack;
    int decisionsBefore;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
        sandbox.putSlackChannel("C0RELEASE1", "releases");
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox).with("CBN_CHANNEL_ROUTES", "approval:web-*=#releases")
                .with("CBN_APPROVERS", Cast.BOB.slackId() + "," + Cast.JANE.slackId());
        // Jane wrote the commit the execution runs (World.recordedPipeline)
        world.waitingApprovalPipeline();
        // a generous acknowledgement time, so that a slow machine does not fail these; the one test that holds the
        // dialog to Lambda's own time is theDialogOpensWithinLambdasAcknowledgementTime
        slack = new SlackSide(world, java.time.Duration.ofSeconds(20));
        decisionsBefore = sandbox.approvalDecisions().size();
    }

    private List<Sandbox.ApprovalDecision> decisions() {
        List<Sandbox.ApprovalDecision> all = sandbox.approvalDecisions();
        return all.subList(decisionsBefore, all.size());
    }

    /** The approval asked for, posted to #releases with Approve and Reject; its message as Slack keeps it. */
    private Sandbox.SlackMessageHistory approvalMessage() {
        Outcome started = world.deliver(World.sample("approval-started.json"));
        assertInstanceOf(Outcome.Told.class, started, started.summary());
        assertEquals(List.of("#releases"), world.takePosts());
        Sandbox.SlackMessageHistory message = sandbox.slackMessages().getLast();
        assertTrue(SlackSide.interactive(message.current()), "Approve and Reject: " + message.current());
        return message;
    }

    private Sandbox.SlackMessageHistory now(Sandbox.SlackMessageHistory message) {
        return sandbox.slackMessage(message.channel(), message.ts()).orElseThrow();
    }

    /** Clicks {@code actionId} and answers the dialog it opened with {@code comment}; the click's trigger. */
    private String decide(Cast.Person who, Sandbox.SlackMessageHistory message, String actionId, String comment) {
        String trigger = SlackSide.trigger();
        int views = sandbox.slackViews().size();
        JsonNode clicked = slack.sendPayload(slack.click(who, message, actionId, trigger));
        assertEquals(200, clicked.path("statusCode").asInt(), clicked.toString());
        assertEquals("", clicked.path("body").asText(), "nothing shown at once: the dialog opens");
        List<Sandbox.SlackView> opened = sandbox.slackViews();
        assertEquals(views + 1, opened.size(), "views.open: " + slack.logged());
        Sandbox.SlackView dialog = opened.getLast();
        assertEquals("views.open", dialog.method());
        assertEquals(trigger, dialog.target(), "opened with the click's trigger id");
        assertTrue(dialog.viewJson().contains(Actions.DECIDE_DIALOG), dialog.viewJson());
        JsonNode submitted = slack.sendPayload(slack.submit(who, dialog, comment));
        assertEquals(200, submitted.path("statusCode").asInt(), submitted.toString());
        assertEquals("", submitted.path("body").asText(), "the modal closes");
        return trigger;
    }

    private String answer(String trigger) {
        List<JsonNode> answers = slack.answers(trigger);
        assertEquals(1, answers.size(), "one answer: " + sandbox.slackResponses());
        assertEquals("ephemeral", answers.getFirst().path("response_type").asText(), answers.toString());
        return SlackSide.shown(answers.getFirst());
    }

    @Test
    void anApproverApprovesWithACommentAndTheMessageShowsWhoAndWhy() {
        Sandbox.SlackMessageHistory message = approvalMessage();

        String trigger = decide(Cast.BOB, message, Actions.APPROVE, "Staging looks good");

        List<Sandbox.ApprovalDecision> decided = decisions();
        assertEquals(1, decided.size(), decided.toString());
        Sandbox.ApprovalDecision decision = decided.getFirst();
        assertEquals(List.of(PIPELINE, "Prod", "ApproveRelease", "Approved"),
                List.of(decision.pipeline(), decision.stage(), decision.action(), decision.status()));
        ChatDecision read = ChatDecision.read(decision.summary()).orElseThrow(() -> new AssertionError(
                "the summary names the person: " + decision.summary()));
        assertEquals(Cast.BOB.slackId(), read.chatId(), decision.summary());
        assertEquals("Staging looks good", read.comment(), decision.summary());
        Sandbox.SlackMessageHistory revised = now(message);
        assertTrue(revised.updates() >= 1, "the approval's message revised");
        String shown = SlackSide.shown(revised.current());
        assertTrue(shown.toLowerCase(java.util.Locale.ROOT).contains("approved"), shown);
        assertTrue(shown.contains("Bob") || shown.contains("bob"), "who: " + shown);
        assertTrue(shown.contains("Staging looks good"), "the comment: " + shown);
        assertFalse(SlackSide.interactive(revised.current()), "no buttons left: " + revised.current());
        assertTrue(answer(trigger).contains("Approved"), slack.answers(trigger).toString());
    }

    /**
     * With the acknowledgement time the function has in Lambda (2.5 s for its calls), views.open is made while Slack
     * waits: the approval's dialog opens.
     */
    @Test
    void theDialogOpensWithinLambdasAcknowledgementTime() {
        slack = new SlackSide(world);
        Sandbox.SlackMessageHistory message = approvalMessage();

        decide(Cast.BOB, message, Actions.APPROVE, "");

        assertEquals(List.of("Approved"), decisions().stream().map(Sandbox.ApprovalDecision::status).toList());
    }

    @Test
    void anApproverRejectsWithoutAComment() {
        Sandbox.SlackMessageHistory message = approvalMessage();

        String trigger = decide(Cast.BOB, message, Actions.REJECT, null);

        assertEquals(List.of("Rejected"), decisions().stream().map(Sandbox.ApprovalDecision::status).toList());
        String shown = SlackSide.shown(now(message).current());
        assertTrue(shown.toLowerCase(java.util.Locale.ROOT).contains("rejected"), shown);
        assertTrue(answer(trigger).contains("Rejected"), slack.answers(trigger).toString());
    }

    @Test
    void theAuthorOfTheRevisionMayNotApproveIt() {
        Sandbox.SlackMessageHistory message = approvalMessage();
        int updates = now(message).updates();

        String trigger = decide(Cast.JANE, message, Actions.APPROVE, "LGTM");

        assertEquals(List.of(), decisions());
        assertEquals(updates, now(message).updates(), "the message is unchanged");
        String said = answer(trigger);
        assertTrue(said.contains("somebody else must approve"), said);
    }

    @Test
    void selfApprovalIsAllowedWhenTheSettingSaysSo() {
        world.with("CBN_ALLOW_SELF_APPROVAL", "true");
        Sandbox.SlackMessageHistory message = approvalMessage();

        decide(Cast.JANE, message, Actions.APPROVE, "hotfix, approving my own");

        assertEquals(List.of("Approved"), decisions().stream().map(Sandbox.ApprovalDecision::status).toList());
        assertEquals(Cast.JANE.slackId(), ChatDecision.read(decisions().getFirst().summary()).orElseThrow().chatId());
    }

    @Test
    void theAuthorMayStillRejectHerOwnChange() {
        Sandbox.SlackMessageHistory message = approvalMessage();

        decide(Cast.JANE, message, Actions.REJECT, "not ready");

        assertEquals(List.of("Rejected"), decisions().stream().map(Sandbox.ApprovalDecision::status).toList());
    }

    @Test
    void aNonApproverListedByIdGetsNoDialogAndIsToldSo() {
        Sandbox.SlackMessageHistory message = approvalMessage();
        String trigger = SlackSide.trigger();
        int views = sandbox.slackViews().size();

        JsonNode clicked = slack.sendPayload(slack.click(Cast.ADMIN, message, Actions.APPROVE, trigger));

        assertEquals(200, clicked.path("statusCode").asInt());
        assertEquals(views, sandbox.slackViews().size(), "no dialog");
        assertEquals(List.of(), decisions());
        assertTrue(answer(trigger).contains("not allowed"), slack.answers(trigger).toString());
    }

    @Test
    void aNonMemberOfTheApproversGroupIsRefusedAtSubmission() {
        sandbox.putSlackUsergroup("S0RELEASE1", "release-managers", List.of(Cast.BOB.slackId()));
        world.with("CBN_APPROVERS", "@release-managers");
        Sandbox.SlackMessageHistory message = approvalMessage();

        // by group, anybody may be an approver until Slack says: the dialog opens, the submission is refused
        String trigger = decide(Cast.ADMIN, message, Actions.APPROVE, "ship it");

        assertEquals(List.of(), decisions());
        assertTrue(answer(trigger).contains("not allowed"), slack.answers(trigger).toString());
        assertTrue(sandbox.count("slack", "usergroups.users.list") >= 1, "the group's members asked");

        String bobs = decide(Cast.BOB, message, Actions.APPROVE, "ship it");
        assertEquals(List.of("Approved"), decisions().stream().map(Sandbox.ApprovalDecision::status).toList());
        assertTrue(answer(bobs).contains("Approved"));
    }

    @Test
    void anApprovalDecidedAlreadyIsSaidSoAndDecidedOnce() {
        Sandbox.SlackMessageHistory message = approvalMessage();
        // two approvers open the dialog from the same message; Bob submits first
        String bobs = decide(Cast.BOB, message, Actions.APPROVE, "first");

        world.with("CBN_ALLOW_SELF_APPROVAL", "true");
        slack.restart();
        String janes = decide(Cast.JANE, message, Actions.REJECT, "second");

        assertEquals(List.of("Approved"), decisions().stream().map(Sandbox.ApprovalDecision::status).toList());
        assertTrue(answer(bobs).contains("Approved"));
        String said = answer(janes);
        assertTrue(said.contains("decided already"), said);
        assertTrue(said.contains("Approved"), said);
        assertTrue(said.contains("Bob") || said.contains("bob"), "by whom: " + said);
        String shown = SlackSide.shown(now(message).current());
        assertTrue(shown.contains("first") && !shown.contains("second"), "the message shows Bob's decision: " + shown);
    }

    @Test
    void anExpiredApprovalIsSaidSoAndNothingIsDecided() throws Exception {
        Sandbox.SlackMessageHistory message = approvalMessage();
        // seven days on, CodePipeline failed the approval itself: Failed, nobody named as its updater
        ObjectNode state = (ObjectNode) JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("events",
                "sandbox", "codepipeline", PIPELINE, "state.json")));
        for (JsonNode stage : state.path("stageStates")) {
            for (JsonNode action : stage.path("actionStates")) {
                if (action.path("actionName").asText().equals("ApproveRelease")) {
                    ObjectNode latest = (ObjectNode) action.path("latestExecution");
                    latest.remove("token");
                    latest.put("status", "Failed").put("summary", "Approval expired");
                }
            }
        }
        sandbox.putPipelineState(PIPELINE, state);
        ObjectNode run = (ObjectNode) JSON.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("events",
                "sandbox", "codepipeline", PIPELINE, "action-executions.json"))).path("actionExecutionDetails")
                .valueStream().filter(r -> r.path("actionName").asText().equals("ApproveRelease")).findFirst()
                .orElseThrow();
        run.put("status", "Failed").remove(List.of("updatedBy"));
        ((ObjectNode) run.path("output").path("executionResult")).put("externalExecutionSummary", "Approval expired");
        sandbox.putActionExecution(PIPELINE, run);

        String trigger = decide(Cast.BOB, message, Actions.APPROVE, "too late?");

        assertEquals(List.of(), decisions());
        assertEquals(0, sandbox.count("codepipeline", "PutApprovalResult"), "not even tried");
        String said = answer(trigger);
        assertTrue(said.contains("no longer waiting"), said);
        assertTrue(said.contains("expired"), said);
        String shown = SlackSide.shown(now(message).current());
        assertTrue(shown.toLowerCase(java.util.Locale.ROOT).contains("expired"), "brought up to date: " + shown);
        assertFalse(SlackSide.interactive(now(message).current()), "no buttons left");
    }

    @Test
    void withoutApproversTheMessageHasNoButtons() {
        world.with("CBN_APPROVERS", "");
        Outcome started = world.deliver(World.sample("approval-started.json"));
        assertInstanceOf(Outcome.Told.class, started, started.summary());
        assertFalse(SlackSide.interactive(sandbox.slackMessages().getLast().current()),
                sandbox.slackMessages().getLast().current().toString());
    }
}
