package io.codebuildnotifier.notifier;

import io.codebuildnotifier.build.Build;
import io.codebuildnotifier.build.BuildEvent;
import io.codebuildnotifier.build.BuildStatus;
import io.codebuildnotifier.build.Builds;
import io.codebuildnotifier.commit.Commit;
import io.codebuildnotifier.commit.GitHost;
import io.codebuildnotifier.config.Settings;
import io.codebuildnotifier.delivery.Claim;
import io.codebuildnotifier.delivery.Invocation;
import io.codebuildnotifier.delivery.Ledger;
import io.codebuildnotifier.delivery.Marker;
import io.codebuildnotifier.delivery.Target;
import io.codebuildnotifier.failure.HeldElsewhere;
import io.codebuildnotifier.failure.PermanentFailure;
import io.codebuildnotifier.failure.TransientFailure;
import io.codebuildnotifier.history.History;
import io.codebuildnotifier.history.HistoryEntry;
import io.codebuildnotifier.history.Timeline;
import io.codebuildnotifier.message.BuildMessage;
import io.codebuildnotifier.message.Delivery;
import io.codebuildnotifier.message.MessageRenderer;
import io.codebuildnotifier.message.Messenger;
import io.codebuildnotifier.message.Mrkdwn;
import io.codebuildnotifier.recipient.ChatDirectory;
import io.codebuildnotifier.recipient.Recipients;
import io.codebuildnotifier.source.Repository;
import io.codebuildnotifier.source.SourceRef;
import io.codebuildnotifier.source.SourceVersion;
import io.codebuildnotifier.strategy.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The notifier: from a build state change to history, a strategy decision and messages.
 * Knows nothing of Lambda, DynamoDB or Slack; every dependency is a narrow port.
 *
 * <p>Each build outcome notifies once. A marker per build, claimed in the same write that
 * records the build, makes a repeated or concurrent event a no-op, and notes each message sent
 * so that a retry after a partial failure sends only what is missing.
 */
public final class BuildNotifier {
    /** How long a finished build's marker is kept: far longer than any event is late. */
    static final Duration MARKER_TTL = Duration.ofDays(30);
    /** Longer names would not fit a history key (DynamoDB keys are at most 2 KB). */
    static final int MAX_REF_NAME = 512;
    static final int MAX_KEY_BYTES = 1024;

    private final Settings settings;
    private final Builds builds;
    private final GitHost gitHost;
    private final History history;
    private final Ledger ledger;
    private final ChatDirectory directory;
    private final Recipients recipients;
    private final Messenger messenger;
    private final Clock clock;
    private final MessageRenderer renderer = new MessageRenderer();

    public BuildNotifier(Settings settings, Builds builds, GitHost gitHost, History history, Ledger ledger,
                         ChatDirectory directory, Recipients recipients, Messenger messenger, Clock clock) {
        this.settings = settings;
        this.builds = builds;
        this.gitHost = gitHost;
        this.history = history;
        this.ledger = ledger;
        this.directory = directory;
        this.recipients = recipients;
        this.messenger = messenger;
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
            return new Outcome.Ignored(event.buildArn(), "build is " + reported.get() + ", not a pass or a failure");
        }
        Optional<Marker> marker = ledger.find(event.buildId());
        Optional<Outcome> settled = settled(event.buildId(), marker, invocation);
        if (settled.isPresent()) {
            return settled.get();
        }
        Build build = builds.find(event.buildArn()).orElseThrow(() ->
                new PermanentFailure("CodeBuild does not know build " + event.buildArn()));
        if (!build.status().isOutcome()) {
            // CodeBuild's answer is the truth; an event that runs ahead of it is tried again later
            throw new TransientFailure("CodeBuild still reports build " + build.id() + " as " + build.status()
                    + " although the event says " + reported.get());
        }
        return process(build, marker, invocation);
    }

    /**
     * Handles a finished build already fetched from CodeBuild (the reconciliation's path).
     */
    public Outcome handle(Build build, Invocation invocation) {
        Optional<Marker> marker = ledger.find(build.id());
        Optional<Outcome> settled = settled(build.id(), marker, invocation);
        return settled.isPresent() ? settled.get() : process(build, marker, invocation);
    }

    private Outcome process(Build build, Optional<Marker> marker, Invocation invocation) {
        BuildStatus status = build.status();

        Repository repo = Repository.parse(build.sourceType(), build.sourceLocation()).orElse(null);
        if (repo == null) {
            return skip(build, "source " + build.sourceType() + " '" + build.sourceLocation()
                    + "' is not a GitHub, GitHub Enterprise or CodeCommit repository");
        }
        if (build.commit().isEmpty()) {
            return skip(build, "CodeBuild reports no resolved commit for the build");
        }
        Placement placement = place(build, repo);
        if (placement.ref() == null) {
            return skip(build, placement.how());
        }
        SourceRef ref = placement.ref();
        if (ref.name().length() > MAX_REF_NAME || HistoryEntry.sourceId(build.projectCode(), ref.toString())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return skip(build, "the " + (ref.isPullRequest() ? "pull request" : "branch") + " name is longer than "
                    + MAX_REF_NAME + " characters");
        }
        Optional<String> whitelistedBranch = ref.branchName().filter(settings::isWhitelisted);
        if (!ref.isPullRequest() && whitelistedBranch.isEmpty()) {
            return skip(build, ref + " (" + placement.how() + ") is neither a pull request nor a whitelisted branch "
                    + settings.whitelistBranches());
        }

        Commit commit = gitHost.commit(repo, build.commit());
        Optional<String> branch = placement.branchName();
        if (ref.isPullRequest() && branch.isEmpty() && !settings.strategies().overrides().isEmpty()) {
            branch = gitHost.pullRequestBranch(repo, ref.name()); // only per-branch overrides need it
        }
        String sourceId = HistoryEntry.sourceId(build.projectCode(), ref.toString());
        Timeline timeline = new Timeline(history.entriesOf(sourceId));
        String versionKey = timeline.versionKeyFor(build.id(), build.commit(), build.startMillis());
        HistoryEntry entry = new HistoryEntry(sourceId, versionKey, ref.toString(), branch.orElse(""),
                build.projectCode(), build.id(), build.commit(), status.name(), build.startMillis(),
                commit.authorName(), commit.authorEmail(), commit.committerName(), commit.committerEmail(),
                commit.subject(), repo.webUrl());

        Optional<HistoryEntry> newer = timeline.newer(build.id(), build.startMillis());
        Decision decision = newer.isPresent()
                ? new Decision.Quiet("a newer build of " + ref + " (" + newer.get().buildId() + ") is already recorded")
                : settings.strategies().decide(status, timeline.previous(build.id(), build.startMillis())
                        .map(HistoryEntry::passed), branch);

        Instant now = clock.instant();
        Claim claim = new Claim(build.id(), invocation.id(), now, invocation.deadline(), !decision.notifies(),
                now.plus(MARKER_TTL));
        History.Result result = history.record(new History.Record(entry,
                timeline.own(build.id()).map(HistoryEntry::versionKey).filter(k -> !k.equals(versionKey)),
                timeline.rekeysFor(build.id(), build.commit(), build.startMillis()),
                whitelistedBranch.isPresent(), claim));
        if (result instanceof History.Result.Refused refused) {
            return settled(build.id(), Optional.of(refused.marker()), invocation).orElseThrow(() ->
                    new TransientFailure("could not claim the notification of " + build.id()));
        }

        Outcome.Recorded recorded = new Outcome.Recorded(build.id(), ref.toString(), status.name(), placement.how(),
                decision, Optional.empty(), List.of());
        if (!decision.notifies()) {
            return recorded;
        }
        BuildMessage message = renderer.render(build, status, commit, repo, ref);
        Set<String> alreadySent = marker.map(Marker::delivered).orElse(Set.of());
        List<Delivery> deliveries;
        try {
            deliveries = deliver(message, build, commit, ref, alreadySent);
        } catch (RuntimeException e) {
            releaseQuietly(build.id(), invocation.id());
            throw e;
        }
        return new Outcome.Recorded(build.id(), ref.toString(), status.name(), placement.how(), decision,
                Optional.of(message), deliveries);
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

    private void releaseQuietly(String buildId, String owner) {
        try {
            ledger.release(buildId, owner);
        } catch (RuntimeException ignored) {
            // the lease runs out by itself when this invocation ends
        }
    }

    /** Where a build belongs, how that was found, and its branch when known. */
    private record Placement(SourceRef ref, String how, Optional<String> branchName) {
        static Placement nowhere(String why) {
            return new Placement(null, why, Optional.empty());
        }
    }

    /** Steps a to e of finding the PR or branch a build belongs to; the first answer wins. */
    private Placement place(Build build, Repository repo) {
        Optional<SourceRef> exported = SourceVersion.fromExportedVariables(build.exportedVariables());
        Optional<String> exportedHead = SourceVersion.exportedHeadBranch(build.exportedVariables());
        if (exported.isPresent()) {
            return placed(exported.get(), "exported CODEBUILD_WEBHOOK_TRIGGER", exportedHead);
        }
        SourceVersion version = SourceVersion.classify(build.sourceVersion(), build.commit());
        if (version instanceof SourceVersion.Ref r) {
            return placed(r.ref(), "source version " + build.sourceVersion(), exportedHead);
        }
        if (version instanceof SourceVersion.Other other) {
            return Placement.nowhere(other.why());
        }
        if (exportedHead.isPresent()) {
            return placed(SourceRef.branch(exportedHead.get()), "exported CODEBUILD_WEBHOOK_HEAD_REF", Optional.empty());
        }
        for (String branch : settings.whitelistBranches()) {
            Optional<String> head = gitHost.branchHead(repo, branch);
            if (head.isPresent() && head.get().equalsIgnoreCase(build.commit())) {
                return placed(SourceRef.branch(branch), "head of " + branch + " on the git host", Optional.empty());
            }
        }
        Optional<HistoryEntry> seen = history.entriesWithCommit(build.commit()).stream()
                .filter(e -> e.projectCode().equals(build.projectCode()))
                .filter(e -> SourceRef.parse(e.sourceRef()).filter(r -> !r.isPullRequest()).isPresent())
                .max(Comparator.comparingLong(HistoryEntry::startTime));
        if (seen.isPresent()) {
            SourceRef ref = SourceRef.parse(seen.get().sourceRef()).orElseThrow();
            Optional<String> branch = seen.get().branch().or(ref::branchName);
            return placed(ref, "commit recorded before under " + ref, branch);
        }
        return Placement.nowhere("commit " + build.commit() + " is not the head of a whitelisted branch "
                + settings.whitelistBranches() + ", was never recorded under a branch, and the build is not "
                + "for a pull request" + (repo.isGitHub()
                ? " (for a private GitHub repository, the secret needs a github_token that can read it)" : ""));
    }

    private static Placement placed(SourceRef ref, String how, Optional<String> headBranch) {
        return new Placement(ref, how, ref.branchName().or(() -> headBranch));
    }

    /** One message to send: where, and how. */
    private record Send(String target, Supplier<Delivery> post) {
    }

    /**
     * Sends what an earlier attempt did not, noting each message in the marker as soon as it is
     * out; the note of the last one also finishes the notification.
     */
    private List<Delivery> deliver(BuildMessage message, Build build, Commit commit, SourceRef ref,
                                   Set<String> alreadySent) {
        List<Delivery> deliveries = new ArrayList<>();
        List<Send> sends = new ArrayList<>();
        Recipients.Resolution resolution = recipients.resolve(List.of(commit.authorEmail(), commit.committerEmail()));
        for (Recipients.Recipient recipient : resolution.recipients()) {
            sends.add(new Send(Target.directMessage(recipient.userId()),
                    () -> new Delivery(Delivery.Role.DIRECT_MESSAGE, recipient.userId(),
                            String.join(", ", recipient.emails()),
                            messenger.post(recipient.userId(), message).orElse(""))));
        }
        for (Recipients.Unresolved unresolved : resolution.unresolved()) {
            tellAdmins(unresolved, build, commit, sends, deliveries);
        }
        if (!ref.isPullRequest() && settings.additionalChannel().isPresent()) {
            String channel = settings.additionalChannel().get();
            sends.add(new Send(Target.channel(channel),
                    () -> new Delivery(Delivery.Role.CHANNEL, channel, "CBN_ADDITIONAL_CHANNEL",
                            messenger.post(channel, message).orElse(""))));
        }
        List<Send> due = sends.stream().filter(send -> !alreadySent.contains(send.target())).toList();
        for (int i = 0; i < due.size(); i++) {
            deliveries.add(due.get(i).post().get());
            ledger.delivered(build.id(), due.get(i).target(), i == due.size() - 1);
        }
        if (due.isEmpty()) {
            ledger.finish(build.id());
        }
        return deliveries;
    }

    private void tellAdmins(Recipients.Unresolved unresolved, Build build, Commit commit, List<Send> sends,
                            List<Delivery> deliveries) {
        String notice = ":warning: CodeBuild notifier: Slack user lookup by email for "
                + Mrkdwn.escape(Mrkdwn.clip(unresolved.email(), 254)) + " failed with error: "
                + Mrkdwn.escape(Mrkdwn.clip(unresolved.error(), 200))
                + " (commit " + Mrkdwn.escape(commit.shortHash()) + " of " + Mrkdwn.escape(build.id())
                + "). Add the address to the Slack alias table to route it to a workspace email.";
        for (String admin : settings.slackAdmins()) {
            Optional<String> id = directory.resolveAdmin(admin);
            if (id.isEmpty()) {
                deliveries.add(new Delivery(Delivery.Role.ADMIN_NOTICE, admin, unresolved.email(),
                        "no active Slack member matches admin '" + admin + "'"));
                continue;
            }
            sends.add(new Send(Target.adminNotice(id.get(), unresolved.email()),
                    () -> new Delivery(Delivery.Role.ADMIN_NOTICE, id.get(), unresolved.email(),
                            messenger.postText(id.get(), notice).orElse(""))));
        }
        if (settings.slackAdmins().isEmpty()) {
            deliveries.add(new Delivery(Delivery.Role.ADMIN_NOTICE, "-", unresolved.email(),
                    "no Slack member for " + unresolved.email() + " (" + unresolved.error()
                            + ") and CBN_SLACK_ADMIN_USERNAMES is not set"));
        }
    }
}
