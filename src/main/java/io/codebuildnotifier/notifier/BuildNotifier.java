package io.codebuildnotifier.notifier;

import io.codebuildnotifier.build.Build;
import io.codebuildnotifier.build.BuildEvent;
import io.codebuildnotifier.build.BuildStatus;
import io.codebuildnotifier.build.Builds;
import io.codebuildnotifier.commit.Commit;
import io.codebuildnotifier.commit.GitHost;
import io.codebuildnotifier.config.Settings;
import io.codebuildnotifier.failure.PermanentFailure;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The notifier: from a build state change to history, a strategy decision and messages.
 * Knows nothing of Lambda, DynamoDB or Slack; every dependency is a narrow port.
 */
public final class BuildNotifier {
    private final Settings settings;
    private final Builds builds;
    private final GitHost gitHost;
    private final History history;
    private final ChatDirectory directory;
    private final Recipients recipients;
    private final Messenger messenger;
    private final MessageRenderer renderer = new MessageRenderer();

    public BuildNotifier(Settings settings, Builds builds, GitHost gitHost, History history,
                         ChatDirectory directory, Recipients recipients, Messenger messenger) {
        this.settings = settings;
        this.builds = builds;
        this.gitHost = gitHost;
        this.history = history;
        this.directory = directory;
        this.recipients = recipients;
        this.messenger = messenger;
    }

    /**
     * Handles one event.
     *
     * @throws PermanentFailure when the build or its commit cannot be found: do not retry
     * @throws io.codebuildnotifier.failure.TransientFailure when a dependency is down: retry
     */
    public Outcome handle(BuildEvent event) {
        Optional<BuildStatus> reported = BuildStatus.parse(event.status());
        if (reported.isEmpty()) {
            return new Outcome.Rejected("unknown build status '" + event.status() + "' for " + event.buildArn());
        }
        if (!reported.get().isOutcome()) {
            return new Outcome.Ignored(event.buildArn(), "build is " + reported.get() + ", not a pass or a failure");
        }
        Build build = builds.find(event.buildArn()).orElseThrow(() ->
                new PermanentFailure("CodeBuild does not know build " + event.buildArn()));
        BuildStatus status = build.status().isOutcome() ? build.status() : reported.get();

        Repository repo = Repository.parse(build.sourceType(), build.sourceLocation()).orElse(null);
        if (repo == null) {
            return new Outcome.Skipped(build.id(), "source " + build.sourceType() + " '" + build.sourceLocation()
                    + "' is not a GitHub, GitHub Enterprise or CodeCommit repository");
        }
        if (build.commit().isEmpty()) {
            return new Outcome.Skipped(build.id(), "CodeBuild reports no resolved commit for the build");
        }
        Placement placement = place(build, repo);
        if (placement.ref() == null) {
            return new Outcome.Skipped(build.id(), placement.how());
        }
        SourceRef ref = placement.ref();
        Optional<String> whitelistedBranch = ref.branchName().filter(settings::isWhitelisted);
        if (!ref.isPullRequest() && whitelistedBranch.isEmpty()) {
            return new Outcome.Skipped(build.id(), ref + " (" + placement.how() + ") is neither a pull request "
                    + "nor a whitelisted branch " + settings.whitelistBranches());
        }

        Commit commit = gitHost.commit(repo, build.commit());
        String sourceId = HistoryEntry.sourceId(build.projectCode(), ref.toString());
        Timeline timeline = new Timeline(history.entriesOf(sourceId));
        Optional<HistoryEntry> previous = timeline.previous(build.id(), build.startMillis());
        HistoryEntry entry = new HistoryEntry(sourceId,
                timeline.versionKeyFor(build.id(), build.commit(), build.startMillis()),
                ref.toString(), placement.branchName().orElse(""), build.projectCode(), build.id(),
                build.commit(), status.name(), build.startMillis(),
                commit.authorName(), commit.authorEmail(), commit.committerName(), commit.committerEmail(),
                commit.subject(), repo.webUrl());
        history.record(entry, whitelistedBranch.isPresent());

        Decision decision = settings.strategies().decide(status, previous.map(HistoryEntry::passed),
                placement.branchName());
        if (!decision.notifies()) {
            return new Outcome.Recorded(build.id(), ref.toString(), status.name(), placement.how(), decision,
                    Optional.empty(), List.of());
        }
        BuildMessage message = renderer.render(build, status, commit, repo, ref);
        List<Delivery> deliveries = deliver(message, build, commit, ref);
        return new Outcome.Recorded(build.id(), ref.toString(), status.name(), placement.how(), decision,
                Optional.of(message), deliveries);
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
            return placed(exported.get(), "exported webhook variables", exportedHead);
        }
        SourceVersion version = SourceVersion.classify(build.sourceVersion(), build.commit());
        if (version instanceof SourceVersion.Ref r) {
            return placed(r.ref(), "source version " + build.sourceVersion(), Optional.empty());
        }
        if (version instanceof SourceVersion.Other other) {
            return Placement.nowhere(other.why());
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
                + "for a pull request");
    }

    private static Placement placed(SourceRef ref, String how, Optional<String> headBranch) {
        return new Placement(ref, how, ref.branchName().or(() -> headBranch));
    }

    private List<Delivery> deliver(BuildMessage message, Build build, Commit commit, SourceRef ref) {
        List<Delivery> deliveries = new ArrayList<>();
        Recipients.Resolution resolution = recipients.resolve(List.of(commit.authorEmail(), commit.committerEmail()));
        for (Recipients.Recipient recipient : resolution.recipients()) {
            Optional<String> error = messenger.post(recipient.userId(), message);
            deliveries.add(new Delivery(Delivery.Role.DIRECT_MESSAGE, recipient.userId(),
                    String.join(", ", recipient.emails()), error.orElse("")));
        }
        for (Recipients.Unresolved unresolved : resolution.unresolved()) {
            deliveries.addAll(tellAdmins(unresolved, build, commit));
        }
        if (!ref.isPullRequest() && settings.additionalChannel().isPresent()) {
            String channel = settings.additionalChannel().get();
            Optional<String> error = messenger.post(channel, message);
            deliveries.add(new Delivery(Delivery.Role.CHANNEL, channel, "CBN_ADDITIONAL_CHANNEL", error.orElse("")));
        }
        return deliveries;
    }

    private List<Delivery> tellAdmins(Recipients.Unresolved unresolved, Build build, Commit commit) {
        List<Delivery> deliveries = new ArrayList<>();
        String notice = ":warning: CodeBuild notifier: Slack user lookup by email for "
                + Mrkdwn.escape(unresolved.email()) + " failed with error: " + Mrkdwn.escape(unresolved.error())
                + " (commit " + Mrkdwn.escape(commit.shortHash()) + " of " + Mrkdwn.escape(build.id())
                + "). Add the address to the Slack alias table to route it to a workspace email.";
        for (String admin : settings.slackAdmins()) {
            Optional<String> id = directory.resolveAdmin(admin);
            if (id.isEmpty()) {
                deliveries.add(new Delivery(Delivery.Role.ADMIN_NOTICE, admin, unresolved.email(),
                        "no active Slack member matches admin '" + admin + "'"));
                continue;
            }
            Optional<String> error = messenger.postText(id.get(), notice);
            deliveries.add(new Delivery(Delivery.Role.ADMIN_NOTICE, id.get(), unresolved.email(), error.orElse("")));
        }
        if (settings.slackAdmins().isEmpty()) {
            deliveries.add(new Delivery(Delivery.Role.ADMIN_NOTICE, "-", unresolved.email(),
                    "no Slack member for " + unresolved.email() + " (" + unresolved.error()
                            + ") and CBN_SLACK_ADMIN_USERNAMES is not set"));
        }
        return deliveries;
    }
}
