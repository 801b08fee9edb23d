package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.Health;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The notifier's health in memory, held to {@code QueueHealth} by {@link HealthContract}: the reconciliation's
 * latest run noted (a run noted late does not hide a later one) and the messages waiting in each queue watched, in the
 * order watched, leaving out a queue that cannot be read. Or a whole report a test {@link #set}s.
 * {@link Health.Report#UNKNOWN} until either.
 */
public final class InMemoryHealth implements Health {
    private Optional<Instant> lastRun = Optional.empty();
    private int recovered;
    private final Map<String, Integer> waiting = new LinkedHashMap<>();
    private final Set<String> unreadable = new LinkedHashSet<>();

    /** Watching no queue. */
    public InMemoryHealth() {
        this(List.of());
    }

    /** Watching these queues (each empty), in this order. */
    public InMemoryHealth(List<String> queues) {
        queues.forEach(q -> waiting.put(q, 0));
    }

    /** The report, as it is: the queues watched become the report's. */
    public synchronized InMemoryHealth set(Report report) {
        lastRun = report.lastReconciliation();
        recovered = report.recovered();
        waiting.clear();
        waiting.putAll(report.waiting());
        unreadable.clear();
        return this;
    }

    /** The reconciliation ran at {@code at}; kept when it is the latest run noted. */
    public synchronized InMemoryHealth reconciled(Instant at, int finished, int recovered) {
        if (lastRun.isEmpty() || !at.isBefore(lastRun.get())) {
            lastRun = Optional.of(at);
            this.recovered = recovered;
        }
        return this;
    }

    /** A queue watched holds this many messages. */
    public synchronized InMemoryHealth waiting(String queue, int messages) {
        waiting.put(queue, messages);
        return this;
    }

    /** A queue watched cannot be read (denied, gone, SQS down). */
    public synchronized InMemoryHealth unreadable(String queue) {
        unreadable.add(queue);
        return this;
    }

    @Override
    public synchronized Report read(Deadline deadline) {
        Map<String, Integer> readable = new LinkedHashMap<>(waiting);
        readable.keySet().removeAll(unreadable);
        return new Report(lastRun, lastRun.isPresent() ? recovered : 0, readable);
    }
}
