package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.PipelineRuns;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipelines in memory, held to {@code CodePipelineRuns} by {@link PipelineRunsContract}: a test names them and puts
 * their runs; a start adds a run, newest first, and the same client token (per pipeline) starts it once. An unknown
 * pipeline is a {@link PermanentFailure}, as {@code PipelineNotFoundException} is; a call without time left is a
 * transient failure and starts nothing; asking for no runs reads nothing.
 */
public final class InMemoryPipelineRuns implements PipelineRuns {
    private final Map<String, List<Run>> runs = new LinkedHashMap<>();
    private final Map<String, String> byToken = new LinkedHashMap<>();
    private final List<String> started = new ArrayList<>();
    private final Clock clock;
    private int sequence;

    public InMemoryPipelineRuns(Clock clock) {
        this.clock = clock;
    }

    public InMemoryPipelineRuns() {
        this(Clock.systemUTC());
    }

    public synchronized InMemoryPipelineRuns pipeline(String name, Run... newestFirst) {
        runs.put(name, new ArrayList<>(List.of(newestFirst)));
        return this;
    }

    @Override
    public synchronized String start(String pipeline, String clientToken, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "CodePipeline StartPipelineExecution");
        List<Run> list = known(pipeline);
        String key = pipeline + "\n" + clientToken;
        String earlier = byToken.get(key);
        if (earlier != null) {
            return earlier;
        }
        String id = String.format("%08d-0000-4000-8000-000000000000", ++sequence);
        list.add(0, new Run(id, "InProgress", Instant.now(clock), "StartPipelineExecution", ""));
        byToken.put(key, id);
        started.add(pipeline + " " + id);
        return id;
    }

    @Override
    public synchronized List<Run> latest(String pipeline, int limit, Deadline deadline) {
        if (limit <= 0) {
            return List.of();
        }
        InMemoryStore.Calls.start(deadline, "CodePipeline ListPipelineExecutions");
        List<Run> list = known(pipeline);
        return List.copyOf(list.subList(0, Math.min(limit, list.size())));
    }

    private List<Run> known(String pipeline) {
        List<Run> list = runs.get(pipeline);
        if (list == null) {
            throw new PermanentFailure("CodePipeline knows no pipeline " + pipeline);
        }
        return list;
    }

    @Override
    public String executionUrl(String pipeline, String executionId) {
        return "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/" + pipeline + "/executions/"
                + executionId + "/timeline";
    }

    /** {@code PIPELINE EXECUTION} for each start that started one, in order. */
    public synchronized List<String> started() {
        return List.copyOf(started);
    }
}
