package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.Builds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CodeBuild in memory: builds found by ARN or {@code PROJECT:UUID}; a listing returns the pass or
 * fail builds that ended in {@code [from, to)}, newest end first, with the watched projects said
 * not to exist. Counts lookups. Thread-safe.
 */
public final class InMemoryBuilds implements Builds {
    private final Map<String, Build> builds = new ConcurrentHashMap<>();
    private final Map<String, Instant> ends = new ConcurrentHashMap<>();
    private final List<String> unknownProjects = new CopyOnWriteArrayList<>();
    private final AtomicInteger finds = new AtomicInteger();

    /** A build, ended when it started (for listings). */
    public InMemoryBuilds add(Build build) {
        return add(build, build.startTime());
    }

    public InMemoryBuilds add(Build build, Instant endedAt) {
        builds.put(build.id(), build);
        ends.put(build.id(), endedAt);
        return this;
    }

    /** A watched project that does not exist. */
    public InMemoryBuilds unknownProject(String project) {
        unknownProjects.add(project);
        return this;
    }

    @Override
    public Optional<Build> find(String buildArn, Deadline deadline) {
        finds.incrementAndGet();
        int slash = buildArn.lastIndexOf("build/");
        return Optional.ofNullable(builds.get(slash >= 0 ? buildArn.substring(slash + 6) : buildArn));
    }

    @Override
    public Finished finishedBetween(Instant from, Instant to, Instant stopBy, Deadline deadline) {
        List<Build> finished = new ArrayList<>(builds.values().stream()
                .filter(b -> b.status().isOutcome())
                .filter(b -> !ends.get(b.id()).isBefore(from) && ends.get(b.id()).isBefore(to))
                .sorted(Comparator.comparing((Build b) -> ends.get(b.id())).reversed())
                .toList());
        return new Finished(finished, unknownProjects);
    }

    /** How many times {@link #find} was called. */
    public int finds() {
        return finds.get();
    }
}
