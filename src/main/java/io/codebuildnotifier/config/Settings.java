package io.codebuildnotifier.config;

import io.codebuildnotifier.failure.MisconfigurationFailure;
import io.codebuildnotifier.strategy.NotifyStrategy;
import io.codebuildnotifier.strategy.StrategyPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting, read once from the environment and validated. An empty value counts as
 * not set. A bad value fails at start with a message naming the variable.
 */
public record Settings(
        Optional<String> additionalChannel,
        Optional<String> region,
        StrategyPolicy strategies,
        String historyTable,
        Optional<String> aliasTable,
        String slackSecretName,
        List<String> whitelistBranches,
        List<String> slackAdmins,
        URI slackApiUrl,
        URI githubApiUrl,
        Duration reconcileWindow,
        List<String> reconcileProjects) {

    public static Settings from(Map<String, String> env) {
        NotifyStrategy defaultStrategy = NotifyStrategy.parse(value(env, Option.DEFAULT_NOTIFY_STRATEGY))
                .orElseThrow(() -> invalid(Option.DEFAULT_NOTIFY_STRATEGY,
                        "'" + value(env, Option.DEFAULT_NOTIFY_STRATEGY) + "' is not one of "
                                + NotifyStrategy.validIds()));
        StrategyPolicy strategies;
        try {
            strategies = new StrategyPolicy(defaultStrategy,
                    StrategyPolicy.parseOverrides(value(env, Option.OVERRIDE_NOTIFY_STRATEGY)));
        } catch (IllegalArgumentException e) {
            throw invalid(Option.OVERRIDE_NOTIFY_STRATEGY, e.getMessage()
                    + " (expected BRANCH:STRATEGY[,BRANCH:STRATEGY...], e.g. master:every_build,feature-x:status_change)");
        }
        String historyTable = required(env, Option.DYNAMO_TABLE);
        String secretName = required(env, Option.SLACK_SECRET_NAME);
        List<String> whitelist = list(value(env, Option.WHITELIST_BRANCHES));
        return new Settings(
                optional(env, Option.ADDITIONAL_CHANNEL),
                optional(env, Option.AWS_REGION),
                strategies,
                historyTable,
                optional(env, Option.SLACK_ALIAS_TABLE),
                secretName,
                whitelist,
                list(value(env, Option.SLACK_ADMIN_USERNAMES)),
                url(env, Option.SLACK_API_URL, true),
                url(env, Option.GITHUB_API_URL, false),
                minutes(env, Option.RECONCILE_WINDOW_MINUTES),
                list(value(env, Option.RECONCILE_PROJECTS)));
    }

    public boolean isWhitelisted(String branch) {
        return whitelistBranches.contains(branch);
    }

    private static String value(Map<String, String> env, Option option) {
        String v = env.get(option.variable());
        if (v == null || v.isBlank()) {
            return option.defaultValue();
        }
        return v.trim();
    }

    private static Optional<String> optional(Map<String, String> env, Option option) {
        return Optional.ofNullable(value(env, option));
    }

    private static String required(Map<String, String> env, Option option) {
        String v = value(env, option);
        if (v == null) {
            throw invalid(option, "must be set");
        }
        return v;
    }

    private static List<String> list(String v) {
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static URI url(Map<String, String> env, Option option, boolean trailingSlash) {
        String v = value(env, option);
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw invalid(option, "'" + v + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || uri.getHost() == null) {
            throw invalid(option, "'" + v + "' is not an http(s) URL");
        }
        if (trailingSlash && !v.endsWith("/")) {
            return URI.create(v + "/");
        }
        if (!trailingSlash && v.endsWith("/")) {
            return URI.create(v.substring(0, v.length() - 1));
        }
        return uri;
    }

    private static Duration minutes(Map<String, String> env, Option option) {
        String v = value(env, option);
        try {
            long minutes = Long.parseLong(v);
            if (minutes >= 5 && minutes <= 7 * 24 * 60) {
                return Duration.ofMinutes(minutes);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(option, "'" + v + "' is not a number of minutes from 5 to 10080");
    }

    private static MisconfigurationFailure invalid(Option option, String problem) {
        return new MisconfigurationFailure(option.variable() + ": " + problem);
    }
}
