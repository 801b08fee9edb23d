package io.codebuildnotifier.function;

import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.sources.build.BuildPolicy;
import io.codebuildnotifier.sources.build.NotifyStrategy;
import io.codebuildnotifier.sources.build.StrategyPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting, read once from the environment and validated: the build source's policy (which
 * the core decides by), the admins who hear about people not found, and the wiring of the
 * adapters (tables, secret, endpoints). An empty value counts as not set. A bad value fails at
 * start with a message naming the variable.
 */
public record Settings(BuildPolicy policy, List<String> slackAdmins, Wiring wiring, boolean threads) {

    /**
     * Where the adapters find what they talk to.
     *
     * @param region            where the table and the secret live ({@code CBN_AWS_REGION}); empty for the function's own
     * @param reconcileProjects the projects the reconciliation watches; empty for every project
     * @param deliveryQueueUrl  the SQS FIFO queue the sender function reads; empty to send at once, in the
     *                          same invocation (the replay, the tests, a stack without a sender)
     */
    public record Wiring(Optional<String> region, String historyTable, Optional<String> aliasTable,
                         String slackSecretName, URI slackApiUrl, URI githubApiUrl, List<String> reconcileProjects,
                         Optional<URI> deliveryQueueUrl) {
        public Wiring {
            reconcileProjects = List.copyOf(reconcileProjects);
        }
    }

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
        Optional<String> channel = optional(env, Option.ADDITIONAL_CHANNEL);
        ChannelRoutes routes;
        try {
            routes = new ChannelRoutes(ChannelRoutes.parse(value(env, Option.CHANNEL_ROUTES)), channel);
        } catch (IllegalArgumentException e) {
            throw invalid(Option.CHANNEL_ROUTES, e.getMessage()
                    + " (expected KIND:PATTERN=CHANNEL[,...], e.g. build:webapp-*=#webapp-ci,build:*=#ci)");
        }
        BuildPolicy policy = new BuildPolicy(strategies, list(value(env, Option.WHITELIST_BRANCHES)),
                channel, minutes(env, Option.RECONCILE_WINDOW_MINUTES),
                bool(env, Option.COMMIT_ROLLUP), routes);
        Wiring wiring = new Wiring(
                optional(env, Option.AWS_REGION),
                required(env, Option.DYNAMO_TABLE),
                optional(env, Option.SLACK_ALIAS_TABLE),
                required(env, Option.SLACK_SECRET_NAME),
                url(env, Option.SLACK_API_URL, true),
                url(env, Option.GITHUB_API_URL, false),
                list(value(env, Option.RECONCILE_PROJECTS)),
                optional(env, Option.DELIVERY_QUEUE_URL).flatMap(Settings::queueUrl));
        return new Settings(policy, list(value(env, Option.SLACK_ADMIN_USERNAMES)), wiring,
                bool(env, Option.THREADS));
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

    private static boolean bool(Map<String, String> env, Option option) {
        String v = value(env, option);
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(option, "'" + v + "' is not true or false");
        };
    }

    /** The queue's URL; empty for a CloudFormation logical id, which is what `sam local invoke` passes. */
    private static Optional<URI> queueUrl(String v) {
        if (v.matches("[A-Za-z][A-Za-z0-9]{0,254}")) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw invalid(Option.DELIVERY_QUEUE_URL, "'" + v + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || uri.getHost() == null || !uri.getPath().endsWith(".fifo")) {
            throw invalid(Option.DELIVERY_QUEUE_URL, "'" + v + "' is not the URL of an SQS FIFO queue "
                    + "(https://sqs.REGION.amazonaws.com/ACCOUNT/NAME.fifo)");
        }
        return Optional.of(uri);
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
