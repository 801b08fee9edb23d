package io.codebuildnotifier.interactions;

import static io.codebuildnotifier.interactions.Fixture.APPROVAL;
import static io.codebuildnotifier.interactions.Fixture.EVE;
import static io.codebuildnotifier.interactions.Fixture.EXECUTION;
import static io.codebuildnotifier.interactions.Fixture.GUS;
import static io.codebuildnotifier.interactions.Fixture.JANE;
import static io.codebuildnotifier.interactions.Fixture.MESSAGE;
import static io.codebuildnotifier.interactions.Fixture.NOW;
import static io.codebuildnotifier.interactions.Fixture.REPLY;
import static io.codebuildnotifier.interactions.Fixture.RITA;
import static io.codebuildnotifier.interactions.Fixture.SAM;
import static io.codebuildnotifier.interactions.Fixture.SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.ChatDecision;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.testkit.InMemoryApprovalDecisions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalsTest {
    private final Fixture f = new Fixture();

    @Test
    void aClickOpensTheDialogAtOnceWithTheApprovalAndTheMessage() {
        Request.Click click = f.click(SAM, Actions.APPROVE, Fixture.approvalArgs(APPROVAL));
        Ack ack = f.interactions().acknowledge(click, f.deadline());

        assertEquals(Ack.DONE, ack);
        InMemoryConversationOpened opened = new InMemoryConversationOpened(f);
        assertEquals(click.dialogTrigger(), opened.trigger());
        Dialog dialog = opened.dialog();
        assertEquals(Actions.DECIDE_DIALOG, dialog.dialogId());
        assertEquals(Map.of(Actions.PIPELINE, "shop", Actions.STAGE, "Release", Actions.ACTION, "Approve",
                Actions.EXECUTION_ID, EXECUTION, Actions.DECISION, "Approved"), dialog.args());
        assertEquals(Optional.of(MESSAGE.ref()), dialog.about());
        assertEquals(REPLY, dialog.replyTo());
        assertEquals(List.of("open"), f.chat.calls());
    }

    @Test
    void rejectOpensTheRejectDialog() {
        f.interactions().acknowledge(f.click(EVE, Actions.REJECT, Fixture.approvalArgs(APPROVAL)), f.deadline());
        assertEquals("Rejected", new InMemoryConversationOpened(f).dialog().args().get(Actions.DECISION));
    }

    @Test
    void anApproverApprovesWithACommentNamedInTheSummary() {
        Ack ack = f.handle(f.submission(SAM, "Approved", "Looks good."));

        assertEquals(Ack.LATER, ack);
        InMemoryApprovalDecisions.Decision decision = f.decisions.decisions().get(0);
        assertEquals(APPROVAL, decision.approval());
        assertTrue(decision.approved());
        assertEquals("Looks good. (approved by Sam Approver in Slack, USAM)", decision.summary());
        assertEquals(Optional.of(new ChatDecision("Looks good.", "Sam Approver", "USAM")),
                ChatDecision.read(decision.summary()));
        assertEquals(List.of(APPROVAL), f.refreshed);
        assertEquals(List.of("Approved shop, Release / Approve."), f.chat.onlyAnswer().lines());
        assertEquals(REPLY, f.chat.answers().get(0).replyTo());
        assertEquals(List.of("codebuild-notifier: interaction who=USAM what=decide Approved shop, Release / Approve"
                + " result=decided"), f.log);
    }

    @Test
    void approversByAddressAndByGroupMayDecide() {
        f.handle(f.submission(RITA, "Rejected", ""));
        assertEquals("(rejected by Rita Reviewer in Slack, URITA)", f.decisions.decisions().get(0).summary());

        Fixture other = new Fixture();
        other.handle(other.submission(GUS, "Approved", null));
        assertEquals(1, other.decisions.decisions().size());
    }

    @Test
    void aStrangerIsRefusedAndNothingIsDecided() {
        f.handle(f.submission(EVE, "Approved", "sure"));

        assertEquals(List.of(), f.decisions.decisions());
        assertEquals(List.of(), f.refreshed);
        assertTrue(f.said().contains("You are not allowed to approve or reject"));
        assertTrue(f.log.get(0).endsWith("result=refused: not an approver"));
    }

    @Test
    void anApproverLeavingTheGroupLosesTheRightAtOnce() {
        f.chat.group("release-managers");
        f.handle(f.submission(GUS, "Approved", null));
        assertEquals(List.of(), f.decisions.decisions());
    }

    @Test
    void anAuthorWhoIsAnApproverMayNotApproveTheirOwnChange() {
        f.rules = new Rules(List.of("UJANE", "USAM"), Rules.RetryBy.AUTHORS, List.of(), false, "Slack");
        f.handle(f.submission(JANE, "Approved", "mine"));

        assertEquals(List.of(), f.decisions.decisions());
        assertTrue(f.said().contains("somebody else must approve it"));
        assertTrue(f.log.get(0).endsWith("result=refused: self-approval"));
    }

    @Test
    void aCommitterIsAnAuthorToo() {
        Fixture fixture = new Fixture();
        fixture.git.commit(new Commit(SHA, "Jane Doe", "jane@example.com", "Sam Approver", "sam@example.com", "x"));
        fixture.handle(fixture.submission(SAM, "Approved", null));
        assertEquals(List.of(), fixture.decisions.decisions());
    }

    @Test
    void theAuthorMatchedByAddressWhenTheDirectoryDoesNotKnowThem() {
        Fixture fixture = new Fixture();
        fixture.git.commit(new Commit(SHA, "Rita", "RITA@example.com", "Rita", "rita@example.com", "x"));
        fixture.directory.member("rita@example.com", "USOMEONEELSE");
        fixture.handle(fixture.submission(RITA, "Approved", null));
        assertEquals(List.of(), fixture.decisions.decisions());
    }

    @Test
    void aRevisionWhoseCommitCannotBeReadCannotBeApprovedFromTheChat() {
        Fixture fixture = new Fixture();
        fixture.pipelines.put("shop", new Pipelines.Execution(EXECUTION, "InProgress", "Webhook", "", NOW, NOW,
                List.of(new Pipelines.SourceRevision("SourceArtifact", "0123456789abcdef0123456789abcdef01234567",
                        "Unknown", ""))));
        fixture.handle(fixture.submission(SAM, "Approved", null));

        assertEquals(List.of(), fixture.decisions.decisions());
        assertTrue(fixture.said().contains("could not be read"), fixture.said());
        assertTrue(fixture.log.get(0).endsWith("result=refused: 1 commit(s) of the revision could not be read"),
                fixture.log.get(0));
    }

    @Test
    void selfApprovalIsAllowedWithTheFlag() {
        f.rules = new Rules(List.of("UJANE"), Rules.RetryBy.AUTHORS, List.of(), true, "Slack");
        f.handle(f.submission(JANE, "Approved", "mine"));
        assertEquals(1, f.decisions.decisions().size());
        assertEquals(0, f.pipelines.calls());
    }

    @Test
    void anAuthorMayRejectTheirOwnChange() {
        f.rules = new Rules(List.of("UJANE"), Rules.RetryBy.AUTHORS, List.of(), false, "Slack");
        f.handle(f.submission(JANE, "Rejected", "not yet"));
        assertEquals(1, f.decisions.decisions().size());
    }

    @Test
    void anExecutionCodePipelineDoesNotKnowIsNotApproved() {
        Fixture fixture = new Fixture();
        ApprovalRef other = new ApprovalRef("shop", "Release", "Approve", "00000000-0000-4000-8000-000000000000");
        fixture.decisions.waiting(other);
        Map<String, String> args = new java.util.HashMap<>(Fixture.approvalArgs(other));
        args.put(Actions.DECISION, "Approved");
        fixture.handle(new Request.Submission("t-9", SAM, Actions.DECIDE_DIALOG, args, Map.of(), Optional.empty(),
                REPLY));
        assertEquals(List.of(), fixture.decisions.decisions());
        assertTrue(fixture.said().contains("does not know the execution"));
    }

    @Test
    void anApprovalDecidedAlreadyIsSaidSoAndItsMessageBroughtUpToDate() {
        f.handle(f.submission(SAM, "Approved", "first"));
        f.handle(f.submission(RITA, "Rejected", "second"));

        assertEquals(1, f.decisions.decisions().size());
        assertEquals(List.of(APPROVAL, APPROVAL), f.refreshed);
        assertEquals(List.of("This approval was decided already (Approved, by Sam Approver). Nothing was changed."),
                f.chat.answers().get(1).answer().lines());
    }

    @Test
    void anExpiredApprovalIsSaidSoAndItsMessageBroughtUpToDate() {
        f.decisions.expire(APPROVAL);
        f.handle(f.submission(SAM, "Approved", null));

        assertEquals(List.of(), f.decisions.decisions());
        assertEquals(List.of(APPROVAL), f.refreshed);
        assertTrue(f.said().contains("no longer waiting"));
        assertTrue(f.log.get(0).contains("result=not waiting"));
    }

    @Test
    void aSupersededApprovalIsNotDecided() {
        f.decisions.waiting(new ApprovalRef("shop", "Release", "Approve", "99999999-0000-4000-8000-000000000000"));
        f.handle(f.submission(SAM, "Approved", null));
        assertEquals(List.of(), f.decisions.decisions());
        assertTrue(f.said().contains("another execution"));
    }

    @Test
    void aRedeliveredSubmissionDecidesOnce() {
        Request.Submission submission = f.submission(SAM, "Approved", null);
        f.handle(submission);
        f.interactions().complete(submission, f.invocation());
        assertEquals(1, f.decisions.decisions().size());
        assertEquals(1, f.chat.answers().size());
    }

    @Test
    void withoutApproversTheClickOpensNothingAndIsAnsweredLater() {
        f.rules = Rules.defaults();
        Ack ack = f.handle(f.click(SAM, Actions.APPROVE, Fixture.approvalArgs(APPROVAL)));
        assertEquals(Ack.LATER, ack);
        assertEquals(List.of(), f.chat.dialogs());
        assertTrue(f.said().contains("Nobody may approve or reject from Slack"));
    }

    @Test
    void aStrangerGetsNoDialogWhenEveryApproverIsListedById() {
        f.rules = new Rules(List.of("USAM"), Rules.RetryBy.AUTHORS, List.of(), false, "Slack");
        Ack ack = f.handle(f.click(EVE, Actions.APPROVE, Fixture.approvalArgs(APPROVAL)));
        assertEquals(Ack.LATER, ack);
        assertEquals(List.of(), f.chat.dialogs());
        assertTrue(f.said().contains("You are not allowed to approve or reject"));
        assertTrue(f.log.get(0).endsWith("result=refused: not an approver"));
    }

    @Test
    void aDialogThatCouldNotOpenIsSaidSo() {
        f.chat.failOpening(new TransientFailure("views.open timed out"));
        Ack ack = f.handle(f.click(SAM, Actions.APPROVE, Fixture.approvalArgs(APPROVAL)));
        assertEquals(Ack.LATER, ack);
        assertTrue(f.said().contains("could not be opened in time"));
        assertEquals(List.of(), f.decisions.decisions());
    }

    @Test
    void aButtonWithoutAnApprovalOpensNothing() {
        Ack ack = f.handle(f.click(SAM, Actions.APPROVE, Map.of(Actions.PIPELINE, "shop")));
        assertEquals(Ack.LATER, ack);
        assertEquals(List.of(), f.chat.dialogs());
        assertTrue(f.said().contains("does not say which approval"));
    }

    @Test
    void aDialogWithoutADecisionDecidesNothing() {
        f.handle(new Request.Submission("t-1", SAM, Actions.DECIDE_DIALOG, Fixture.approvalArgs(APPROVAL), Map.of(),
                Optional.empty(), REPLY));
        assertEquals(List.of(), f.decisions.decisions());
        assertTrue(f.said().contains("does not say"));
    }

    @Test
    void aLongCommentIsClippedAndTheSignatureKept() {
        f.handle(f.submission(SAM, "Approved", "x".repeat(5000)));
        String summary = f.decisions.decisions().get(0).summary();
        assertTrue(summary.length() <= ChatDecision.MAX_SUMMARY);
        assertTrue(summary.endsWith("(approved by Sam Approver in Slack, USAM)"));
    }

    /** The one dialog opened. */
    private record InMemoryConversationOpened(String trigger, Dialog dialog) {
        InMemoryConversationOpened(Fixture f) {
            this(f.chat.dialogs().get(0).trigger(), f.chat.dialogs().get(0).dialog());
        }
    }
}
