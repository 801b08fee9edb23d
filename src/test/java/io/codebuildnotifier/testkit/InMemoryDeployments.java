package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.sources.deploy.Deployments;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** CodeDeploy in memory: the deployments a test puts, by id; counts its reads. Thread-safe. */
public final class InMemoryDeployments implements Deployments {
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public InMemoryDeployments put(Deployment deployment) {
        deployments.put(deployment.id(), deployment);
        return this;
    }

    /** How many reads were made. */
    public int calls() {
        return calls.get();
    }

    @Override
    public Optional<Deployment> find(String deploymentId, Deadline deadline) {
        calls.incrementAndGet();
        return Optional.ofNullable(deployments.get(deploymentId));
    }
}
