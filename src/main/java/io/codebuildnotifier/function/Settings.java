package io.codebuildnotifier.function;

import io.codebuildnotifier.interactions.Rules.RetryBy;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.sources.build.BuildPolicy;
import io.codebuildnotifier.notification.NotifyStrategy;
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
public record Settings(BuildPolicy policy, List<String> slackAdmins, Wiring wiring, boolean threads, Chain chain,
                       Interactivity interactivity) {

    /**
     * What people may do from Slack (the interactions function; the events function reads who may approve and
     * retry, to show the buttons only to some purpose).
     *
     * @param approvers         {@code CBN_APPROVERS}: member ids ({@code U…}, {@code W…}), email addresses and user
     *                          group handles ({@code @release-managers}), as given; empty: nobody approves from Slack
     * @param retryBy           {@code CBN_RETRY_BY}
     * @param allowSelfApproval {@code CBN_ALLOW_SELF_APPROVAL}: an approver may approve a revision they wrote or
     *                          committed
     * @param queueUrl          {@code CBN_INTERACTIONS_QUEUE_URL}: the SQS FIFO queue the work after an answer goes
     *                          to; empty to do it in the same invocation (the replay, sam local, the tests)
     */
    public record Interactivity(List<String> approvers, RetryBy retryBy, boolean allowSelfApproval,
                                Optional<URI> queueUrl, Map<String, URI> healthQueues) {
        public static final Interactivity DEFAULTS = new Interactivity(List.of(), RetryBy.AUTHORS, false,
                Optional.empty(), Map.of());

        public Interactivity {
            approvers = List.copyOf(approvers);
            java.util.Objects.requireNonNull(retryBy, "retryBy");
            queueUrl = queueUrl == null ? Optional.empty() : queueUrl;
            // in the order given: the Home tab shows them so
            healthQueues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(healthQueues));
        }
    }

    /**
     * The delivery chain's sources: which are on ({@code CBN_NOTIFY_APPROVALS}, {@code CBN_NOTIFY_PIPELINES},
     * {@code CBN_NOTIFY_DEPLOYMENTS}, {@code CBN_NOTIFY_PUSHES}), the pipeline that deploys each deployment group
     * ({@code CBN_DEPLOY_PIPELINES}), and which deployment groups or pipelines tell authors their commit is live
     * ({@code CBN_DEPLOYED_DM}).
     *
     * @param deployPipelines {@code APPLICATION/GROUP} to the pipeline that deploys it
     * @param deployedDm      patterns ({@code *} wildcards) of {@code APPLICATION/GROUP}, deployment group or pipeline
     *                        names; empty for none
     */
    public record Chain(boolean approvals, boolean pipelines, boolean deployments, boolean pushes,
                        Map<String, String> deployPipelines, List<String> deployedDm) {
        public static final Chain DEFAULTS = new Chain(true, true, true, false, Map.of(), List.of());

        public Chain {
            deployPipelines = Map.copyOf(deployPipelines);
            deployedDm = List.copyOf(deployedDm);
        }
    }

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
                optional(env, Option.DELIVERY_QUEUE_URL).flatMap(v -> fifoQueueUrl(Option.DELIVERY_QUEUE_URL, v)));
        Chain chain = new Chain(bool(env, Option.NOTIFY_APPROVALS), bool(env, Option.NOTIFY_PIPELINES),
                bool(env, Option.NOTIFY_DEPLOYMENTS), bool(env, Option.NOTIFY_PUSHES), deployPipelines(env),
                list(value(env, Option.DEPLOYED_DM)));
        Interactivity interactivity = new Interactivity(approvers(env), retryBy(env),
                bool(env, Option.ALLOW_SELF_APPROVAL),
                optional(env, Option.INTERACTIONS_QUEUE_URL).flatMap(v -> fifoQueueUrl(Option.INTERACTIONS_QUEUE_URL, v)),
                healthQueues(env));
        // a failed build's message offers Retry unless nobody may retry from Slack
        policy = policy.withRetryButtons(interactivity.retryBy() != RetryBy.NOBODY);
        return new Settings(policy, list(value(env, Option.SLACK_ADMIN_USERNAMES)), wiring,
                bool(env, Option.THREADS), chain, interactivity);
    }

    /** {@code NAME=URL,...}: the queues whose depth the Home tab shows, in that order. */
    private static Map<String, URI> healthQueues(Map<String, String> env) {
        Map<String, URI> queues = new java.util.LinkedHashMap<>();
        for (String pair : list(value(env, Option.HEALTH_QUEUE_URLS))) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : pair.substring(0, eq).trim();
            String url = eq < 0 ? "" : pair.substring(eq + 1).trim();
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (!name.matches("[A-Za-z0-9_-]{1,80}") || uri == null || uri.getScheme() == null
                    || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw invalid(Option.HEALTH_QUEUE_URLS, "'" + pair + "' is not NAME=QUEUE_URL (e.g. "
                        + "FailedInvocationsQueue=https://sqs.eu-west-1.amazonaws.com/123456789012/failed)");
            }
            queues.put(name, uri);
        }
        return queues;
    }

    /** Member ids, emails and {@code @handles}, comma separated. */
    private static List<String> approvers(Map<String, String> env) {
        List<String> approvers = list(value(env, Option.APPROVERS));
        for (String approver : approvers) {
            if (!io.codebuildnotifier.interactions.Rules.isApprover(approver)) {
                throw invalid(Option.APPROVERS, "'" + approver + "' is not a Slack member id (U0123ABCD), an email "
                        + "address or a user group handle (@release-managers)");
            }
        }
        return approvers;
    }

    private static RetryBy retryBy(Map<String, String> env) {
        String v = value(env, Option.RETRY_BY);
        return RetryBy.parse(v).orElseThrow(
                () -> invalid(Option.RETRY_BY, "'" + v + "' is not one of authors, anyone, nobody"));
    }

    /** {@code APPLICATION/GROUP=PIPELINE[,...]}: each deployment group's pipeline. */
    private static Map<String, String> deployPipelines(Map<String, String> env) {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (String pair : list(value(env, Option.DEPLOY_PIPELINES))) {
            int eq = pair.indexOf('=');
            String group = eq < 0 ? "" : pair.substring(0, eq).trim();
            String pipeline = eq < 0 ? "" : pair.substring(eq + 1).trim();
            int slash = group.indexOf('/');
            if (slash <= 0 || slash == group.length() - 1 || group.indexOf('/', slash + 1) >= 0 || pipeline.isEmpty()
                    || !pipeline.matches("[A-Za-z0-9.@_-]{1,100}")) {
                throw invalid(Option.DEPLOY_PIPELINES, "'" + pair + "' is not APPLICATION/GROUP=PIPELINE (e.g. "
                        + "web/prod=web-release)");
            }
            if (pairs.putIfAbsent(group, pipeline) != null) {
                throw invalid(Option.DEPLOY_PIPELINES, "'" + group + "' is named twice");
            }
        }
        return pairs;
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
    private static Optional<URI> fifoQueueUrl(Option option, String v) {
        if (v.matches("[A-Za-z][A-Za-z0-9]{0,254}")) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw invalid(option, "'" + v + "' is not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || uri.getHost() == null || uri.getPath() == null || !uri.getPath().endsWith(".fifo")) {
            throw invalid(option, "'" + v + "' is not the URL of an SQS FIFO queue "
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
