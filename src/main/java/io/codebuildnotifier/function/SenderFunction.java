package io.codebuildnotifier.function;

import io.codebuildnotifier.adapter.aws.DynamoLedger;
import io.codebuildnotifier.adapter.aws.SecretTokens;
import io.codebuildnotifier.adapter.slack.SlackWorkspace;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The composition root of the sender function (the delivery queue's consumer): the history table
 * (where each message is noted), the Slack token's secret and Slack; each client built when first
 * needed, and the pace of each destination kept for the instance's life.
 */
public final class SenderFunction {
    private final Settings settings;
    private final Clock clock;
    private final Patience patience;
    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<SecretTokens> tokens;
    private final Lazy<SlackWorkspace> slack;
    private final Lazy<DynamoLedger> ledger;
    private final Pacer pacer;

    private SenderFunction(Settings settings, Clock clock, Patience patience, EventsFunction.AwsRetries retries) {
        this.settings = settings;
        this.clock = clock;
        this.patience = patience;
        Settings.Wiring wiring = settings.wiring();
        this.dynamo = Lazy.of(() -> retries.apply(region(DynamoDbClient.builder(), wiring),
                OptionalInt.of(retries.dynamoAttempts())).build());
        Lazy<SecretsManagerClient> secrets = Lazy.of(() -> retries.apply(region(SecretsManagerClient.builder(), wiring),
                OptionalInt.empty()).build());
        this.tokens = Lazy.of(() -> new SecretTokens(secrets.get(), wiring.slackSecretName(),
                wiring.githubApiUrl().getHost()));
        this.slack = Lazy.of(() -> new SlackWorkspace(wiring.slackApiUrl(), d -> tokens.get().slackToken(d),
                () -> tokens.get().refresh(), patience));
        this.ledger = Lazy.of(() -> new DynamoLedger(dynamo.get(), wiring.historyTable()));
        this.pacer = new Pacer(Pacer.SLACK_INTERVAL, clock, patience);
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B region(
            B builder, Settings.Wiring wiring) {
        EventsFunction.configure(builder, null);
        wiring.region().ifPresent(r -> builder.region(Region.of(r)));
        return builder;
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
        return new Sender(meter.countingPosts(slack.get()), ledger.get(), pacer);
    }

    /** Builds the clients (off the first message's path) and loads Slack's classes on a second thread. */
    void warmUp() {
        Thread warm = new Thread(() -> {
            try {
                slack.get().prime();
            } catch (RuntimeException ignored) {
                // only an optimisation
            }
        }, "prime-slack");
        warm.setDaemon(true);
        warm.start();
        ledger.get();
    }

    /**
     * Before a SnapStart snapshot: the sender's own code, its DynamoDB calls, Secrets Manager's error
     * path and Slack's api.test ({@link Priming#senderFunction}); nothing secret is read. Failures only
     * leave more for the first message.
     */
    Priming.Report prime() {
        Priming.Report report = Priming.senderFunction(settings, clock, dynamo, tokens, slack);
        System.out.println(report.summary());
        return report;
    }

    void afterRestore() {
        if (tokens.isMade()) {
            tokens.get().refresh();
        }
    }

    Clock clock() {
        return clock;
    }

    Settings settings() {
        return settings;
    }
}
