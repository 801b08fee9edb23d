package io.codebuildnotifier.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.codebuildnotifier.function.EventsFunction;
import io.codebuildnotifier.function.EventsHandler;
import io.codebuildnotifier.function.LogFormat;
import io.codebuildnotifier.function.SenderFunction;
import io.codebuildnotifier.function.SenderHandler;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SlackLimits;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link BurstScenario} in real time against the real handlers: fresh tables and queue, the events
 * function behind {@link EventsLambda} (its {@code CBN_DELIVERY_QUEUE_URL} the scenario's FIFO queue, so the real
 * SqsDeliveryQueue and SQS SDK queue every message), the sender behind {@link SenderMapping}; hands each event over
 * at its time, then waits until nothing is left to do (no invocation waiting, running or due to be retried; the
 * queue empty, nothing in flight) or the cap runs out, and gathers what happened.
 */
final class BurstRun {

    /**
     * How the emulated Lambda runs the two functions.
     *
     * @param eventInstances    the events function's concurrent instances
     * @param senderConcurrency the event source mapping's MaximumConcurrency
     * @param batchSize         the event source mapping's BatchSize
     * @param visibilityTimeout the delivery queue's VisibilityTimeout
     * @param maxReceiveCount   the delivery queue's redrive maxReceiveCount
     * @param retryDelays       Lambda's waits before retrying a failed asynchronous invocation
     * @param eventsTimeout     the events function's timeout (the time its context says is left)
     * @param senderTimeout     the sender's timeout
     * @param slackLimits       what the loopback Slack enforces
     * @param patience          how the handlers wait (real sleeps in the benchmark)
     * @param cap               the most a scenario may take before it is stopped with what is left reported
     */
    record Config(int eventInstances, int senderConcurrency, int batchSize, Duration visibilityTimeout,
                  int maxReceiveCount, List<Duration> retryDelays, Duration eventsTimeout, Duration senderTimeout,
                  SlackLimits slackLimits, Patience patience, Duration cap) {
        /** The deployed shape (template.yaml), Slack's published limits, real time; visibility 30 s (not 540 s). */
        static Config benchmark() {
            return new Config(20, 10, 10, Duration.ofSeconds(30), 5,
                    List.of(Duration.ofSeconds(60), Duration.ofSeconds(120)), Duration.ofSeconds(60),
                    Duration.ofSeconds(90), SlackLimits.published(), Patience.real(), Duration.ofMinutes(12));
        }
    }

    /** What happened, unjudged: the judging is {@link BurstReport}'s. */
    record Raw(BurstScenario scenario, Config config, String queueUrl, long startNanos, long[] handedNanos,
               long drainedNanos, boolean capped, List<Sandbox.SlackAccepted> accepted, List<Sandbox.Call> calls,
               long rateLimited, Map<String, Long> rateLimitedByMethod, Sandbox.SqsCounts queue,
               List<Sandbox.SqsMessage> deadLetters, EventsLambda.Stats events, SenderMapping.Stats sender) {
    }

    private BurstRun() {
    }

    static Raw run(BurstWorld world, BurstScenario scenario, BurstWorld.Fresh fresh, Config config, PrintStream log) {
        Sandbox sandbox = world.sandbox;
        sandbox.clearFaults();
        sandbox.clearRecordings();
        sandbox.slackLimits(config.slackLimits()); // every bucket full

        Map<String, String> sender = new HashMap<>(fresh.settings());
        Map<String, String> events = new HashMap<>(fresh.settings());
        events.putAll(scenario.settings());
        events.put("CBN_DELIVERY_QUEUE_URL", fresh.queueUrl());

        // every instance is built as Lambda builds it, from the same settings, with its own clients and caches
        java.util.function.Supplier<RequestStreamHandler> eventsInstance = () -> new EventsHandler(
                EventsFunction.fromEnvironment(events, Clock.systemUTC(), config.patience(),
                        EventsFunction.AwsRetries.DEFAULT), LogFormat.HUMAN);
        java.util.function.Supplier<RequestStreamHandler> senderInstance = () -> new SenderHandler(
                SenderFunction.fromEnvironment(sender, Clock.systemUTC(), config.patience(),
                        EventsFunction.AwsRetries.DEFAULT), LogFormat.HUMAN);

        List<BurstScenario.Planned> builds = scenario.builds();
        long[] handed = new long[builds.size()];
        long start;
        long drained;
        boolean capped = false;
        EventsLambda lambda = new EventsLambda(eventsInstance, config.eventInstances(), config.retryDelays(),
                config.eventsTimeout(), log);
        SenderMapping mapping = new SenderMapping(sandbox, fresh.queueUrl(), senderInstance,
                config.senderConcurrency(), config.batchSize(), config.senderTimeout(), config.visibilityTimeout(), log);
        try {
            mapping.start();
            start = System.nanoTime();
            for (BurstScenario.Planned build : builds) {
                long due = start + build.at().toNanos();
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                handed[build.index()] = System.nanoTime();
                lambda.invoke(build.requestId(), build.event());
            }
            long capAt = start + config.cap().toNanos();
            int quiet = 0;
            while (true) {
                Sandbox.SqsCounts counts = sandbox.sqsCounts(fresh.queueUrl());
                boolean done = lambda.idle() && mapping.idle() && counts.visible() == 0 && counts.inFlight() == 0;
                // done twice in a row, 50 ms apart: nothing was between two steps
                quiet = done ? quiet + 1 : 0;
                if (quiet >= 2) {
                    break;
                }
                if (System.nanoTime() - capAt > 0) {
                    capped = true;
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            drained = System.nanoTime();
        } finally {
            mapping.close();
            lambda.close();
        }
        Raw raw = new Raw(scenario, config, fresh.queueUrl(), start, handed, drained, capped,
                sandbox.slackAccepted(), sandbox.calls(), sandbox.slackRateLimited(),
                sandbox.slackRateLimitedByMethod(), sandbox.sqsCounts(fresh.queueUrl()),
                sandbox.sqsDeadLetters(fresh.queueUrl()), lambda.stats(), mapping.stats());
        sandbox.slackLimits(SlackLimits.off());
        return raw;
    }
}
