package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.sources.pipeline.RunHistory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Each pipeline's latest run in memory, held to {@code DynamoRunHistory} by {@link RunHistoryContract}. */
public final class InMemoryRunHistory implements RunHistory {
    private final Map<String, Latest> latest = new HashMap<>();

    @Override
    public synchronized Optional<Latest> latest(String pipeline, Deadline deadline) {
        return Optional.ofNullable(latest.get(pipeline));
    }

    @Override
    public synchronized boolean record(String pipeline, Run run, Deadline deadline) {
        Latest current = latest.get(pipeline);
        if (current != null && current.run().executionId().equals(run.executionId())) {
            return true;
        }
        if (current != null && current.run().finishedAt().isAfter(run.finishedAt())) {
            return false;
        }
        latest.put(pipeline, new Latest(run, current == null ? Optional.empty() : Optional.of(current.run())));
        return true;
    }
}
