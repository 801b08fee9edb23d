package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.notification.NotifyStrategy;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.DeliveryQueue;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.ImmediateQueue;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.testkit.LocalQueue;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryBuilds;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryGitHost;
import io.codebuildnotifier.testkit.InMemoryNotices;
import io.codebuildnotifier.testkit.InMemoryPipelines;
import io.codebuildnotifier.testkit.InMemoryProfiles;
import io.codebuildnotifier.testkit.InMemoryStore;
import io.codebuildnotifier.testkit.InMemoryTestReports;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@link BuildNotifier}, {@link Dispatcher} and {@link Recipients} on the test kit's fakes,
 * at a fixed time: the repository {@code acme/widgets} on GitHub, project {@code widgets}, the
 * whitelisted branch {@code main} whose builds also go to {@code #builds}, Ada (U1) and Grace (U2)
 * in the workspace, and an admin (UADMIN).
 */
final class NotifierFixture {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    static final String OTHER_SHA = "ffffffffffffffffffffffffffffffffffffffff";
    static final Commit COMMIT = new Commit(SHA, "Ada", "ada@example.com", "Grace", "grace@example.com", "Fix it");

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Deadline deadline = new Deadline(NOW.plus(Duration.ofMinutes(10)), clock);
    final InMemoryStore store = new InMemoryStore();
    final InMemoryBuilds builds = new InMemoryBuilds();
    final InMemoryGitHost git = new InMemoryGitHost().commit(COMMIT);
    final RecordingMessenger messenger = new RecordingMessenger();
    final InMemoryDirectory directory = new InMemoryDirectory()
            .member("ada@example.com", "U1").member("grace@example.com", "U2").admin("ops", "UADMIN");
    final InMemoryAliasBook aliases = new InMemoryAliasBook();
    /** GitHub users' public profiles (none unless a test adds them). */
    final InMemoryProfiles profiles = new InMemoryProfiles();
    /** Admin notices sent today, one per address. */
    final InMemoryNotices notices = new InMemoryNotices();
    /** What builds' test reports say; a build without report ARNs has none. */
    final InMemoryTestReports reports = new InMemoryTestReports();
    /** CodePipeline: no pipeline unless a test puts one. */
    final InMemoryPipelines pipelines = new InMemoryPipelines();
    private BuildNotifier notifier;
    private Map<String, NotifyStrategy> overrides = Map.of();
    private List<String> admins = List.of("ops");

    NotifierFixture admins(String... admins) {
        this.admins = List.of(admins);
        this.notifier = null;
        return this;
    }

    /** Per-branch strategies; call before the first event. */
    NotifierFixture overrides(Map<String, NotifyStrategy> overrides) {
        this.overrides = overrides;
        return this;
    }

    private NotifyStrategy strategy = NotifyStrategy.STATUS_CHANGE;

    /** The default notify strategy; call before the first event. */
    NotifierFixture strategy(NotifyStrategy strategy) {
        this.strategy = strategy;
        this.notifier = null;
        return this;
    }

    private io.codebuildnotifier.notification.ChannelRoutes routes;

    /** Channel routes ({@code CBN_CHANNEL_ROUTES}) with {@code #builds} as the catch-all; call before the first event. */
    NotifierFixture routes(String spec) {
        this.routes = new io.codebuildnotifier.notification.ChannelRoutes(
                io.codebuildnotifier.notification.ChannelRoutes.parse(spec), Optional.of("#builds"));
        this.notifier = null;
        return this;
    }

    private io.codebuildnotifier.notification.Preferences preferences =
            io.codebuildnotifier.notification.Preferences.NONE;

    /** People's preferences, honoured in their DMs; call before the first event. */
    NotifierFixture preferences(io.codebuildnotifier.notification.Preferences preferences) {
        this.preferences = preferences;
        this.notifier = null;
        return this;
    }

    BuildPolicy policy() {
        return new BuildPolicy(new StrategyPolicy(strategy, overrides), List.of("main"),
                Optional.of("#builds"), Duration.ofHours(2), rollup, routes, retryButtons);
    }

    BuildNotifier notifier() {
        if (notifier == null) {
            Dispatcher dispatcher = new Dispatcher(new Recipients(directory, profiles, aliases), directory, queue(),
                    admins, new Dispatcher.Terms("Slack", "CBN_SLACK_ADMIN_USERNAMES"), notices, clock, preferences,
                    offerLinks);
            notifier = new BuildNotifier(policy(), builds, git, store, store, dispatcher, store, reports, pipelines,
                    clock);
        }
        return notifier;
    }

    /** Where owed messages go: the sender at once, unless a test queues them ({@link #queueing}). */
    DeliveryQueue queue() {
        return queued != null ? queued : new ImmediateQueue(sender());
    }

    Sender sender() {
        return new Sender(messenger, store, new Pacer(Duration.ZERO, clock, new Patience(d -> { })));
    }

    private LocalQueue queued;

    /** Owed messages wait in a local queue until the test sends them. */
    NotifierFixture queueing(LocalQueue queue) {
        this.queued = queue;
        this.notifier = null;
        return this;
    }

    /** Commit rollups on; call before the first event. */
    NotifierFixture rollups() {
        this.rollup = true;
        this.notifier = null;
        return this;
    }

    private boolean rollup;
    private boolean retryButtons;
    private boolean offerLinks;

    /** Failed builds' messages offer a retry; call before the first event. */
    NotifierFixture retryButtons() {
        this.retryButtons = true;
        this.notifier = null;
        return this;
    }

    /** Admin notices offer to link the address to a member (an alias table is set); call before the first event. */
    NotifierFixture offeringLinks() {
        this.offerLinks = true;
        this.notifier = null;
        return this;
    }

    Invocation invocation(String id) {
        return new Invocation(id, deadline);
    }

    /** A build of {@link #SHA} that started {@code startSecond} seconds after the epoch of the day, known to CodeBuild. */
    Build build(String uuid, BuildStatus status, String sourceVersion, long startSecond) {
        return build(uuid, status, sourceVersion, SHA, startSecond, Map.of());
    }

    Build build(String uuid, BuildStatus status, String sourceVersion, String commit, long startSecond,
                Map<String, String> exported) {
        return build("widgets", uuid, status, sourceVersion, commit, startSecond, exported);
    }

    /** A build of another project of the same repository (a monorepo's). */
    Build build(String project, String uuid, BuildStatus status, String sourceVersion, long startSecond) {
        return build(project, uuid, status, sourceVersion, SHA, startSecond, Map.of());
    }

    Build build(String project, String uuid, BuildStatus status, String sourceVersion, String commit,
                long startSecond, Map<String, String> exported) {
        String id = project + ":" + uuid;
        Build build = new Build(id, "arn:aws:codebuild:eu-west-1:123456789012:build/" + id, project,
                NOW.minus(Duration.ofHours(1)).plusSeconds(startSecond), status, sourceVersion, commit, "GITHUB",
                "https://github.com/acme/widgets.git", "GitHub-Hookshot", "", exported, List.of());
        builds.add(build);
        return build;
    }

    /**
     * A build of project {@code widgets} that pipeline {@code pipeline} started (source type CODEPIPELINE, its source
     * version an S3 artifact), of {@code commit}, known to CodeBuild.
     */
    Build pipelineBuild(String uuid, BuildStatus status, String pipeline, String commit, long startSecond) {
        String id = "widgets:" + uuid;
        Build build = new Build(id, "arn:aws:codebuild:eu-west-1:123456789012:build/" + id, "widgets",
                NOW.minus(Duration.ofHours(1)).plusSeconds(startSecond), status,
                "arn:aws:s3:::codepipeline-eu-west-1-123456789012/" + pipeline + "/SourceArti/Xy12Ab3", commit,
                "CODEPIPELINE", "", "codepipeline/" + pipeline, "", Map.of(), List.of());
        builds.add(build);
        return build;
    }

    /** The state-change event for a build, handled by invocation {@code inv-1}. */
    Outcome handle(Build build) {
        return handle(build, "inv-1");
    }

    Outcome handle(Build build, String invocationId) {
        return notifier().handle(new BuildEvent(build.arn(), build.status().name()), invocation(invocationId));
    }

    Optional<Marker> marker(Build build) {
        return store.find(NotificationKey.build(build.id()), deadline);
    }

    /** Another invocation claims the build's notification at {@link #NOW}, leased until {@code leaseUntil}. */
    void claimedElsewhere(Build build, Instant leaseUntil) {
        String sourceId = HistoryEntry.sourceId("widgets", "pr/7");
        HistoryEntry entry = new HistoryEntry(sourceId, HistoryEntry.versionKey(1, 1), "pr/7", "", "widgets",
                build.id(), SHA, build.status().name(), 1, "", "", "", "", "", "");
        store.record(new History.Record(entry, Optional.empty(), List.of(), false, new Claim(
                NotificationKey.build(build.id()), build.id(), "inv-other", NOW, leaseUntil, false,
                NOW.plus(Duration.ofDays(30)))), deadline);
    }
}
