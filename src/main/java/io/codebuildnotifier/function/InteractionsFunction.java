package io.codebuildnotifier.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.aws.SqsWorkQueue;
import io.codebuildnotifier.adapter.slack.SlackRequests;
import io.codebuildnotifier.interactions.Answer;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The composition root of the interactions function (Slack's requests through the Function URL, and their work
 * through {@code InteractionsQueue}): settings read once; the Slack secret (its {@code signing_secret}), the work
 * queue and the core's ports built when first needed, shared with the other functions' way of building them
 * ({@link SharedClients}). Holds no invocation state.
 */
public final class InteractionsFunction {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Clock clock;
    private final Patience patience;
    /**
     * The events function's parts this one needs too (its clients, the approvals' source that revises an approval's
     * message, the people behind an execution's commits), built from the same settings and shared, never duplicated.
     */
    private final EventsFunction events;
    private final SharedClients shared;
    private final Lazy<Optional<SqsWorkQueue>> queue;
    private final Lazy<InteractionsWork> work;
    /** How long the acknowledgement's calls may run (Slack waits three seconds for the answer). */
    private final Duration ackTime;

    private InteractionsFunction(Settings settings, Clock clock, Patience patience, EventsFunction.AwsRetries retries,
                                 Optional<InteractionsWork> given, Duration ackTime) {
        this.settings = settings;
        this.clock = clock;
        this.patience = patience;
        this.events = EventsFunction.of(settings, clock, patience, retries);
        this.shared = events.shared();
        this.queue = Lazy.of(() -> settings.interactivity().queueUrl().map(url -> new SqsWorkQueue(shared.sqs.get(),
                url)));
        this.work = Lazy.of(() -> given.orElseGet(this::interactions));
        this.ackTime = ackTime;
    }

    /**
     * The core, wired to its adapters. CodeBuild and CodePipeline are called where the builds and pipelines run (the
     * function's region), the table and the secret where {@code CBN_AWS_REGION} says; every client is the events
     * function's ({@link SharedClients}), built when the core is (CodePipeline's when first called).
     */
    private InteractionsWork interactions() {
        Settings.Wiring wiring = settings.wiring();
        Settings.Interactivity interactivity = settings.interactivity();
        String table = wiring.historyTable();
        Lazy<software.amazon.awssdk.services.dynamodb.DynamoDbClient> dynamo = shared.dynamo;
        Lazy<software.amazon.awssdk.services.codepipeline.CodePipelineClient> codePipeline = shared.codePipeline;
        io.codebuildnotifier.interactions.Rules rules = new io.codebuildnotifier.interactions.Rules(
                interactivity.approvers(), interactivity.retryBy(), settings.slackAdmins(), interactivity.allowSelfApproval(),
                EventsFunction.TERMS.chat());
        String region = EventsFunction.functionRegion();
        Map<String, String> queues = new java.util.LinkedHashMap<>();
        interactivity.healthQueues().forEach((name, url) -> queues.put(name, url.toString()));
        io.codebuildnotifier.interactions.Ports ports = new io.codebuildnotifier.interactions.Ports(
                new io.codebuildnotifier.adapter.slack.SlackConversation(wiring.slackApiUrl(),
                        d -> shared.tokens.get().slackToken(d), () -> shared.tokens.get().refresh(), patience,
                        replies(wiring.slackApiUrl())),
                new io.codebuildnotifier.adapter.aws.CodeBuildRetries(shared.codeBuild.get()),
                new io.codebuildnotifier.adapter.aws.CodePipelineDecisions(codePipeline::get),
                (approval, invocation) -> events.approvals(new Meter()).refresh(approval.pipeline(), approval.stage(),
                        approval.action(), approval.executionId(), invocation),
                new io.codebuildnotifier.adapter.aws.CodePipelineRuns(codePipeline::get, region),
                new io.codebuildnotifier.adapter.aws.DynamoOnce(dynamo.get(), table),
                wiring.aliasTable().map(alias -> new io.codebuildnotifier.adapter.aws.DynamoAliasLinks(dynamo.get(),
                        alias)),
                new io.codebuildnotifier.adapter.aws.DynamoPreferences(dynamo.get(), table),
                new io.codebuildnotifier.adapter.aws.DynamoStatusBoard(dynamo.get(), table,
                        settings.policy().whitelistBranches(),
                        new io.codebuildnotifier.adapter.aws.DynamoStatusBoard.Console(region, ""), clock),
                new io.codebuildnotifier.adapter.aws.QueueHealth(shared.sqs.get(), queues,
                        new io.codebuildnotifier.adapter.aws.DynamoReconcileLog(dynamo.get(), table)),
                events.executionAuthors(),
                shared.slack.get());
        io.codebuildnotifier.interactions.Interactions core = new io.codebuildnotifier.interactions.Interactions(
                rules, ports, clock);
        return new InteractionsWork() {
            @Override
            public io.codebuildnotifier.interactions.Ack acknowledge(Request request, Deadline deadline) {
                return core.acknowledge(request, deadline);
            }

            @Override
            public void complete(Request request, io.codebuildnotifier.kernel.Invocation invocation) {
                core.complete(request, invocation);
            }
        };
    }

    /**
     * Where answers may be posted: Slack's own response URLs, or with a stand-in Web API ({@code CBN_SLACK_API_URL}
     * not Slack's: the replay, the tests) that stand-in's host.
     */
    static String replies(java.net.URI slackApiUrl) {
        if ("slack.com".equals(slackApiUrl.getHost())) {
            return io.codebuildnotifier.adapter.slack.SlackConversation.SLACK_RESPONSE_URLS;
        }
        return slackApiUrl.getScheme() + "://" + slackApiUrl.getRawAuthority() + "/";
    }

    /** Reads the settings. Fails with a message naming a bad variable. */
    public static InteractionsFunction fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Clock.systemUTC(), Patience.real(), EventsFunction.AwsRetries.DEFAULT);
    }

    public static InteractionsFunction fromEnvironment(Map<String, String> env, Clock clock, Patience patience,
                                                       EventsFunction.AwsRetries retries) {
        return new InteractionsFunction(Settings.from(env), clock, patience, retries, Optional.empty(),
                InteractionsHandler.ACK_TIME);
    }

    /**
     * With the time the acknowledgement's calls may take given (tests: a test JVM's first AWS call loads the SDK, which
     * a slow machine may take seconds for).
     */
    public static InteractionsFunction fromEnvironment(Map<String, String> env, Clock clock, Patience patience,
                                                       EventsFunction.AwsRetries retries, Duration ackTime) {
        return new InteractionsFunction(Settings.from(env), clock, patience, retries, Optional.empty(), ackTime);
    }

    /** As {@link #fromEnvironment(Map, Clock, Patience, EventsFunction.AwsRetries)}, with the core given (tests). */
    public static InteractionsFunction withWork(Map<String, String> env, Clock clock, InteractionsWork work) {
        return withWork(env, clock, work, InteractionsHandler.ACK_TIME);
    }

    /**
     * With the time the acknowledgement's calls may take given too: a test JVM's first AWS call loads the SDK, which
     * a slow machine may take seconds for (Lambda's instances load it at init, or before the SnapStart snapshot).
     */
    public static InteractionsFunction withWork(Map<String, String> env, Clock clock, InteractionsWork work,
                                                Duration ackTime) {
        return new InteractionsFunction(Settings.from(env), clock, Patience.real(), EventsFunction.AwsRetries.quick(),
                Optional.of(Objects.requireNonNull(work, "work")), ackTime);
    }

    Duration ackTime() {
        return ackTime;
    }

    InteractionsWork work() {
        return work.get();
    }

    /** The signing secret, read with the Slack token when first needed and kept. */
    String signingSecret(Deadline deadline) {
        return shared.tokens.get().signingSecret(deadline);
    }

    /** The work queue; empty when the work is done in the same invocation. */
    Optional<SqsWorkQueue> queue() {
        return queue.get();
    }

    /** How an immediate answer is written in Slack's response body. */
    String responseBody(Answer answer) {
        return io.codebuildnotifier.adapter.slack.SlackAnswers.responseBody(answer);
    }

    Clock clock() {
        return clock;
    }

    Settings settings() {
        return settings;
    }

    /**
     * Builds the clients and the core (no call, nothing secret) off the first request's path: at init, before a
     * SnapStart snapshot, so that a restored instance's first answer builds nothing within Slack's seconds.
     */
    void warmUp() {
        shared.tokens.get();
        queue.get();
        work.get();
    }

    /**
     * Before a SnapStart snapshot: the reading of each kind of request (signed with a priming secret, not the real
     * one), Secrets Manager's error path ({@code SecretTokens.prime}: a name that does not exist), the queued form.
     * Nothing secret is read; failures only leave more for the first request.
     */
    void prime() {
        String secret = "priming-secret";
        long ts = clock.instant().getEpochSecond();
        for (String body : PRIMING_BODIES) {
            String signature = new com.slack.api.app_backend.SlackSignature.Generator(secret)
                    .generate(Long.toString(ts), body);
            SlackRequests.Result result = SlackRequests.read(new SlackRequests.Inbound(Map.of(
                    SlackRequests.TIMESTAMP, Long.toString(ts), SlackRequests.SIGNATURE, signature), body, false),
                    secret, clock.instant());
            if (result instanceof SlackRequests.Result.Parsed) {
                SlackRequests.signedBySlack(decode(encode(new SlackRequests.Verified(body, "", 0, Long.toString(ts),
                        signature))), secret);
            }
        }
        try {
            shared.tokens.get().prime(Deadline.in(Duration.ofSeconds(5), clock));
        } catch (RuntimeException e) {
            System.out.println("codebuild-notifier interactions: priming Secrets Manager failed: "
                    + e.getClass().getSimpleName());
        }
    }

    void afterRestore() {
        shared.afterRestore();
    }

    /** A command and an Events API body, for priming only. */
    private static final java.util.List<String> PRIMING_BODIES = java.util.List.of(
            "command=%2Fcodebuild&text=help&user_id=U0PRIMING&user_name=priming&trigger_id=1.2.priming"
                    + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2Fpriming",
            "{\"type\":\"event_callback\",\"event_id\":\"EvPRIMING\",\"event\":{\"type\":\"app_home_opened\","
                    + "\"user\":\"U0PRIMING\",\"tab\":\"home\"}}");

    // ------------------------------------------------------------------ the queued form

    /** A verified request as queued for the worker: the body as Slack signed it, and what its reading needs. */
    static String encode(SlackRequests.Verified verified) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        root.put("contentType", verified.contentType());
        root.put("retryNum", verified.retryNum());
        // Slack's own proof, checked again by the worker (a signature, no secret)
        root.put("timestamp", verified.timestamp());
        root.put("signature", verified.signature());
        root.put("body", verified.body());
        return root.toString();
    }

    /** @throws PermanentFailure when the message is not one this function queued */
    static SlackRequests.Verified decode(String message) {
        JsonNode root;
        try {
            root = message == null ? null : JSON.readTree(message);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || root.path("v").asInt() != 1 || !root.path("body").isTextual()) {
            throw new PermanentFailure("not a queued interaction");
        }
        return new SlackRequests.Verified(root.path("body").asText(), root.path("contentType").asText(""),
                root.path("retryNum").asInt(0), root.path("timestamp").asText(""), root.path("signature").asText(""));
    }

    /** Whose work a request is (kept in order in the queue): the person's. */
    static String group(Request request) {
        return request.actor().chatId();
    }
}
