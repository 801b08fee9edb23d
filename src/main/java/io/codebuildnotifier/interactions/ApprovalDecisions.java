package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import java.util.Optional;

/**
 * Decides CodePipeline manual approvals (port): finds the approval's token where it waits ({@code GetPipelineState})
 * and answers it ({@code PutApprovalResult}).
 */
public interface ApprovalDecisions {

    /**
     * Approves or rejects, if the approval still waits in the same execution.
     *
     * @param summary the comment recorded with the decision (CodePipeline keeps it; at most 512 characters)
     */
    Result decide(ApprovalRef approval, boolean approve, String summary, Deadline deadline);

    /** How it went. */
    sealed interface Result {
        /** Decided now. */
        record Decided() implements Result {
        }

        /** Somebody decided it already (the state's status and summary, if known). */
        record AlreadyDecided(String status, Optional<String> summary) implements Result {
        }

        /** No longer waiting: it expired, or its execution was superseded or stopped. */
        record NotWaiting(String why) implements Result {
        }
    }
}
