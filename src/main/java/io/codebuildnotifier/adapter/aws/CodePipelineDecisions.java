package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.interactions.ApprovalDecisions;
import io.codebuildnotifier.interactions.ApprovalRef;
import io.codebuildnotifier.kernel.Deadline;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecution;
import software.amazon.awssdk.services.codepipeline.model.ActionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.ActionState;
import software.amazon.awssdk.services.codepipeline.model.ApprovalAlreadyCompletedException;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineStateResponse;
import software.amazon.awssdk.services.codepipeline.model.InvalidApprovalTokenException;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.StageNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * Decides manual approvals: {@code GetPipelineState} finds the approval's action where it waits (its latest
 * execution {@code InProgress}, with a token, in the stage's latest execution, the one the approval was asked in),
 * and {@code PutApprovalResult} answers it. An approval already {@code Succeeded} or {@code Failed} with someone
 * named as its updater was decided; one {@code Failed} without anybody expired; one in another execution was
 * superseded. The token is read, sent and forgotten: never logged, returned or kept.
 */
public final class CodePipelineDecisions implements ApprovalDecisions {
    /** CodePipeline's limit on an approval's summary. */
    static final int MAX_SUMMARY = 512;

    private final Supplier<CodePipelineClient> clients;

    /** @param clients the client, built when first needed */
    public CodePipelineDecisions(Supplier<CodePipelineClient> clients) {
        this.clients = clients;
    }

    /** Where the approval stands: waiting (with its token), or how it ended. */
    private sealed interface Standing {
        record Waiting(String token) implements Standing {
        }

        record Ended(Result result) implements Standing {
        }
    }

    @Override
    public Result decide(ApprovalRef approval, boolean approve, String summary, Deadline deadline) {
        Standing standing = standing(approval, deadline);
        if (standing instanceof Standing.Ended ended) {
            return ended.result();
        }
        String token = ((Standing.Waiting) standing).token();
        try {
            clients.get().putApprovalResult(r -> r.pipelineName(approval.pipeline()).stageName(approval.stage())
                    .actionName(approval.action()).token(token)
                    .result(a -> a.status(approve ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED)
                            .summary(clip(summary == null ? "" : summary)))
                    .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline PutApprovalResult")));
            return new Result.Decided();
        } catch (ApprovalAlreadyCompletedException e) {
            // decided between our read and our answer: say how, if the state tells
            Standing now = standing(approval, deadline);
            return now instanceof Standing.Ended ended && ended.result() instanceof Result.AlreadyDecided decided
                    ? decided : new Result.AlreadyDecided("", Optional.empty());
        } catch (InvalidApprovalTokenException e) {
            return new Result.NotWaiting("no longer waiting");
        } catch (PipelineNotFoundException | StageNotFoundException | ActionNotFoundException e) {
            return new Result.NotWaiting("no longer in the pipeline");
        } catch (SdkException e) {
            throw failure("PutApprovalResult", approval, e);
        }
    }

    private Standing standing(ApprovalRef approval, Deadline deadline) {
        GetPipelineStateResponse state;
        try {
            state = clients.get().getPipelineState(r -> r.name(approval.pipeline())
                    .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline GetPipelineState")));
        } catch (PipelineNotFoundException e) {
            return ended(new Result.NotWaiting("the pipeline no longer exists"));
        } catch (SdkException e) {
            throw failure("GetPipelineState", approval, e);
        }
        StageState stage = state.stageStates().stream()
                .filter(s -> s != null && approval.stage().equals(s.stageName())).findFirst().orElse(null);
        ActionState action = stage == null ? null : stage.actionStates().stream()
                .filter(a -> a != null && approval.action().equals(a.actionName())).findFirst().orElse(null);
        if (action == null) {
            return ended(new Result.NotWaiting("no longer in the pipeline"));
        }
        String stageExecution = stage.latestExecution() == null || stage.latestExecution().pipelineExecutionId() == null
                ? "" : stage.latestExecution().pipelineExecutionId();
        if (!approval.executionId().isEmpty() && !approval.executionId().equals(stageExecution)) {
            return ended(new Result.NotWaiting("superseded"));
        }
        ActionExecution latest = action.latestExecution();
        String status = latest == null || latest.statusAsString() == null ? "" : latest.statusAsString();
        Optional<String> said = latest == null || latest.summary() == null || latest.summary().isBlank()
                ? Optional.empty() : Optional.of(latest.summary());
        boolean somebody = latest != null && latest.lastUpdatedBy() != null && !latest.lastUpdatedBy().isBlank();
        return switch (status) {
            case "InProgress" -> latest.token() == null || latest.token().isEmpty()
                    ? ended(new Result.NotWaiting("no longer waiting")) : new Standing.Waiting(latest.token());
            case "Succeeded" -> ended(new Result.AlreadyDecided(status, said));
            case "Failed" -> somebody ? ended(new Result.AlreadyDecided(status, said))
                    : ended(new Result.NotWaiting("expired"));
            case "Abandoned" -> ended(new Result.NotWaiting("superseded"));
            default -> ended(new Result.NotWaiting("no longer waiting"));
        };
    }

    private static Standing ended(Result result) {
        return new Standing.Ended(result);
    }

    static String clip(String summary) {
        if (summary.length() <= MAX_SUMMARY) {
            return summary;
        }
        int end = MAX_SUMMARY - 1;
        if (Character.isHighSurrogate(summary.charAt(end - 1))) {
            end--;
        }
        return summary.substring(0, end) + "…";
    }

    private static RuntimeException failure(String operation, ApprovalRef approval, SdkException e) {
        return AwsErrors.classify("CodePipeline " + operation, "codepipeline:" + operation,
                "the pipeline " + approval.pipeline(), "grant it to the interactions function's role", e);
    }
}
