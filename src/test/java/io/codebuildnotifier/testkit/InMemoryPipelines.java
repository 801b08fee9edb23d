package io.codebuildnotifier.testkit;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.kernel.Deadline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** CodePipeline in memory: definitions, executions, action runs and states, as a test puts them. */
public final class InMemoryPipelines implements Pipelines {
    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final List<ActionRun> runs = new ArrayList<>();
    private final Map<String, List<ActionState>> states = new LinkedHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public synchronized InMemoryPipelines put(Definition definition) {
        definitions.put(definition.name(), definition);
        return this;
    }

    public synchronized InMemoryPipelines put(String pipeline, Execution execution) {
        executions.put(pipeline + "/" + execution.id(), execution);
        return this;
    }

    /** An action run of {@code pipeline}; the newest is the one put last. */
    public synchronized InMemoryPipelines put(String pipeline, ActionRun run) {
        runs.add(0, run);
        pipelineOf.put(run, pipeline);
        return this;
    }

    public synchronized InMemoryPipelines state(String pipeline, List<ActionState> state) {
        states.put(pipeline, List.copyOf(state));
        return this;
    }

    private final Map<ActionRun, String> pipelineOf = new java.util.IdentityHashMap<>();

    /** How many reads were made. */
    public int calls() {
        return calls.get();
    }

    @Override
    public synchronized Optional<Definition> definition(String pipeline, Deadline deadline) {
        calls.incrementAndGet();
        return Optional.ofNullable(definitions.get(pipeline));
    }

    @Override
    public synchronized Optional<Execution> execution(String pipeline, String executionId, Deadline deadline) {
        calls.incrementAndGet();
        return Optional.ofNullable(executions.get(pipeline + "/" + executionId));
    }

    @Override
    public synchronized List<ActionRun> actionRuns(String pipeline, String executionId, Deadline deadline) {
        calls.incrementAndGet();
        return runs.stream().filter(r -> pipeline.equals(pipelineOf.get(r)) && r.executionId().equals(executionId))
                .toList();
    }

    @Override
    public synchronized List<ActionRun> recentActionRuns(String pipeline, int limit, Deadline deadline) {
        calls.incrementAndGet();
        return runs.stream().filter(r -> pipeline.equals(pipelineOf.get(r))).limit(limit).toList();
    }

    @Override
    public synchronized List<ActionState> state(String pipeline, Deadline deadline) {
        calls.incrementAndGet();
        return states.getOrDefault(pipeline, List.of());
    }

    @Override
    public synchronized List<String> names(Deadline deadline) {
        calls.incrementAndGet();
        return definitions.keySet().stream().sorted(Comparator.naturalOrder()).toList();
    }
}
