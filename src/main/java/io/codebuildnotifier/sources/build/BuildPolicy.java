package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.ChannelRoutes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the build source decides by: who hears, about which builds, and how far back lost events
 * are looked for. Validated where it is read; nothing here knows where it came from.
 *
 * @param strategies        the default notify strategy and the per-branch overrides
 * @param whitelistBranches branches whose pushes are recorded (pull requests always are)
 * @param channel           a channel that also hears about whitelisted branches' builds
 * @param reconcileWindow   how far back the reconciliation looks for builds without a marker
 * @param commitRollup      one message per commit for all the projects that build it, updated in place
 * @param routes            which channel hears about which project's builds (not pull requests); {@code channel}
 *                          is its catch-all
 * @param retryButtons      whether a failed build's message offers to retry it from the chat ({@code CBN_RETRY_BY}
 *                          other than {@code nobody}, with the interactions function deployed)
 */
public record BuildPolicy(StrategyPolicy strategies, List<String> whitelistBranches, Optional<String> channel,
                          Duration reconcileWindow, boolean commitRollup, ChannelRoutes routes, boolean retryButtons) {

    /** Without retry buttons. */
    public BuildPolicy(StrategyPolicy strategies, List<String> whitelistBranches, Optional<String> channel,
                       Duration reconcileWindow, boolean commitRollup, ChannelRoutes routes) {
        this(strategies, whitelistBranches, channel, reconcileWindow, commitRollup, routes, false);
    }

    /** The same policy, with or without retry buttons on failed builds' messages. */
    public BuildPolicy withRetryButtons(boolean offered) {
        return new BuildPolicy(strategies, whitelistBranches, channel, reconcileWindow, commitRollup, routes, offered);
    }

    /** With the additional channel as the only route. */
    public BuildPolicy(StrategyPolicy strategies, List<String> whitelistBranches, Optional<String> channel,
                       Duration reconcileWindow, boolean commitRollup) {
        this(strategies, whitelistBranches, channel, reconcileWindow, commitRollup, null);
    }

    /** Without commit rollups: a message per build. */
    public BuildPolicy(StrategyPolicy strategies, List<String> whitelistBranches, Optional<String> channel,
                       Duration reconcileWindow) {
        this(strategies, whitelistBranches, channel, reconcileWindow, false);
    }

    public BuildPolicy {
        Objects.requireNonNull(strategies, "strategies");
        whitelistBranches = List.copyOf(whitelistBranches);
        channel = channel == null ? Optional.empty() : channel;
        Objects.requireNonNull(reconcileWindow, "reconcileWindow");
        routes = routes == null ? ChannelRoutes.catchAll(channel) : routes;
    }

    /** The channel that hears about a project's builds that are not pull requests, if any. */
    public Optional<String> channelFor(String project) {
        return routes.channelFor(ChannelRoutes.Kind.BUILD, project);
    }

    public boolean isWhitelisted(String branch) {
        return whitelistBranches.contains(branch);
    }
}
