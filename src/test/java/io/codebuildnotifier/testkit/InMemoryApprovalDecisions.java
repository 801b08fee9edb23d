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
 * CodePipeline's approvals in memory, held to {@code CodePipelineDecisions} by {@link ApprovalDecisionsContract}.
 * Each approval action (pipeline, stage, action) holds what {@code GetPipelineState} would show: the execution its
 * stage last ran in and how the action's latest execution stands. Deciding one that waits in the execution asked
 * about records the decision (its summary clipped to CodePipeline's 512 characters) and answers {@code Decided};
 * afterwards it reads as CodePipeline's state does: {@code AlreadyDecided("Succeeded" | "Failed", summary)}. Not
 * waiting, as the real adapter says it: {@code "expired"} (failed with nobody deciding), {@code "superseded"} (the
 * stage runs another execution, or the action was abandoned), {@code "no longer in the pipeline"} (never put). A
 * call without time left is a transient failure and decides nothing.
 */
public final class InMemoryApprovalDecisions implements ApprovalDecisions {
    /** As {@code CodePipelineDecisions.MAX_SUMMARY}. */
    static final int MAX_SUMMARY = 512;

    /** A decision made through the port: the summary as sent to CodePipeline. */
    public record Decision(ApprovalRef approval, boolean approved, String summary) { }

    private record Slot(String pipeline, String stage, String action) { }

    private enum Status { IN_PROGRESS, SUCCEEDED, FAILED, EXPIRED, ABANDONED }

    /** What the state shows of one approval action: its stage's latest execution and the action's latest status. */
    private record State(String execution, Status status, String summary) { }

    private final Map<Slot, State> states = new LinkedHashMap<>();
    private final List<Decision> decisions = new CopyOnWriteArrayList<>();

    /** The approval waits in its execution (its stage now runs that execution). */
    public synchronized InMemoryApprovalDecisions waiting(ApprovalRef approval) {
        states.put(slot(approval), new State(approval.executionId(), Status.IN_PROGRESS, ""));
        return this;
    }

    /** Somebody decided the approval already, outside this port (in the console, say), with this summary. */
    public synchronized InMemoryApprovalDecisions decided(ApprovalRef approval, boolean approved, String summary) {
        states.put(slot(approval), new State(approval.executionId(), approved ? Status.SUCCEEDED : Status.FAILED,
                summary == null ? "" : summary));
        return this;
    }

    /** The approval timed out in the execution it waited in: it waits no more. */
    public synchronized InMemoryApprovalDecisions expire(ApprovalRef approval) {
        return end(approval, Status.EXPIRED);
    }

    /** The approval's execution was stopped or superseded while it waited. */
    public synchronized InMemoryApprovalDecisions abandon(ApprovalRef approval) {
        return end(approval, Status.ABANDONED);
    }

    private InMemoryApprovalDecisions end(ApprovalRef approval, Status status) {
        State state = states.get(slot(approval));
        states.put(slot(approval), new State(state == null ? approval.executionId() : state.execution(), status, ""));
        return this;
    }

    @Override
    public synchronized Result decide(ApprovalRef approval, boolean approve, String summary, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "CodePipeline GetPipelineState");
        Slot slot = slot(approval);
        State state = states.get(slot);
        if (state == null) {
            return new Result.NotWaiting("no longer in the pipeline");
        }
        if (!approval.executionId().isEmpty() && !approval.executionId().equals(state.execution())) {
            return new Result.NotWaiting("superseded");
        }
        Optional<String> said = state.summary().isBlank() ? Optional.empty() : Optional.of(state.summary());
        return switch (state.status()) {
            case SUCCEEDED -> new Result.AlreadyDecided("Succeeded", said);
            case FAILED -> new Result.AlreadyDecided("Failed", said);
            case EXPIRED -> new Result.NotWaiting("expired");
            case ABANDONED -> new Result.NotWaiting("superseded");
            case IN_PROGRESS -> {
                InMemoryStore.Calls.start(deadline, "CodePipeline PutApprovalResult");
                String kept = clip(summary == null ? "" : summary);
                states.put(slot, new State(state.execution(), approve ? Status.SUCCEEDED : Status.FAILED, kept));
                decisions.add(new Decision(approval, approve, kept));
                yield new Result.Decided();
            }
        };
    }

    /** The decisions made through the port, in order. */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    private static String clip(String summary) {
        if (summary.length() <= MAX_SUMMARY) {
            return summary;
        }
        int end = MAX_SUMMARY - 1;
        if (Character.isHighSurrogate(summary.charAt(end - 1))) {
            end--;
        }
        return summary.substring(0, end) + "…";
    }

    private static Slot slot(ApprovalRef approval) {
        return new Slot(approval.pipeline(), approval.stage(), approval.action());
    }
}
