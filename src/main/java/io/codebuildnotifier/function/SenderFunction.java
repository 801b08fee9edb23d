package io.codebuildnotifier.function;

import io.codebuildnotifier.adapter.aws.DynamoLedger;
import io.codebuildnotifier.adapter.aws.DynamoThreads;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.notification.Threads;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root of the sender function (the delivery queue's consumer): the history table
 * (where each message is noted), the Slack token's secret and Slack; each client built when first
 * needed, and the pace of each destination kept for the instance's life.
 */
public final class SenderFunction {
    private final Settings settings;
    private final Clock clock;
    private final SharedClients shared;
    private final Lazy<DynamoLedger> ledger;
    /** Where each conversation's thread started; {@link Threads#NONE} with CBN_THREADS=false. */
    private final Lazy<Threads> threads;
    private final Pacer pacer;

    private SenderFunction(Settings settings, Clock clock, Patience patience, EventsFunction.AwsRetries retries) {
        this.settings = settings;
        this.clock = clock;
        this.shared = new SharedClients(settings.wiring(), patience, retries);
        this.ledger = Lazy.of(() -> new DynamoLedger(shared.dynamo.get(), settings.wiring().historyTable()));
        this.threads = Lazy.of(() -> settings.threads()
                ? new DynamoThreads(shared.dynamo.get(), settings.wiring().historyTable()) : Threads.NONE);
        this.pacer = new Pacer(Pacer.SLACK_INTERVAL, clock, patience);
    }

    public static SenderFunction fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Clock.systemUTC(), Patience.real(), EventsFunction.AwsRetries.DEFAULT);
    }

    public static SenderFunction fromEnvironment(Map<String, String> env, Clock clock, Patience patience,
                                                 EventsFunction.AwsRetries retries) {
        return new SenderFunction(Settings.from(env), clock, patience, retries);
    }

    /** The sender for one invocation, counting what it sends on the invocation's meter. */
    Sender sender(Meter meter) {
        return new Sender(meter.countingPosts(shared.slack.get()), ledger.get(), pacer, threads.get(), clock);
    }

    /** Builds the clients (off the first message's path) and loads Slack's classes on a second thread. */
    void warmUp() {
        shared.primeSlackInBackground();
        ledger.get();
        threads.get();
    }

    /**
     * Before a SnapStart snapshot: the sender's own code, its DynamoDB calls, Secrets Manager's error
     * path and Slack's api.test ({@link Priming#senderFunction}); nothing secret is read. Failures only
     * leave more for the first message.
     */
    Priming.Report prime() {
        Priming.Report report = Priming.senderFunction(settings, clock, shared.dynamo, shared.tokens, shared.slack);
        System.out.println(report.summary());
        return report;
    }

    void afterRestore() {
        shared.afterRestore();
    }

    Clock clock() {
        return clock;
    }

    Settings settings() {
        return settings;
    }
}
