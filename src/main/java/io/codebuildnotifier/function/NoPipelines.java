package io.codebuildnotifier.function;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.kernel.Deadline;
import java.util.List;
import java.util.Optional;

/** CodePipeline as the functions see it until its adapter is wired: no pipelines, no executions, no runs. */
enum NoPipelines implements Pipelines {
    INSTANCE;

    @Override
    public Optional<Definition> definition(String pipeline, Deadline deadline) {
        return Optional.empty();
    }

    @Override
    public Optional<Execution> execution(String pipeline, String executionId, Deadline deadline) {
        return Optional.empty();
    }

    @Override
    public List<ActionRun> actionRuns(String pipeline, String executionId, Deadline deadline) {
        return List.of();
    }

    @Override
    public List<ActionRun> recentActionRuns(String pipeline, int limit, Deadline deadline) {
        return List.of();
    }

    @Override
    public List<ActionState> state(String pipeline, Deadline deadline) {
        return List.of();
    }

    @Override
    public List<String> names(Deadline deadline) {
        return List.of();
    }
}
