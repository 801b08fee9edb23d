package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.BuildRetries;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CodeBuild's retries in memory, held to {@code CodeBuildRetries} by {@link BuildRetriesContract}: builds a test
 * puts, by id ({@code PROJECT:UUID}) with their number. A retry starts the project's next build (id
 * {@code PROJECT:UUID}, numbered after the project's latest); the same token answers with the build it started first
 * (CodeBuild keeps it five minutes; here, always). An unknown build is a {@link PermanentFailure}, as
 * {@code ResourceNotFoundException} is; a call without time left is a transient failure and starts nothing.
 */
public final class InMemoryBuildRetries implements BuildRetries {
    private final Map<String, Long> builds = new LinkedHashMap<>();
    private final Map<String, Long> latest = new LinkedHashMap<>();
    private final Map<String, Retried> byToken = new LinkedHashMap<>();
    private final List<Retried> started = new CopyOnWriteArrayList<>();
    private int sequence;

    /** A build that can be retried. */
    public synchronized InMemoryBuildRetries build(String buildId, long number) {
        builds.put(buildId, number);
        latest.merge(project(buildId), number, Math::max);
        return this;
    }

    @Override
    public synchronized Retried retry(String buildId, String token, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "CodeBuild RetryBuild");
        Retried earlier = byToken.get(token);
        if (earlier != null) {
            return earlier;
        }
        if (!builds.containsKey(buildId)) {
            throw new PermanentFailure("CodeBuild knows no build " + buildId);
        }
        String project = project(buildId);
        long number = latest.merge(project, 1L, Long::sum);
        String id = project + ":" + String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", ++sequence);
        Retried retried = new Retried(id, number, "https://console.aws.amazon.com/codesuite/codebuild/projects/"
                + project + "/build/" + id);
        builds.put(id, number);
        byToken.put(token, retried);
        started.add(retried);
        return retried;
    }

    /** The builds the retries started, in order. */
    public List<Retried> started() {
        return List.copyOf(started);
    }

    private static String project(String buildId) {
        int colon = buildId.indexOf(':');
        return colon < 0 ? buildId : buildId.substring(0, colon);
    }
}
