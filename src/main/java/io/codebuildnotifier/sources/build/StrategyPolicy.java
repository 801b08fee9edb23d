package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.NotifyStrategy;

import io.codebuildnotifier.notification.Decision;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The default strategy and the per-branch overrides ({@code master:every_build,feature-x:status_change}).
 */
public record StrategyPolicy(NotifyStrategy defaultStrategy, Map<String, NotifyStrategy> overrides) {

    public StrategyPolicy {
        Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        overrides = Map.copyOf(overrides);
    }

    /**
     * Reads the override list.
     *
     * @throws IllegalArgumentException with a message that says which entry is wrong
     */
    public static Map<String, NotifyStrategy> parseOverrides(String spec) {
        Map<String, NotifyStrategy> overrides = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return overrides;
        }
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("'" + trimmed + "' is not BRANCH:STRATEGY");
            }
            String branch = trimmed.substring(0, colon).trim();
            String name = trimmed.substring(colon + 1).trim();
            NotifyStrategy strategy = NotifyStrategy.parse(name).orElseThrow(() -> new IllegalArgumentException(
                    "'" + name + "' for branch '" + branch + "' is not one of " + NotifyStrategy.validIds()));
            overrides.put(branch, strategy);
        }
        return overrides;
    }

    public NotifyStrategy strategyFor(Optional<String> branch) {
        return branch.map(overrides::get).orElse(defaultStrategy);
    }

    /**
     * Decides for a build.
     *
     * @param current        this build's status (a pass or a failure)
     * @param previousPassed whether the previous build of the PR or branch passed; empty for the first build
     * @param branch         the branch, when known, for per-branch overrides
     */
    public Decision decide(BuildStatus current, Optional<Boolean> previousPassed, Optional<String> branch) {
        return decide(strategyFor(branch), current, previousPassed);
    }

    /**
     * What each strategy decides for a build, for the people whose own strategy replaces the default for their
     * direct messages.
     */
    public static Map<NotifyStrategy, Decision> decideEach(BuildStatus current, Optional<Boolean> previousPassed) {
        Map<NotifyStrategy, Decision> each = new java.util.EnumMap<>(NotifyStrategy.class);
        for (NotifyStrategy strategy : NotifyStrategy.values()) {
            each.put(strategy, decide(strategy, current, previousPassed));
        }
        return each;
    }

    /** What one strategy decides for a build. */
    public static Decision decide(NotifyStrategy strategy, BuildStatus current, Optional<Boolean> previousPassed) {
        boolean changed = previousPassed.map(p -> p != current.passed()).orElse(true);
        String change = previousPassed.isEmpty() ? "first build"
                : changed ? "status changed" : "status unchanged";
        return switch (strategy) {
            case EVERY_BUILD -> new Decision.Notify("every_build");
            case STATUS_CHANGE -> changed
                    ? new Decision.Notify("status_change: " + change)
                    : new Decision.Quiet("status_change: " + change);
            case FAIL_OR_STATUS_CHANGE -> {
                if (!current.passed()) {
                    yield new Decision.Notify("fail_or_status_change: build " + current.label());
                }
                yield changed
                        ? new Decision.Notify("fail_or_status_change: " + change)
                        : new Decision.Quiet("fail_or_status_change: passed, " + change);
            }
        };
    }
}
