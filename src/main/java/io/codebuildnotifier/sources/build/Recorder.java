package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.NotificationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Records a placed build in the history and decides, from the PR's or branch's earlier builds,
 * whether anyone hears about it; the notification is claimed in the same write.
 */
final class Recorder {
    /** How long a finished build's marker is kept: far longer than any event is late. */
    static final Duration MARKER_TTL = Duration.ofDays(30);

    private final History history;
    private final BuildPolicy policy;
    private final Clock clock;

    Recorder(History history, BuildPolicy policy, Clock clock) {
        this.history = history;
        this.policy = policy;
        this.clock = clock;
    }

    /** What recording found. */
    sealed interface Recorded {
        /** Written; the claim is ours. */
        record Claimed(HistoryEntry entry, Decision decision) implements Recorded {
        }

        /** Not written: the notification is finished or held by another invocation. */
        record Refused(Marker marker) implements Recorded {
        }
    }

    Recorded record(Build build, Repository repo, SourceRef ref, Optional<String> branch, Commit commit,
                    Invocation invocation) {
        Deadline deadline = invocation.deadline();
        String sourceId = HistoryEntry.sourceId(build.projectCode(), ref.toString());
        Timeline timeline = new Timeline(history.entriesOf(sourceId, deadline));
        String versionKey = timeline.versionKeyFor(build.id(), build.commit(), build.startMillis());
        HistoryEntry entry = new HistoryEntry(sourceId, versionKey, ref.toString(), branch.orElse(""),
                build.projectCode(), build.id(), build.commit(), build.status().name(), build.startMillis(),
                commit.authorName(), commit.authorEmail(), commit.committerName(), commit.committerEmail(),
                commit.subject(), repo.webUrl());

        Optional<HistoryEntry> newer = timeline.newer(build.id(), build.startMillis());
        Decision decision = newer.isPresent()
                ? new Decision.Quiet("a newer build of " + ref + " (" + newer.get().buildId() + ") is already recorded")
                : policy.strategies().decide(build.status(), timeline.previous(build.id(), build.startMillis())
                        .map(HistoryEntry::passed), branch);

        Instant now = clock.instant();
        Claim claim = new Claim(NotificationKey.build(build.id()), build.id(), invocation.id(), now,
                deadline.at(), !decision.notifies(), now.plus(MARKER_TTL));
        boolean whitelisted = ref.branchName().filter(policy::isWhitelisted).isPresent();
        History.Result result = history.record(new History.Record(entry,
                timeline.own(build.id()).map(HistoryEntry::versionKey).filter(k -> !k.equals(versionKey)),
                timeline.rekeysFor(build.id(), build.commit(), build.startMillis()),
                whitelisted, claim), deadline);
        return switch (result) {
            case History.Result.Claimed claimed -> new Recorded.Claimed(entry, decision);
            case History.Result.Refused refused -> new Recorded.Refused(refused.marker());
        };
    }
}
