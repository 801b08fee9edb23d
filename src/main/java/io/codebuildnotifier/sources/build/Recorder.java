package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.Repository;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.NotifyStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private final TestReports reports;
    private final Clock clock;
    private final boolean personal;

    /**
     * @param personal whether people's own strategies are honoured: each strategy's decision is worked out too,
     *                 and a build the default is quiet about stays open for the people whose strategy tells them
     */
    Recorder(History history, BuildPolicy policy, TestReports reports, Clock clock, boolean personal) {
        this.personal = personal;
        this.history = history;
        this.policy = policy;
        this.reports = reports;
        this.clock = clock;
    }

    /** What recording found. */
    sealed interface Recorded {
        /**
         * Written; the claim is ours.
         *
         * @param earlier the PR's or branch's other recorded builds, as read before this one was written
         * @param tests   what the build's test reports say (read only when it notifies), new failures marked
         */
        record Claimed(HistoryEntry entry, Decision decision, List<HistoryEntry> earlier,
                       Notification.Tests tests, java.util.Map<NotifyStrategy, Decision> personal)
                implements Recorded {
            public Claimed {
                personal = java.util.Map.copyOf(personal);
            }

            /** Whether anyone may hear: the default's people and channel, or someone whose own strategy says so. */
            boolean anyone() {
                return decision.notifies() || personal.values().stream().anyMatch(Decision::notifies);
            }
        }

        /** Not written: the notification is finished or held by another invocation. */
        record Refused(Marker marker) implements Recorded {
        }
    }

    /**
     * Once a commit has both failed and passed here, every build of it is marked flaky, whatever order
     * their events came in: the rekeys, plus the commit's other entries written again in place.
     */
    private static List<History.Rekey> withFlakyMarks(List<History.Rekey> rekeys, boolean flaky,
                                                      List<HistoryEntry> recorded, Build build) {
        if (!flaky) {
            return rekeys;
        }
        List<History.Rekey> all = new java.util.ArrayList<>();
        java.util.Set<String> rekeyed = new java.util.HashSet<>();
        for (History.Rekey r : rekeys) {
            all.add(new History.Rekey(r.entry().asFlaky(), r.versionKey()));
            rekeyed.add(r.entry().buildId());
        }
        recorded.stream()
                .filter(e -> !e.buildId().equals(build.id()) && !rekeyed.contains(e.buildId()) && !e.flaky()
                        && e.commitHash().equalsIgnoreCase(build.commit()))
                .forEach(e -> all.add(new History.Rekey(e.asFlaky(), e.versionKey())));
        return all;
    }

    private static java.util.Map<NotifyStrategy, Decision> quietForEach(Decision quiet) {
        java.util.Map<NotifyStrategy, Decision> each = new java.util.EnumMap<>(NotifyStrategy.class);
        for (NotifyStrategy strategy : NotifyStrategy.values()) {
            each.put(strategy, quiet);
        }
        return each;
    }

    /**
     * @param wanted whether anyone's own strategy asks for a build the default is quiet about, given each
     *               strategy's decision (the build's people found and their preferences read); asked only then, so
     *               that a build nobody hears of reads no reports and is written finished
     */
    Recorded record(Build build, Repository repo, SourceRef ref, Optional<String> branch, Commit commit,
                    Invocation invocation, java.util.function.Predicate<java.util.Map<NotifyStrategy, Decision>> wanted) {
        Deadline deadline = invocation.deadline();
        String sourceId = HistoryEntry.sourceId(build.projectCode(), ref.toString());
        List<HistoryEntry> recorded = history.entriesOf(sourceId, deadline);
        Timeline timeline = new Timeline(recorded);
        String versionKey = timeline.versionKeyFor(build.id(), build.commit(), build.startMillis());
        Optional<HistoryEntry> previous = timeline.previous(build.id(), build.startMillis());

        Optional<HistoryEntry> newer = timeline.newer(build.id(), build.startMillis());
        Decision decision = newer.isPresent()
                ? new Decision.Quiet("a newer build of " + ref + " (" + newer.get().buildId() + ") is already recorded")
                : policy.strategies().decide(build.status(), previous.map(HistoryEntry::passed), branch);
        java.util.Map<NotifyStrategy, Decision> each = !personal ? java.util.Map.of() : newer.isPresent()
                ? quietForEach(decision) : StrategyPolicy.decideEach(build.status(), previous.map(HistoryEntry::passed));
        if (!decision.notifies() && each.values().stream().anyMatch(Decision::notifies) && !wanted.test(each)) {
            each = quietForEach(new Decision.Quiet(decision.reason() + "; nobody's own strategy asks for it"));
        }
        boolean anyone = decision.notifies() || each.values().stream().anyMatch(Decision::notifies);
        // only a build someone may hear about pays for its reports
        Notification.Tests run = anyone && !build.reportArns().isEmpty()
                ? reports.read(build, deadline) : Notification.Tests.NONE;
        boolean flaky = timeline.flaky(build.id(), build.commit(), build.status().passed());
        HistoryEntry entry = new HistoryEntry(sourceId, versionKey, ref.toString(), branch.orElse(""),
                build.projectCode(), build.id(), build.commit(), build.status().name(), build.startMillis(),
                commit.authorName(), commit.authorEmail(), commit.committerName(), commit.committerEmail(),
                commit.subject(), repo.webUrl(), run.failedNames(), flaky,
                build.endTime() == null ? 0 : build.endTime().toEpochMilli(), build.buildNumber());

        Instant now = clock.instant();
        Claim claim = new Claim(NotificationKey.build(build.id()), build.id(), invocation.id(), now,
                deadline.at(), !anyone, now.plus(MARKER_TTL));
        boolean whitelisted = ref.branchName().filter(policy::isWhitelisted).isPresent();
        History.Result result = history.record(new History.Record(entry,
                timeline.own(build.id()).map(HistoryEntry::versionKey).filter(k -> !k.equals(versionKey)),
                withFlakyMarks(timeline.rekeysFor(build.id(), build.commit(), build.startMillis()), flaky, recorded,
                        build), whitelisted, claim), deadline);
        return switch (result) {
            case History.Result.Claimed claimed -> new Recorded.Claimed(entry, decision,
                    recorded.stream().filter(e -> !e.buildId().equals(build.id())).toList(),
                    TestFailures.shown(run, previous), each);
            case History.Result.Refused refused -> new Recorded.Refused(refused.marker());
        };
    }
}
