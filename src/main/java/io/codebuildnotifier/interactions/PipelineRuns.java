package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.List;

/** Starts pipelines and lists their runs (port; {@code StartPipelineExecution}, {@code ListPipelineExecutions}). */
public interface PipelineRuns {

    /**
     * Starts the pipeline. The same client token starts it once.
     *
     * @throws io.codebuildnotifier.kernel.PermanentFailure when the pipeline does not exist
     */
    String start(String pipeline, String clientToken, Deadline deadline);

    /** The latest executions, newest first. */
    List<Run> latest(String pipeline, int limit, Deadline deadline);

    /** The console page of an execution. */
    String executionUrl(String pipeline, String executionId);

    record Run(String executionId, String status, Instant started, String trigger, String revision) {
    }
}
