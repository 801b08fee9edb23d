package io.codebuildnotifier.function;

import io.codebuildnotifier.adapter.aws.CodeBuildBuilds;
import io.codebuildnotifier.adapter.aws.CodeBuildReports;
import io.codebuildnotifier.adapter.aws.CodeCommitChanges;
import io.codebuildnotifier.adapter.aws.CodeCommitHost;
import io.codebuildnotifier.adapter.aws.CodePipelines;
import io.codebuildnotifier.adapter.aws.CodeDeployDeployments;
import io.codebuildnotifier.adapter.aws.DynamoShipments;
import io.codebuildnotifier.adapter.aws.DynamoAliasBook;
import io.codebuildnotifier.adapter.aws.DynamoHistory;
import io.codebuildnotifier.adapter.aws.DynamoLedger;
import io.codebuildnotifier.adapter.aws.DynamoThreads;
import io.codebuildnotifier.adapter.aws.DynamoLookupCache;
import io.codebuildnotifier.adapter.aws.DynamoNotices;
import io.codebuildnotifier.adapter.aws.DynamoProfileCache;
import io.codebuildnotifier.adapter.aws.DynamoRollups;
import io.codebuildnotifier.adapter.aws.DynamoRunHistory;
import io.codebuildnotifier.adapter.aws.SqsDeliveryQueue;
import io.codebuildnotifier.adapter.aws.SecretTokens;
import io.codebuildnotifier.adapter.github.GitHubHost;
import io.codebuildnotifier.adapter.github.GitHubUsers;
import io.codebuildnotifier.adapter.slack.SlackWorkspace;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.DeliveryQueue;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.ImmediateQueue;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.notification.Threads;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.people.AliasBook;
import io.codebuildnotifier.people.CachedDirectory;
import io.codebuildnotifier.people.CachedProfiles;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.sources.build.BuildNotifier;
import io.codebuildnotifier.git.GitHosts;
import io.codebuildnotifier.sources.build.Reconciler;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The composition root of the events function (EventBridge build state changes and the
 * reconciliation schedule): settings read once, and only the clients this function needs, each
 * built when first needed. In Lambda the handler builds the common ones at init (off the first
 * event's path, and before a SnapStart snapshot); Secrets Manager waits for the first message and
 * CodeCommit for the first CodeCommit repository, which most accounts never have. Endpoints follow the SDK's own {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_<SERVICE>}. Holds no invocation state: the deadline travels with each
 * invocation.
 */
public final class EventsFunction {
    /** A key that is never a real notification, for reads that only warm the paths. */
    static final NotificationKey PRIMING = NotificationKey.build("priming:00000000-0000-4000-8000-000000000000");

    private final Settings settings;
    private final Clock clock;
    private final Patience patience;
    private final SharedClients shared;
    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<CodeBuildClient> codeBuild;
    private final Lazy<SecretTokens> tokens;
    private final Lazy<SlackWorkspace> slack;
    private final Lazy<DynamoLedger> ledger;
    private final Lazy<CodeBuildBuilds> builds;
    /** The builds' test and coverage reports, on the CodeBuild client; read only for notified builds. */
    private final Lazy<CodeBuildReports> reports;
    private final Lazy<GitHosts> gitHosts;
    /** CodePipeline (the function's region), for the delivery chain's sources; built on their first event. */
    private final Lazy<CodePipelines> pipelines;
    /** Each pipeline's latest finished run, in the history table. */
    private final Lazy<DynamoRunHistory> runHistory;
    /** What pushes changed (GetCommit, GetDifferences), on the CodeCommit client; read only when pushes are on. */
    private final Lazy<CodeCommitChanges> pushChanges;
    private final Lazy<DynamoHistory> history;
    private final Lazy<AliasBook> aliases;
    private final Lazy<DynamoLookupCache> lookupCache;
    private final Lazy<GitHubHost> github;
    private final Lazy<DynamoProfileCache> profileCache;
    private final Lazy<DynamoNotices> notices;
    private final Lazy<DynamoRollups> rollups;
    /** People's preferences (item {@code prefs:CHAT_ID} in the history table), honoured in their DMs. */
    private final Lazy<io.codebuildnotifier.adapter.aws.DynamoPreferences> preferences;
    /** Where each conversation's thread started, when this function sends; {@link Threads#NONE} with CBN_THREADS=false. */
    private final Lazy<Threads> threads;
    /** CodeDeploy, built with the first deployment event (accounts without CodeDeploy never build it). */
    private final Lazy<CodeDeployClient> codeDeploy;
    /**
     * CodePipeline, for the deployments a pipeline created. Until the CodePipeline adapter is wired here, no
     * pipeline is known: deployments show no pipeline and no commits of one.
     */
    /** Which pipelines deploy which deployment groups, as this instance found them. */
    private final io.codebuildnotifier.sources.deploy.DeploymentNotifier.Memory deployMemory =
            new io.codebuildnotifier.sources.deploy.DeploymentNotifier.Memory();
    /** The SQS delivery queue, when the stack has a sender function. */
    private final Lazy<Optional<SqsDeliveryQueue>> queue;
    /**
     * When this function sends at once (no queue: the replay, sam local): no pace of its own, as before
     * the queue (one event's few messages), only Slack's {@code Retry-After} held per destination.
     */
    private final Pacer pacer;
    /** The GitHub client's HTTP client, made with the git hosts; {@link #close} closes it. */
    private final Lazy<HttpClient> githubHttp = Lazy.of(EventsFunction::gitHubHttpClient);
    /** Lookups by email this instance remembers, shared by its invocations. */
    private final CachedDirectory.Memory lookups = new CachedDirectory.Memory();
    /** Public profiles (for GitHub noreply addresses) this instance remembers. */
    private final CachedProfiles.Memory profiles = new CachedProfiles.Memory();
    /** The messages this function sends, kept for the replay to print; none are kept unless it asks. */
    private volatile SentMessages watched;
    /** How the notifier names what it talks about, for operators. */
    static final Dispatcher.Terms TERMS = new Dispatcher.Terms("Slack", "CBN_SLACK_ADMIN_USERNAMES");

    /**
     * How the AWS clients retry on their own. Lambda uses {@link #DEFAULT}: the SDK's standard
     * backoff, and up to 8 attempts for DynamoDB (it throttles under bursts, and a write that notes
     * a message as sent must not be lost to it). Tests that inject throttling pass {@link #quick()}:
     * the same attempts without the real waits.
     *
     * @param backoff a fixed wait between attempts instead of the SDK's; empty for the SDK's own
     */
    public record AwsRetries(int dynamoAttempts, Optional<Duration> backoff) {
        public static final AwsRetries DEFAULT = new AwsRetries(8, Optional.empty());

        public static AwsRetries quick() {
            return new AwsRetries(8, Optional.of(Duration.ofMillis(5)));
        }

        <B extends AwsClientBuilder<B, ?>> B apply(B builder, OptionalInt attempts) {
            if (attempts.isEmpty() && backoff.isEmpty()) {
                return builder;
            }
            builder.overrideConfiguration(o -> o.retryStrategy(b -> {
                attempts.ifPresent(b::maxAttempts);
                backoff.ifPresent(wait -> b.backoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(wait))
                        .throttlingBackoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(wait)));
            }));
            return builder;
        }
    }

    private EventsFunction(Settings settings, Clock clock, Patience patience, AwsRetries retries) {
        this.settings = settings;
        this.clock = clock;
        this.patience = patience;
        Settings.Wiring wiring = settings.wiring();
        // CodeBuild and CodeCommit live where the builds run (the function's region); the table
        // and the secret may live elsewhere (CBN_AWS_REGION), as in the original tool.
        this.shared = new SharedClients(wiring, patience, retries);
        this.dynamo = shared.dynamo;
        this.codeBuild = shared.codeBuild;
        Lazy<CodeCommitClient> codeCommit = Lazy.of(() -> retries.apply(configure(CodeCommitClient.builder(), null),
                OptionalInt.empty()).build());
        this.codeDeploy = Lazy.of(() -> retries.apply(configure(CodeDeployClient.builder(), null),
                OptionalInt.empty()).build());
        this.tokens = shared.tokens;
        this.slack = shared.slack;
        this.ledger = Lazy.of(() -> new DynamoLedger(dynamo.get(), wiring.historyTable()));
        this.builds = Lazy.of(() -> new CodeBuildBuilds(codeBuild.get(), wiring.reconcileProjects()));
        this.reports = Lazy.of(() -> new CodeBuildReports(codeBuild.get()));
        this.github = Lazy.of(() -> new GitHubHost(githubHttp.get(), wiring.githubApiUrl(),
                (host, d) -> tokens.get().githubToken(host, d), patience));
        this.gitHosts = Lazy.of(() -> new GitHosts(github.get(), new CodeCommitHost(codeCommit)));
        this.pipelines = Lazy.of(() -> new CodePipelines(shared.codePipeline));
        this.runHistory = Lazy.of(() -> new DynamoRunHistory(dynamo.get(), wiring.historyTable()));
        this.pushChanges = Lazy.of(() -> new CodeCommitChanges(codeCommit));
        this.history = Lazy.of(() -> new DynamoHistory(dynamo.get(), wiring.historyTable()));
        this.aliases = Lazy.of(() -> wiring.aliasTable()
                .<AliasBook>map(table -> new DynamoAliasBook(dynamo.get(), table))
                .orElse(AliasBook.NONE));
        this.lookupCache = Lazy.of(() -> new DynamoLookupCache(dynamo.get(), wiring.historyTable()));
        this.profileCache = Lazy.of(() -> new DynamoProfileCache(dynamo.get(), wiring.historyTable()));
        this.notices = Lazy.of(() -> new DynamoNotices(dynamo.get(), wiring.historyTable()));
        this.rollups = Lazy.of(() -> new DynamoRollups(dynamo.get(), wiring.historyTable()));
        this.preferences = Lazy.of(() -> new io.codebuildnotifier.adapter.aws.DynamoPreferences(dynamo.get(),
                wiring.historyTable()));
        this.threads = Lazy.of(() -> settings.threads() ? new DynamoThreads(dynamo.get(), wiring.historyTable())
                : Threads.NONE);
        this.queue = Lazy.of(() -> wiring.deliveryQueueUrl().map(url -> new SqsDeliveryQueue(shared.sqs.get(), url)));
        this.pacer = new Pacer(Duration.ZERO, clock, patience);
    }

    /**
     * The routes for one invocation. What lives as long as the instance (clients, caches) is
     * shared; what an invocation counts (its meter) is its own, so no invocation state is kept
     * between invocations.
     */
    Router router(Meter meter) {
        return new Router(() -> notifier(meter), () -> new Reconciler(notifier(meter), builds.get(), ledger.get(),
                clock, settings.policy().reconcileWindow(), new io.codebuildnotifier.adapter.aws.DynamoReconcileLog(
                        dynamo.get(), settings.wiring().historyTable())), new Router.Chain(settings.chain(),
                () -> approvals(meter),
                () -> new io.codebuildnotifier.sources.pipeline.RunNotifier(pipelines.get(), runHistory.get(),
                        gitHosts.get(), announcer(meter), settings.policy().routes(),
                        settings.policy().strategies().defaultStrategy(), functionRegion(), clock,
                        settings.chain().deployedDm(), new DynamoShipments(dynamo.get(), settings.wiring().historyTable())),
                () -> deployments(meter),
                () -> new io.codebuildnotifier.sources.push.PushNotifier(settings.policy().routes(), pushChanges.get(),
                        announcer(meter))), patience);
    }

    /** The approvals' source; its waiting messages offer Approve and Reject when anyone may approve from Slack. */
    io.codebuildnotifier.sources.pipeline.ApprovalNotifier approvals(Meter meter) {
        return new io.codebuildnotifier.sources.pipeline.ApprovalNotifier(pipelines.get(), announcer(meter),
                settings.policy().routes(), functionRegion(), clock, !settings.interactivity().approvers().isEmpty());
    }

    /**
     * Who wrote an execution's commits, in the chat (the interactions' self-approval check): the execution's source
     * revisions read from CodePipeline, their commits from the git hosts, their people found as for DMs.
     */
    io.codebuildnotifier.interactions.ExecutionAuthors executionAuthors() {
        return new io.codebuildnotifier.interactions.ExecutionAuthors(pipelines.get(), gitHosts.get(),
                functionRegion(), recipients(new Meter()));
    }

    /** The clients this function shares with the interactions function. */
    SharedClients shared() {
        return shared;
    }

    private io.codebuildnotifier.sources.deploy.DeploymentNotifier deployments(Meter meter) {
        return new io.codebuildnotifier.sources.deploy.DeploymentNotifier(
                new io.codebuildnotifier.sources.deploy.DeploymentNotifier.Config(settings.policy().routes(),
                        settings.chain().deployPipelines(), settings.chain().deployedDm(),
                        codeDeploy.get().serviceClientConfiguration().region().id()),
                new CodeDeployDeployments(codeDeploy.get()), pipelines.get(), gitHosts.get(),
                new DynamoShipments(dynamo.get(), settings.wiring().historyTable()),
                announcer(meter), deployMemory,
                clock);
    }

    private BuildNotifier notifier(Meter meter) {
        return new BuildNotifier(settings.policy(), builds.get(), gitHosts.get(), history.get(), ledger.get(),
                dispatcher(meter), rollups.get(), reports.get(), pipelines.get(), clock);
    }

    /** Exactly once for the delivery chain's sources, on the same ledger and dispatcher as builds. */
    private io.codebuildnotifier.notification.Announcer announcer(Meter meter) {
        return new io.codebuildnotifier.notification.Announcer(ledger.get(), dispatcher(meter), clock);
    }

    /** The region the function runs in (Lambda's {@code AWS_REGION}; the SDK's {@code aws.region} in tests). */
    static String functionRegion() {
        String region = System.getenv("AWS_REGION");
        return region != null && !region.isBlank() ? region : System.getProperty("aws.region", "");
    }

    private Recipients recipients(Meter meter) {
        // the meter counts the lookups that reach Slack (not the cached ones)
        return new Recipients(new CachedDirectory(meter.countingLookups(slack.get()),
                lookupCache.get(), clock, lookups), new CachedProfiles(new GitHubUsers(github.get()),
                profileCache.get(), clock, profiles), aliases.get());
    }

    private Dispatcher dispatcher(Meter meter) {
        // the meter counts the lookups that reach Slack (not the cached ones) and the messages it took
        Recipients recipients = recipients(meter);
        SentMessages watching = watched;
        Messenger sending = watching == null ? meter.countingPosts(slack.get())
                : watching.watching(meter.countingPosts(slack.get()));
        DeliveryQueue delivery = queue.get().<DeliveryQueue>map(q -> q).orElseGet(() -> new ImmediateQueue(
                new Sender(sending, ledger.get(), pacer, threads.get(), clock)));
        // one dispatcher per notifier of an invocation: it reads each person's preference once
        // the admins' "nobody has this address" notice offers to link a person when there is an alias table to write
        return new Dispatcher(recipients, slack.get(), delivery, settings.slackAdmins(), TERMS, notices.get(), clock,
                preferences.get(), settings.wiring().aliasTable().isPresent());
    }

    /** From now on, keeps every message this function sends (not the delivery queue's sender), for the replay. */
    SentMessages watchMessages() {
        if (watched == null) {
            watched = new SentMessages();
        }
        return watched;
    }

    /** With the settings already read (the interactions function shares this one's parts). */
    static EventsFunction of(Settings settings, Clock clock, Patience patience, AwsRetries retries) {
        return new EventsFunction(settings, clock, patience, retries);
    }

    /** Reads the settings. Fails with a message naming a bad variable. */
    public static EventsFunction fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Clock.systemUTC(), Patience.real());
    }

    /** As {@link #fromEnvironment(Map)}, with the clock and the way of waiting given. */
    public static EventsFunction fromEnvironment(Map<String, String> env, Clock clock, Patience patience) {
        return fromEnvironment(env, clock, patience, AwsRetries.DEFAULT);
    }

    /** As {@link #fromEnvironment(Map, Clock, Patience)}, with the AWS clients' own retries given. */
    public static EventsFunction fromEnvironment(Map<String, String> env, Clock clock, Patience patience,
                                                 AwsRetries retries) {
        return new EventsFunction(Settings.from(env), clock, patience, retries);
    }

    /**
     * Builds what every event needs, and on a second thread loads the Slack client's classes and
     * JSON mapping, which a cold start's first message needs last (no network, nothing secret).
     */
    void warmUp() {
        shared.primeSlackInBackground();
        notifier(new Meter());
    }

    /**
     * Primes the function before a SnapStart snapshot ({@link Priming}): every remote service it calls
     * once, harmlessly, and its own code on in-memory ports. Reads nothing secret: the Slack token is
     * fetched after restore, on first use. Never fails: priming is only an optimisation.
     */
    Priming.Report prime() {
        Priming.Report report = Priming.eventsFunction(settings, clock, dynamo, codeBuild, tokens, slack);
        System.out.println(report.summary());
        return report;
    }

    /** The HTTP client GitHub is called with (priming builds one of its own the same way). */
    static HttpClient gitHubHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * Closes the GitHub HTTP client, if it was made: a JVM that exits (the replay) would otherwise wait
     * about 0.3 s for its selector thread. Lambda never calls this.
     */
    void close() {
        if (githubHttp.isMade()) {
            githubHttp.get().shutdownNow();
        }
    }

    /** After a SnapStart restore: nothing fetched before the snapshot is trusted. */
    void afterRestore() {
        shared.afterRestore();
    }

    static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Settings.Wiring regionFrom) {
        if (regionFrom != null && regionFrom.region().isPresent()) {
            builder.region(Region.of(regionFrom.region().get()));
        }
        if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
            // every call's own timeouts come from the invocation's deadline (AwsCalls); these only bound the socket
            sync.httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(20)));
        }
        return builder;
    }

    public Settings settings() {
        return settings;
    }


    Clock clock() {
        return clock;
    }

    /** What the event being handled on this thread cost in lookups and messages. */
}
