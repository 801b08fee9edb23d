package io.codebuildnotifier.adapter;

import io.codebuildnotifier.adapter.aws.CodeBuildBuilds;
import io.codebuildnotifier.adapter.aws.CodeCommitHost;
import io.codebuildnotifier.adapter.aws.DynamoAliasBook;
import io.codebuildnotifier.adapter.aws.DynamoHistory;
import io.codebuildnotifier.adapter.aws.DynamoLedger;
import io.codebuildnotifier.adapter.aws.DynamoLookupCache;
import io.codebuildnotifier.adapter.aws.SecretTokens;
import io.codebuildnotifier.adapter.github.GitHubHost;
import io.codebuildnotifier.adapter.slack.SlackWorkspace;
import io.codebuildnotifier.config.Settings;
import io.codebuildnotifier.notifier.BuildNotifier;
import io.codebuildnotifier.reconcile.Reconciler;
import io.codebuildnotifier.recipient.AliasBook;
import io.codebuildnotifier.recipient.CachedDirectory;
import io.codebuildnotifier.recipient.Recipients;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Wires the notifier to real AWS, GitHub and Slack clients, from settings read once.
 * Endpoints follow the SDK's own {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}.
 */
public final class Application {
    private final Settings settings;
    private final BuildNotifier notifier;
    private final Reconciler reconciler;
    private final Patience patience;
    private final Clock clock;
    private final Runnable prime;
    private final Runnable afterRestore;

    private Application(Settings settings, BuildNotifier notifier, Reconciler reconciler, Patience patience,
                        Clock clock, Runnable prime, Runnable afterRestore) {
        this.settings = settings;
        this.notifier = notifier;
        this.reconciler = reconciler;
        this.patience = patience;
        this.clock = clock;
        this.prime = prime;
        this.afterRestore = afterRestore;
    }

    /** Reads the settings and builds every client. Fails with a message naming a bad variable. */
    public static Application fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Clock.systemUTC(), Patience.real());
    }

    /** As {@link #fromEnvironment(Map)}, with the clock and the way of waiting given. */
    public static Application fromEnvironment(Map<String, String> env, Clock clock, Patience patience) {
        Settings settings = Settings.from(env);
        // CodeBuild and CodeCommit live where the builds run (the function's region); the table
        // and the secret may live elsewhere (CBN_AWS_REGION), as in the original tool.
        // DynamoDB throttles under bursts; a write that notes a message as sent must not be lost to it
        DynamoDbClient dynamo = configure(DynamoDbClient.builder(), settings)
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(8))).build();
        SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), settings).build();
        CodeBuildClient codeBuild = configure(CodeBuildClient.builder(), null).build();
        // most accounts build from GitHub: the CodeCommit client is built on first use
        Supplier<CodeCommitClient> codeCommit = memoize(() -> configure(CodeCommitClient.builder(), null).build());

        SecretTokens tokens = new SecretTokens(secrets, settings.slackSecretName());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        GitHubHost github = new GitHubHost(http, settings.githubApiUrl(), tokens::githubToken, patience);
        SlackWorkspace slack = new SlackWorkspace(settings.slackApiUrl(), tokens::slackToken, tokens::refresh, patience);
        // a cold start's first event needs the Slack client's classes and JSON mapping last: load them
        // on the second core meanwhile (no network, nothing secret)
        Thread warm = new Thread(() -> {
            try {
                slack.prime();
            } catch (RuntimeException ignored) {
                // only an optimisation
            }
        }, "prime-slack");
        warm.setDaemon(true);
        warm.start();
        AliasBook aliases = settings.aliasTable()
                .<AliasBook>map(table -> new DynamoAliasBook(dynamo, table))
                .orElse(AliasBook.NONE);
        CodeBuildBuilds builds = new CodeBuildBuilds(codeBuild, settings.reconcileProjects());
        DynamoLedger ledger = new DynamoLedger(dynamo, settings.historyTable());
        BuildNotifier notifier = new BuildNotifier(settings,
                builds,
                new GitHosts(github, new CodeCommitHost(codeCommit)),
                new DynamoHistory(dynamo, settings.historyTable()),
                ledger,
                slack,
                new Recipients(new CachedDirectory(slack, new DynamoLookupCache(dynamo, settings.historyTable()), clock),
                        aliases),
                slack,
                clock);
        Reconciler reconciler = new Reconciler(notifier, builds, ledger, clock, settings.reconcileWindow());
        Runnable prime = () -> {
            slack.prime();
            // one harmless read each: loads the request and response paths, signing and TLS
            ledger.find("priming:00000000-0000-4000-8000-000000000000");
            builds.find("priming:00000000-0000-4000-8000-000000000000");
        };
        return new Application(settings, notifier, reconciler, patience, clock, prime, tokens::refresh);
    }

    /**
     * Warms the clients and the JSON mapping before a SnapStart snapshot. Reads nothing secret:
     * the Slack token is fetched after restore, on first use. Failures are ignored: priming is
     * only an optimisation.
     */
    public void prime() {
        try {
            prime.run();
        } catch (RuntimeException ignored) {
            // the first real event pays instead
        }
    }

    /** After a SnapStart restore: nothing fetched before the snapshot is trusted. */
    public void afterRestore() {
        afterRestore.run();
    }

    private static <T> Supplier<T> memoize(Supplier<T> make) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = make.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Settings regionFrom) {
        if (regionFrom != null && regionFrom.region().isPresent()) {
            builder.region(Region.of(regionFrom.region().get()));
        }
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(20)));
        }
        return builder;
    }

    public Settings settings() {
        return settings;
    }

    public BuildNotifier notifier() {
        return notifier;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** Bounded retries within the current invocation's time. */
    public Patience patience() {
        return patience;
    }

    public Clock clock() {
        return clock;
    }
}
