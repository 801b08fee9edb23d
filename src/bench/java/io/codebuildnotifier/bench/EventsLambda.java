package io.codebuildnotifier.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The events function as Lambda runs it for EventBridge's asynchronous invocations: each event goes to a free
 * instance (a new one, built from the settings, only when every existing one is busy, at most
 * {@code maxInstances}; the rest wait), with a context giving it the function's timeout; an invocation that fails is
 * tried again after each of {@code retryDelays} (Lambda: twice, 1 and 2 minutes later), keeping its request id; what
 * still fails goes to the failed-invocations queue (counted). Every line the handler logs goes to {@code log}.
 */
final class EventsLambda implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the invocations came to. */
    record Stats(int events, int attempts, int failedAttempts, int toFailedInvocationsQueue, int instances,
                 Map<String, Integer> outcomes, List<String> failures, Map<String, Timing> timings) {
    }

    /**
     * One event's times ({@link System#nanoTime}): handed over, its first attempt started (an instance was free), and
     * its last attempt ended; {@code succeeded} if that one did.
     */
    record Timing(long handed, long started, long ended, boolean succeeded) {
    }

    private final Supplier<RequestStreamHandler> newInstance;
    private final List<Duration> retryDelays;
    private final Duration timeout;
    private final PrintStream log;
    private final ExecutorService instances;
    private final ScheduledExecutorService retries;
    private final ConcurrentLinkedDeque<RequestStreamHandler> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private final AtomicInteger failedForGood = new AtomicInteger();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Timing> timings = new java.util.concurrent.ConcurrentHashMap<>();

    EventsLambda(Supplier<RequestStreamHandler> newInstance, int maxInstances, List<Duration> retryDelays,
                 Duration timeout, PrintStream log) {
        this.newInstance = newInstance;
        this.retryDelays = List.copyOf(retryDelays);
        this.timeout = timeout;
        this.log = log;
        // one thread per instance at work: at most maxInstances invocations at once, the others wait their turn
        this.instances = Executors.newFixedThreadPool(maxInstances, daemon("events-instance"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("events-retries"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Hands an event over, as EventBridge's asynchronous invocation does: it runs when an instance is free. */
    void invoke(String requestId, String event) {
        timings.put(requestId, new Timing(System.nanoTime(), 0, 0, false));
        events.incrementAndGet();
        outstanding.incrementAndGet();
        instances.execute(() -> attempt(requestId, event, 0));
    }

    /** Nothing waiting, running or due to be retried. */
    boolean idle() {
        return outstanding.get() == 0;
    }

    private void attempt(String requestId, String event, int retry) {
        attempts.incrementAndGet();
        long begun = System.nanoTime();
        RequestStreamHandler instance = idle.pollFirst();
        if (instance == null) {
            created.incrementAndGet();
            instance = newInstance.get();
        }
        TestLambdaContext context = new TestLambdaContext(requestId, (int) timeout.toMillis());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Throwable failed = null;
        try {
            instance.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (Throwable e) {
            failed = e;
        } finally {
            idle.push(instance); // the warmest instance is used next
        }
        long ended = System.nanoTime();
        boolean ok = failed == null;
        timings.computeIfPresent(requestId, (id, t) -> new Timing(t.handed(), retry == 0 ? begun : t.started(), ended,
                ok));
        synchronized (log) {
            context.logged().forEach(line -> log.print(line.endsWith("\n") ? line : line + "\n"));
            log.println("[events " + requestId + " attempt " + (retry + 1) + (ok ? "" : " failed: " + failed) + ", "
                    + (ended - begun) / 1_000_000 + " ms]");
        }
        if (failed == null) {
            String outcome;
            try {
                outcome = JSON.readTree(output.toByteArray()).path("outcome").asText("?");
            } catch (Exception e) {
                outcome = "unreadable";
            }
            synchronized (outcomes) {
                outcomes.merge(outcome, 1, Integer::sum);
            }
            outstanding.decrementAndGet();
            return;
        }
        failedAttempts.incrementAndGet();
        failures.add(failed.getClass().getSimpleName() + ": " + failed.getMessage());
        if (retry < retryDelays.size()) {
            retries.schedule(() -> instances.execute(() -> attempt(requestId, event, retry + 1)),
                    retryDelays.get(retry).toMillis(), TimeUnit.MILLISECONDS);
        } else {
            failedForGood.incrementAndGet();
            outstanding.decrementAndGet();
        }
    }

    Stats stats() {
        synchronized (outcomes) {
            return new Stats(events.get(), attempts.get(), failedAttempts.get(), failedForGood.get(), created.get(),
                    Map.copyOf(outcomes), List.copyOf(failures), Map.copyOf(timings));
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        instances.shutdownNow();
    }
}
