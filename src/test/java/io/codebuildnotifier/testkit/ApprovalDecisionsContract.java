package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.interactions.ApprovalDecisions;
import io.codebuildnotifier.interactions.ApprovalDecisions.Result;
import io.codebuildnotifier.interactions.ApprovalRef;
import io.codebuildnotifier.kernel.TransientFailure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApprovalDecisions} does: an approval waiting in the execution asked about is decided once; one
 * decided already says how; one expired, superseded or gone is not waiting; nothing is decided without time left.
 */
public abstract class ApprovalDecisionsContract {
    protected static final String PIPELINE = "web-release";

    /** How an approval stands in its pipeline. */
    public enum Standing { WAITING, APPROVED, REJECTED, EXPIRED, ABANDONED }

    /**
     * An approval as the pipeline holds it: its stage's latest execution is {@code ref.executionId()}; when decided,
     * {@code summary} is what the decider wrote.
     */
    public record Approval(ApprovalRef ref, Standing standing, String summary) {
    }

    /** Decisions on pipeline {@link #PIPELINE}, holding these approvals (each in a stage of its own). */
    protected abstract ApprovalDecisions newDecisions(List<Approval> approvals);

    private static ApprovalRef ref(String stage, String execution) {
        return new ApprovalRef(PIPELINE, stage, "Approve", execution);
    }

    private static final String E1 = "11111111-aaaa-4aaa-8aaa-111111111111";
    private static final String E2 = "22222222-aaaa-4aaa-8aaa-222222222222";

    private ApprovalDecisions with(Standing standing, String summary) {
        return newDecisions(List.of(new Approval(ref("Prod", E1), standing, summary)));
    }

    @Test
    void aWaitingApprovalIsApprovedOnceAndThenReadsAsDecided() {
        ApprovalDecisions decisions = with(Standing.WAITING, "");
        assertInstanceOf(Result.Decided.class, decisions.decide(ref("Prod", E1), true, "Ship it", deadline()));
        assertEquals(new Result.AlreadyDecided("Succeeded", Optional.of("Ship it")),
                decisions.decide(ref("Prod", E1), false, "No", deadline()));
    }

    @Test
    void aWaitingApprovalIsRejected() {
        ApprovalDecisions decisions = with(Standing.WAITING, "");
        assertInstanceOf(Result.Decided.class, decisions.decide(ref("Prod", E1), false, "Not today", deadline()));
        assertEquals(new Result.AlreadyDecided("Failed", Optional.of("Not today")),
                decisions.decide(ref("Prod", E1), true, "", deadline()));
    }

    @Test
    void anApprovalDecidedAlreadySaysHow() {
        assertEquals(new Result.AlreadyDecided("Succeeded", Optional.of("LGTM")),
                with(Standing.APPROVED, "LGTM").decide(ref("Prod", E1), true, "", deadline()));
        assertEquals(new Result.AlreadyDecided("Failed", Optional.of("broken")),
                with(Standing.REJECTED, "broken").decide(ref("Prod", E1), true, "", deadline()));
    }

    @Test
    void anExpiredApprovalIsNotWaiting() {
        assertEquals(new Result.NotWaiting("expired"),
                with(Standing.EXPIRED, "").decide(ref("Prod", E1), true, "", deadline()));
    }

    @Test
    void anApprovalOfAnotherExecutionIsSuperseded() {
        ApprovalDecisions decisions = with(Standing.WAITING, "");
        assertEquals(new Result.NotWaiting("superseded"), decisions.decide(ref("Prod", E2), true, "", deadline()));
        assertEquals(new Result.NotWaiting("superseded"),
                with(Standing.ABANDONED, "").decide(ref("Prod", E1), true, "", deadline()));
        assertInstanceOf(Result.Decided.class, decisions.decide(ref("Prod", E1), true, "", deadline()),
                "the waiting one is untouched");
    }

    @Test
    void anApprovalThePipelineDoesNotHaveIsNotWaiting() {
        ApprovalDecisions decisions = with(Standing.WAITING, "");
        assertInstanceOf(Result.NotWaiting.class, decisions.decide(ref("Staging", E1), true, "", deadline()));
        assertInstanceOf(Result.NotWaiting.class, decisions.decide(new ApprovalRef("nothing", "Prod", "Approve", E1),
                true, "", deadline()));
    }

    @Test
    void aLongSummaryIsClippedToWhatCodePipelineKeeps() {
        ApprovalDecisions decisions = with(Standing.WAITING, "");
        assertInstanceOf(Result.Decided.class, decisions.decide(ref("Prod", E1), true, "x".repeat(2000), deadline()));
        Result again = decisions.decide(ref("Prod", E1), true, "", deadline());
        String kept = assertInstanceOf(Result.AlreadyDecided.class, again).summary().orElseThrow();
        assertTrue(kept.length() <= 512, kept.length() + " characters");
    }

    @Test
    void eachApprovalIsItsOwn() {
        ApprovalDecisions decisions = newDecisions(List.of(new Approval(ref("Prod", E1), Standing.WAITING, ""),
                new Approval(ref("Canary", E1), Standing.WAITING, "")));
        assertInstanceOf(Result.Decided.class, decisions.decide(ref("Prod", E1), true, "", deadline()));
        assertInstanceOf(Result.Decided.class, decisions.decide(ref("Canary", E1), false, "", deadline()));
    }

    @Test
    void nothingIsDecidedWithoutTimeLeft() {
        ApprovalDecisions decisions = with(Standing.WAITING, "");
        assertThrows(TransientFailure.class, () -> decisions.decide(ref("Prod", E1), true, "", ContractFixtures.spent()));
        assertInstanceOf(Result.Decided.class, decisions.decide(ref("Prod", E1), true, "", deadline()));
    }
}
