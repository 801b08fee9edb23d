package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.PullRequest;
import io.codebuildnotifier.git.Repository;

import io.codebuildnotifier.kernel.HeldElsewhere;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * From a build state change to history, a decision and messages: admits the event, places the
 * build on its PR or branch ({@link Placer}; a build CodePipeline started, on its source action's branch:
 * {@link PipelineSource}), records it and decides ({@link Recorder}), and hands
 * the notification to the {@link Dispatcher}, or to its commit's rollup ({@link CommitRollups}).
 *
 * <p>Each build outcome notifies once. A marker per build, claimed in the same write that
 * records the build, makes a repeated or concurrent event a no-op, and notes each message sent
 * so that a retry after a partial failure sends only what is missing.
 */
public final class BuildNotifier {
    /** Longer names would not fit a history key (DynamoDB keys are at most 2 KB). */
    static final int MAX_REF_NAME = 512;
    static final int MAX_KEY_BYTES = 1024;

    private final BuildPolicy policy;
    private final Builds builds;
    private final GitHost gitHost;
    private final Ledger ledger;
    private final Placer placer;
    private final PipelineSource pipelineSource;
    private final Recorder recorder;
    private final Dispatcher dispatcher;
    private final CommitRollups rollups;
    private final Clock clock;

    public BuildNotifier(BuildPolicy policy, Builds builds, GitHost gitHost, History history, Ledger ledger,
                         Dispatcher dispatcher, Rollups rollups, Clock clock) {
        this(policy, builds, gitHost, history, ledger, dispatcher, rollups, TestReports.NONE, clock);
    }

    public BuildNotifier(BuildPolicy policy, Builds builds, GitHost gitHost, History history, Ledger ledger,
                         Dispatcher dispatcher, Rollups rollups, TestReports reports, Clock clock) {
        this(policy, builds, gitHost, history, ledger, dispatcher, rollups, reports, PipelineSource.UNKNOWN, clock);
    }

    /**
     * As above, with the pipelines that place the builds CodePipeline started (source type
     * {@code CODEPIPELINE}) on their source action's branch; without them such builds are skipped.
     */
    public BuildNotifier(BuildPolicy policy, Builds builds, GitHost gitHost, History history, Ledger ledger,
                         Dispatcher dispatcher, Rollups rollups, TestReports reports, Pipelines pipelines,
                         Clock clock) {
        this.policy = policy;
        this.builds = builds;
        this.gitHost = gitHost;
        this.ledger = ledger;
        this.placer = new Placer(gitHost, history, policy);
        this.pipelineSource = new PipelineSource(pipelines);
        this.recorder = new Recorder(history, policy, reports, clock, dispatcher.honoursPreferences());
        this.dispatcher = dispatcher;
        this.rollups = new CommitRollups(rollups, dispatcher, ledger, clock, policy::channelFor);
        this.clock = clock;
    }

    /**
     * Handles one event.
     *
     * @throws PermanentFailure when the build or its commit cannot be found: do not retry
     * @throws TransientFailure when a dependency is down, or another invocation is handling the build: retry
     */
    public Outcome handle(BuildEvent event, Invocation invocation) {
        Optional<BuildStatus> reported = BuildStatus.parse(event.status());
        if (reported.isEmpty()) {
            String status = event.status().matches("[A-Za-z_]{1,20}") ? "'" + event.status() + "'" : "(unreadable)";
            return new Outcome.Rejected("unknown build status " + status + " for " + event.buildArn());
        }
        if (!reported.get().isOutcome()) {
            if (reported.get() == BuildStatus.IN_PROGRESS && policy.commitRollup()) {
                Optional<String> counted = rollups.countStart(event, invocation);
                if (counted.isPresent()) {
                    return new Outcome.Ignored(event.buildArn(), "build is IN_PROGRESS; counted in the rollup of "
                            + counted.get());
                }
            }
            return new Outcome.Ignored(event.buildArn(), "build is " + reported.get() + ", not a pass or a failure");
        }
        NotificationKey key = NotificationKey.build(event.buildId());
        Optional<Marker> marker = ledger.find(key, invocation.deadline());
        Optional<Outcome> settled = settled(event.buildId(), marker, invocation);
        if (settled.isPresent()) {
            return settled.get();
        }
        Build build = builds.find(event.buildArn(), invocation.deadline()).orElseThrow(() ->
                new PermanentFailure("CodeBuild does not know build " + event.buildArn()));
        if (!build.status().isOutcome()) {
            // CodeBuild's answer is the truth; an event that runs ahead of it is tried again later
            throw new TransientFailure("CodeBuild still reports build " + build.id() + " as " + build.status()
                    + " although the event says " + reported.get());
        }
        return process(build, marker, invocation);
    }

    /** Handles a finished build already fetched from CodeBuild (the reconciliation's path). */
    public Outcome handle(Build build, Invocation invocation) {
        Optional<Marker> marker = ledger.find(NotificationKey.build(build.id()), invocation.deadline());
        Optional<Outcome> settled = settled(build.id(), marker, invocation);
        return settled.isPresent() ? settled.get() : process(build, marker, invocation);
    }

    private Outcome process(Build build, Optional<Marker> marker, Invocation invocation) {
        Repository repo;
        Placement.Placed placed;
        if (PipelineSource.startedByPipeline(build)) {
            // the pipeline's source action names the repository and the branch
            switch (pipelineSource.trace(build, invocation.deadline())) {
                case PipelineSource.Traced.Untraced untraced -> {
                    return skip(build, untraced.why());
                }
                case PipelineSource.Traced.Found found -> {
                    repo = found.repo();
                    placed = found.placed();
                }
            }
        } else {
            repo = Repository.parse(build.sourceType(), build.sourceLocation()).orElse(null);
            if (repo == null) {
                return skip(build, "source " + build.sourceType() + " '" + build.sourceLocation()
                        + "' is not a GitHub, GitHub Enterprise or CodeCommit repository");
            }
            if (build.commit().isEmpty()) {
                return skip(build, "CodeBuild reports no resolved commit for the build");
            }
            switch (placer.place(build, repo, invocation.deadline())) {
                case Placement.Nowhere nowhere -> {
                    return skip(build, nowhere.how());
                }
                case Placement.Placed p -> placed = p;
            }
        }
        SourceRef ref = placed.ref();
        if (ref.name().length() > MAX_REF_NAME || HistoryEntry.sourceId(build.projectCode(), ref.toString())
                .getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return skip(build, "the " + (ref.isPullRequest() ? "pull request" : "branch") + " name is longer than "
                    + MAX_REF_NAME + " characters");
        }
        boolean whitelisted = ref.branchName().filter(policy::isWhitelisted).isPresent();
        if (!ref.isPullRequest() && !whitelisted) {
            return skip(build, ref + " (" + placed.how() + ") is neither a pull request nor a whitelisted branch "
                    + policy.whitelistBranches());
        }

        Commit commit = gitHost.commit(repo, build.commit(), invocation.deadline());
        Optional<String> branch = placed.branchName();
        Optional<PullRequest> pullRequest = Optional.empty();
        boolean pullRequestAsked = false;
        if (ref.isPullRequest() && branch.isEmpty() && !policy.strategies().overrides().isEmpty()) {
            // only per-branch overrides need it before deciding; its title comes with it
            pullRequest = gitHost.pullRequest(repo, ref.name(), invocation.deadline());
            pullRequestAsked = true;
            branch = pullRequest.flatMap(PullRequest::branchName);
        }

        Recorder.Recorded.Claimed claimed;
        // a build the default is quiet about: does anyone's own strategy ask for it? (its people, as its plain message
        // names them, found and their preferences read: the dispatcher keeps both for the plan that follows)
        Notification probe = BuildNotifications.of(build, commit, repo, ref);
        java.util.function.Predicate<Map<NotifyStrategy, Decision>> wanted = each -> {
            Map<NotifyStrategy, Boolean> asks = new EnumMap<>(NotifyStrategy.class);
            each.forEach((strategy, decision) -> asks.put(strategy, decision.notifies()));
            return dispatcher.wanted(probe, new Dispatcher.Audience(Optional.empty(), false, asks),
                    invocation.deadline());
        };
        switch (recorder.record(build, repo, ref, branch, commit, invocation, wanted)) {
            case Recorder.Recorded.Refused refused -> {
                return settled(build.id(), Optional.of(refused.marker()), invocation).orElseThrow(() ->
                        new TransientFailure("could not claim the notification of " + build.id()));
            }
            case Recorder.Recorded.Claimed c -> claimed = c;
        }
        // the default's (or the branch's) decision is the channel's and everyone's without a strategy of their own;
        // a person's own strategy decides their direct message (the dispatcher chooses per person)
        boolean notifies = claimed.decision().notifies();
        boolean anyone = claimed.anyone();
        if (!anyone && !policy.commitRollup()) {
            return new Outcome.Recorded(build.id(), ref.toString(), build.status().name(), placed.how(),
                    claimed.decision(), Optional.empty(), List.of());
        }
        if (anyone && ref.isPullRequest() && !pullRequestAsked) {
            // the title, for a build someone hears about: one call
            pullRequest = pullRequestQuietly(repo, ref, invocation);
        }
        Story story = Story.of(claimed.entry(), claimed.earlier(), !ref.isPullRequest());
        // what the message says of the branch: a PR's head, once its host said (not used to decide)
        Optional<String> headBranch = pullRequest.flatMap(PullRequest::branchName);
        String shownBranch = branch.or(() -> headBranch).orElse("");
        Notification notification = BuildNotifications.of(build, commit, repo, ref, new BuildNotifications.Context(
                pullRequest.map(PullRequest::title).orElse(""), claimed.tests(), story, claimed.entry(),
                shownBranch, clock.instant()));
        if (policy.retryButtons()) {
            notification = BuildNotifications.withRetry(notification);
        }
        Map<NotifyStrategy, Boolean> byStrategy = new EnumMap<>(NotifyStrategy.class);
        claimed.personal().forEach((strategy, decision) -> byStrategy.put(strategy, decision.notifies()));
        Dispatcher.Audience audience = new Dispatcher.Audience(ref.isPullRequest() || !notifies ? Optional.empty()
                : policy.channelFor(build.projectCode()), notifies, byStrategy);
        Set<String> alreadySent = marker.map(Marker::delivered).orElse(Set.of());
        NotificationKey buildKey = NotificationKey.build(build.id());
        List<Delivery> deliveries;
        boolean[] toldAnew = new boolean[1];
        try {
            if (policy.commitRollup()) {
                deliveries = rollups.rollUp(build, repo, commit, notification,
                        anyone ? Optional.of(audience) : Optional.empty(), invocation, toldAnew);
            } else {
                deliveries = dispatcher.dispatch(notification, audience, alreadySent, invocation.deadline());
            }
            if (anyone) {
                ledger.finish(buildKey, invocation.deadline());
            }
        } catch (RuntimeException e) {
            if (anyone) {
                releaseQuietly(buildKey, invocation);
            }
            throw e;
        }
        if (notifies) {
            return new Outcome.Recorded(build.id(), ref.toString(), build.status().name(), placed.how(),
                    claimed.decision(), Optional.of(notification), deliveries);
        }
        // the default was quiet: whoever heard anew, heard for their own strategy (a rollup's quiet build also updates
        // the messages its commit has: those are not told anew)
        boolean told = policy.commitRollup() ? toldAnew[0]
                : deliveries.stream().anyMatch(d -> d.role() == Delivery.Role.DIRECT_MESSAGE);
        String personal = byStrategy.entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> e.getKey().id()).collect(java.util.stream.Collectors.joining(", "));
        Decision decision = told
                ? new Decision.Notify("only the people whose own strategy says so (" + personal + " would); default "
                + claimed.decision().reason())
                : claimed.decision();
        return new Outcome.Recorded(build.id(), ref.toString(), build.status().name(), placed.how(), decision,
                told ? Optional.of(notification) : Optional.empty(), deliveries);
    }

    /** The outcome for a build whose marker says there is nothing left to do, or empty to go on. */
    private Optional<Outcome> settled(String buildId, Optional<Marker> marker, Invocation invocation) {
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        Marker m = marker.get();
        if (m.finished()) {
            return Optional.of(new Outcome.Duplicate(buildId, m.state() == Marker.State.SKIPPED
                    ? "already skipped" : "already notified"));
        }
        if (m.heldByAnother(invocation.id(), clock.instant())) {
            throw new HeldElsewhere("another invocation is handling " + buildId + " until " + m.leaseUntil());
        }
        return Optional.empty();
    }

    private static Outcome skip(Build build, String reason) {
        return new Outcome.Skipped(build.id(), reason);
    }

    /**
     * The pull request's title is worth a call, not a failed notification: a host that cannot say (down,
     * or a token that may read commits but not pull requests) gives none.
     */
    private Optional<PullRequest> pullRequestQuietly(Repository repo, SourceRef ref, Invocation invocation) {
        try {
            return gitHost.pullRequest(repo, ref.name(), invocation.deadline());
        } catch (io.codebuildnotifier.kernel.NotifierFailure e) {
            return Optional.empty();
        }
    }

    private void releaseQuietly(NotificationKey key, Invocation invocation) {
        try {
            ledger.release(key, invocation.id(), invocation.deadline());
        } catch (RuntimeException ignored) {
            // the lease runs out by itself when this invocation ends
        }
    }
}
