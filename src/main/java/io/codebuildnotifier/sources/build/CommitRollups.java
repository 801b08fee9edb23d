package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.Repository;

import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outgoing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One message per commit across the projects that build it ({@code CBN_COMMIT_ROLLUP}): each
 * recorded build joins its commit's rollup, and the rollup's new revision goes to everyone who
 * follows it; a push's start counts its project, so the message can say how many are to come.
 */
final class CommitRollups {
    /** A commit's rollup collects the builds that finish within this time of its first; later ones start anew. */
    static final Duration ROLLUP_WINDOW = Duration.ofHours(6);

    private final Rollups rollups;
    private final Dispatcher dispatcher;
    private final Ledger ledger;
    private final Clock clock;
    /** The channel a project's builds are routed to, if any ({@code CBN_CHANNEL_ROUTES}). */
    private final java.util.function.Function<String, Optional<String>> channelOf;

    CommitRollups(Rollups rollups, Dispatcher dispatcher, Ledger ledger, Clock clock,
                  java.util.function.Function<String, Optional<String>> channelOf) {
        this.rollups = rollups;
        this.dispatcher = dispatcher;
        this.ledger = ledger;
        this.clock = clock;
        this.channelOf = channelOf;
    }

    /**
     * Adds the build to its commit's rollup and hands the rollup's new revision to everyone who
     * follows it: this build's people and channel when it notifies, and whoever already has the
     * commit's message (an update in place, even for a build that would have been quiet).
     */
    /**
     * As above; {@code toldAnew[0]} says whether this build's own people were planned a direct message (not only
     * the followers' updates).
     */
    List<Delivery> rollUp(Build build, Repository repo, Commit commit, Notification single,
                          Optional<Dispatcher.Audience> audience, Invocation invocation, boolean[] toldAnew) {
        NotificationKey key = BuildNotifications.rollupKey(repo, commit.sha());
        Notification keyed = single.withKey(key);
        Optional<Dispatcher.Plan> plan = audience.map(a -> dispatcher.plan(keyed, a, invocation.deadline()));
        toldAnew[0] = plan.map(p -> p.messages().stream().anyMatch(m -> m.role() == Delivery.Role.DIRECT_MESSAGE))
                .orElse(false);
        Instant now = clock.instant();
        Rollups.Rollup rollup = rollups.record(key, commit.sha(), BuildNotifications.entry(build, single),
                plan.map(Dispatcher.Plan::followers).orElse(Set.of()), now, now.minus(ROLLUP_WINDOW),
                now.plus(Recorder.MARKER_TTL), invocation.deadline());
        if (rollup.followers().isEmpty() && plan.map(p -> p.messages().isEmpty()).orElse(true)) {
            return plan.map(Dispatcher.Plan::undeliverable).orElse(List.of());
        }
        // this build's people as the plan found them (their member ids, for mentions and its actions' arguments)
        Notification message = BuildNotifications.rollup(rollup,
                plan.map(p -> single.withPeople(p.notification().people()).withActions(p.notification().actions()))
                        .orElse(single), repo, commit);
        Map<String, String> about = new HashMap<>();
        plan.ifPresent(p -> p.messages().forEach(m -> about.put(m.target(), m.about())));
        // this build's people and channel in the plan's order, then whoever followed before
        Set<String> order = new LinkedHashSet<>(plan.map(Dispatcher.Plan::followers).orElse(Set.of()));
        rollup.followers().stream().sorted().forEach(order::add);
        List<Outgoing> messages = new ArrayList<>();
        Map<String, Notification> perChannel = new HashMap<>();
        Set<String> planned = plan.map(Dispatcher.Plan::followers).orElse(Set.of());
        Set<String> owed = new LinkedHashSet<>(rollup.followers());
        for (String target : order) {
            Optional<Outgoing> follow = Dispatcher.follow(target, rollup.revision(), message);
            if (follow.isEmpty()) {
                continue;
            }
            Outgoing m = follow.get();
            if (m.role() == Delivery.Role.CHANNEL && !planned.contains(target)
                    && channelOf.apply(build.projectCode()).filter(m.destination()::equals).isEmpty()) {
                // a channel shown other projects of the commit: this build changes nothing it shows, and is
                // not owed there (owing it would drop a revision of its own still queued)
                owed.remove(target);
                continue;
            }
            messages.add(new Outgoing(m.key(), m.target(), m.destination(), m.role(),
                    about.getOrDefault(target, m.about()), m.revision(),
                    m.role() == Delivery.Role.CHANNEL ? perChannel.computeIfAbsent(m.destination(),
                            channel -> forChannel(channel, rollup, message, repo, commit)) : m.notification()));
        }
        // an admin notice about someone nobody could find goes once per commit
        plan.ifPresent(p -> p.messages().stream()
                .filter(m -> m.role() == Delivery.Role.ADMIN_NOTICE).forEach(messages::add));
        ledger.owe(key, owed, rollup.revision(), invocation.deadline());
        return dispatcher.deliver(messages, plan.map(Dispatcher.Plan::undeliverable).orElse(List.of()),
                invocation.deadline());
    }

    /**
     * What a channel is shown of a commit's rollup: the projects routed to it ({@code CBN_CHANNEL_ROUTES}), not
     * every project of a monorepo's commit; a channel every project goes to (the catch-all) sees them all.
     */
    private Notification forChannel(String channel, Rollups.Rollup rollup, Notification message, Repository repo,
                                    Commit commit) {
        List<Rollups.Entry> routed = rollup.entries().stream()
                .filter(e -> channelOf.apply(e.project()).filter(channel::equals).isPresent()).toList();
        if (routed.size() == rollup.entries().size() || routed.isEmpty() || message.parts().isEmpty()) {
            return message;
        }
        Rollups.Rollup theirs = new Rollups.Rollup(rollup.key(), rollup.revision(), routed, rollup.followers(),
                rollup.opened(), routed.size());
        // even a single routed project reads as the commit's summary: the message it updates is one
        return BuildNotifications.summary(theirs, message, repo, commit);
    }

    /** A full commit SHA, as a push webhook's start event names its source version. */
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    /**
     * A start event of a push (its source version a commit SHA) counts its project in the commit's
     * rollup, with no other call; other starts (a pull request's {@code pr/N}) say too little.
     */
    Optional<String> countStart(BuildEvent event, Invocation invocation) {
        BuildEvent.Source source = event.source();
        Optional<Repository> repo = Repository.parse(source.type(), source.location());
        String buildId = event.buildId();
        int colon = buildId.indexOf(':');
        if (repo.isEmpty() || !SHA.matcher(source.version()).matches() || colon <= 0) {
            return Optional.empty();
        }
        String sha = source.version();
        Instant now = clock.instant();
        rollups.started(BuildNotifications.rollupKey(repo.get(), sha), sha, buildId.substring(0, colon), buildId, now,
                now.plus(Recorder.MARKER_TTL), invocation.deadline());
        return Optional.of(sha.substring(0, 7));
    }
}
