package io.codebuildnotifier.sources.pipeline;

import static io.codebuildnotifier.sources.pipeline.PipelineFixture.EXECUTION;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.NOW;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.approvalEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.ChatDecision;
import io.codebuildnotifier.notification.ActionIds;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Approve and Reject on a waiting approval's message, when approvers are configured; who decided from the chat. */
class ApprovalButtonsTest {
    final PipelineFixture f = new PipelineFixture();
    static final String ROLE = "arn:aws:sts::123456789012:assumed-role/notifier-SlackInteractionsRole/notifier-fn";

    private void handle(String state, java.time.Instant at) {
        f.approvals().handle(approvalEvent(state, at), f.invocation("inv-" + state));
    }

    @Test
    void aWaitingApprovalOffersApproveAndRejectNamingTheApproval() {
        f.approvalButtons = true;

        handle("STARTED", NOW.minusSeconds(3600));

        List<Notification.Action> actions = f.messenger.posts().getFirst().notification().actions();
        Map<String, String> args = Map.of(ActionIds.PIPELINE, "web-release", ActionIds.STAGE, "Prod",
                ActionIds.ACTION, "ApproveRelease", ActionIds.EXECUTION_ID, EXECUTION);
        assertEquals(List.of(
                Notification.Action.button(ActionIds.APPROVE, "Approve", args, Notification.Action.Style.PRIMARY),
                Notification.Action.button(ActionIds.REJECT, "Reject", args, Notification.Action.Style.DANGER)),
                actions);
    }

    @Test
    void withoutApproversThereIsNothingToClick() {
        handle("STARTED", NOW.minusSeconds(3600));

        assertEquals(List.of(), f.messenger.posts().getFirst().notification().actions());
    }

    @Test
    void theDecidedRevisionHasNoButtonsAndNamesThePersonWhoDecidedInTheChat() {
        f.approvalButtons = true;
        handle("STARTED", NOW.minusSeconds(3600));
        String summary = new ChatDecision("Staging looks good", "Jane Doe", "U0JANE0001").summary(true, "Slack");
        f.approvalRun(EXECUTION, "Succeeded", ROLE, summary);

        handle("SUCCEEDED", NOW);

        Notification n = f.messenger.updates().getFirst().notification();
        assertEquals(List.of(), n.actions());
        assertEquals("Jane Doe", n.factOrEmpty(FactKey.DECIDED_BY));
        assertEquals("Staging looks good", n.factOrEmpty(FactKey.COMMENT), "without the signature");
        assertTrue(n.title().endsWith("approved by Jane Doe"), n.title());
        assertEquals("U0JANE0001", n.metadata().payload().get("decided_by_chat_id"));
    }

    @Test
    void aDecisionWithoutAChatSignatureReadsAsBefore() {
        handle("STARTED", NOW.minusSeconds(3600));
        f.approvalRun(EXECUTION, "Succeeded", PipelineFixture.JANE, "Staging looks good");

        handle("SUCCEEDED", NOW);

        Notification n = f.messenger.updates().getFirst().notification();
        assertEquals("Staging looks good", n.factOrEmpty(FactKey.COMMENT));
        assertTrue(!n.metadata().payload().containsKey("decided_by_chat_id"));
    }
}
