package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.ApprovalDecisions;
import io.codebuildnotifier.interactions.ApprovalRef;
import io.codebuildnotifier.kernel.Deadline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CodePipeline's approvals in memory: an approval waits in one execution (as a test puts it) until it is decided;
 * deciding it again answers {@code AlreadyDecided} with the first decision's status and summary. An approval never
 * put, expired, or waiting in another execution is {@code NotWaiting}.
 */
public final class InMemoryApprovalDecisions implements ApprovalDecisions {
    public record Decision(ApprovalRef approval, boolean approved, String summary) { }

    private record Slot(String pipeline, String stage, String action) { }

    private final Map<Slot, String> waiting = new LinkedHashMap<>();
    private final Map<Slot, Decision> decided = new LinkedHashMap<>();
    private final List<Decision> decisions = new CopyOnWriteArrayList<>();

    /** The approval waits in its execution. */
    public synchronized InMemoryApprovalDecisions waiting(ApprovalRef approval) {
        waiting.put(slot(approval), approval.executionId());
        decided.remove(slot(approval));
        return this;
    }

    /** The approval timed out: it waits no more. */
    public synchronized InMemoryApprovalDecisions expire(ApprovalRef approval) {
        waiting.remove(slot(approval));
        return this;
    }

    @Override
    public synchronized Result decide(ApprovalRef approval, boolean approve, String summary, Deadline deadline) {
        Slot slot = slot(approval);
        Decision earlier = decided.get(slot);
        if (earlier != null && earlier.approval().executionId().equals(approval.executionId())) {
            return new Result.AlreadyDecided(earlier.approved() ? "Approved" : "Rejected",
                    Optional.of(earlier.summary()));
        }
        String execution = waiting.get(slot);
        if (execution == null) {
            return new Result.NotWaiting("the approval is not waiting (it expired, or was never asked for)");
        }
        if (!execution.equals(approval.executionId())) {
            return new Result.NotWaiting("it waits in another execution now (" + execution + ")");
        }
        Decision decision = new Decision(approval, approve, summary);
        waiting.remove(slot);
        decided.put(slot, decision);
        decisions.add(decision);
        return new Result.Decided();
    }

    /** The decisions made, in order. */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    private static Slot slot(ApprovalRef approval) {
        return new Slot(approval.pipeline(), approval.stage(), approval.action());
    }
}
