package io.codebuildnotifier.sources.deploy;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the pipeline execution that created a deployment: the action run whose external execution id is the
 * deployment id, on the pipeline named for the deployment group ({@code CBN_DEPLOY_PIPELINES}), else on the
 * pipeline this instance already found deploying the group, else by searching the account's pipelines once per
 * group (the ones whose names mention the application or group first). What a search found is remembered for the
 * instance's life; a search that found nothing for {@link Memory#FORGET_MISS} (so a group deployed by hand is not
 * searched on every deployment, and a pipeline made since is still found).
 */
final class PipelineLinks {
    /** How many of a pipeline's latest action runs are read for the deployment's. */
    static final int RECENT_RUNS = 50;
    /** How many pipelines a search reads at most. */
    static final int MAX_SEARCHED = 100;

    private final Pipelines pipelines;
    private final Map<String, String> named;
    private final Memory memory;

    /**
     * @param named {@code APPLICATION/GROUP} to the pipeline that deploys it
     */
    PipelineLinks(Pipelines pipelines, Map<String, String> named, Memory memory) {
        this.pipelines = pipelines;
        this.named = Map.copyOf(named);
        this.memory = memory;
    }

    /** The pipeline execution that created a deployment, with what it says of its source revisions. */
    record Link(String pipeline, Pipelines.ActionRun run, Optional<Pipelines.Execution> execution) {
    }

    /**
     * Which pipelines deploy which deployment groups, as this instance found them; shared by its invocations.
     */
    static final class Memory {
        static final Duration FORGET_MISS = Duration.ofMinutes(30);
        private final Map<String, String> found = new ConcurrentHashMap<>();
        private final Map<String, Instant> missed = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger searches = new java.util.concurrent.atomic.AtomicInteger();

        /** How many searches of the account's pipelines were made (for tests). */
        int searches() {
            return searches.get();
        }
    }

    /** The link, or empty when no pipeline's recent runs have the deployment. Never fails for a pipeline denied. */
    Optional<Link> find(String group, String deploymentId, Instant now, Deadline deadline) {
        String known = named.containsKey(group) ? named.get(group) : memory.found.get(group);
        if (known != null) {
            return runOn(known, deploymentId, deadline).map(run -> link(known, run, deadline));
        }
        Instant missedAt = memory.missed.get(group);
        if (missedAt != null && missedAt.plus(Memory.FORGET_MISS).isAfter(now)) {
            return Optional.empty();
        }
        memory.searches.incrementAndGet();
        List<String> names;
        try {
            names = new ArrayList<>(pipelines.names(deadline));
        } catch (PermanentFailure | MisconfigurationFailure e) {
            // the search is optional: a role without codepipeline:ListPipelines posts the deployment without it
            memory.missed.put(group, now);
            return Optional.empty();
        } catch (io.codebuildnotifier.kernel.TransientFailure e) {
            return Optional.empty(); // nor does a throttled search hold the deployment's message back; not a miss
        }
        String[] parts = group.split("/", 2);
        names.sort(Comparator.comparingInt((String n) -> mentions(n, parts)).reversed());
        boolean complete = true;
        for (String name : names.subList(0, Math.min(names.size(), MAX_SEARCHED))) {
            Optional<Pipelines.ActionRun> run;
            try {
                run = runOn(name, deploymentId, deadline);
            } catch (io.codebuildnotifier.kernel.TransientFailure e) {
                complete = false; // throttled on this one: the others are still asked, and a miss is not remembered
                continue;
            }
            if (run.isPresent()) {
                memory.found.put(group, name);
                memory.missed.remove(group);
                return Optional.of(link(name, run.get(), deadline));
            }
        }
        if (complete) {
            memory.missed.put(group, now);
        }
        return Optional.empty();
    }

    /** How much a pipeline's name says it deploys the group: its application's and group's names in it. */
    private static int mentions(String pipeline, String[] parts) {
        String name = pipeline.toLowerCase(Locale.ROOT);
        int score = 0;
        for (String part : parts) {
            if (!part.isEmpty() && name.contains(part.toLowerCase(Locale.ROOT))) {
                score++;
            }
        }
        return score;
    }

    private Optional<Pipelines.ActionRun> runOn(String pipeline, String deploymentId, Deadline deadline) {
        try {
            return pipelines.recentActionRuns(pipeline, RECENT_RUNS, deadline).stream()
                    .filter(r -> deploymentId.equals(r.externalExecutionId())).findFirst();
        } catch (PermanentFailure | MisconfigurationFailure e) {
            return Optional.empty(); // a pipeline that is gone, or that the role may not read
        }
    }

    private Link link(String pipeline, Pipelines.ActionRun run, Deadline deadline) {
        Optional<Pipelines.Execution> execution;
        try {
            execution = run.executionId().isEmpty() ? Optional.empty()
                    : pipelines.execution(pipeline, run.executionId(), deadline);
        } catch (PermanentFailure | MisconfigurationFailure e) {
            execution = Optional.empty();
        }
        return new Link(pipeline, run, execution);
    }
}
