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
import java.util.OptionalInt;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    private final SharedClients shared;
    private final Lazy<Optional<SqsWorkQueue>> queue;
    private final Lazy<InteractionsWork> work;
    /** How an immediate answer is written in Slack's response body. */
    private final Function<Answer, String> render;
    /** How long the acknowledgement's calls may run (Slack waits three seconds for the answer). */
    private final Duration ackTime;

    private InteractionsFunction(Settings settings, Clock clock, Patience patience, EventsFunction.AwsRetries retries,
                                 Optional<InteractionsWork> given, Duration ackTime) {
        this.settings = settings;
        this.clock = clock;
        this.shared = new SharedClients(settings.wiring(), patience, retries);
        this.queue = Lazy.of(() -> settings.interactivity().queueUrl().map(url -> new SqsWorkQueue(
                retries.apply(EventsFunction.configure(SqsClient.builder(), null), OptionalInt.empty()).build(), url)));
        this.work = Lazy.of(() -> given.orElseGet(this::interactions));
        // TODO(lead): SlackAnswers::responseBody (the adapters helper's) once it exists; buttons need it
        this.render = InteractionsFunction::plainResponseBody;
        this.ackTime = ackTime;
    }

    /**
     * The core, wired to its adapters.
     *
     * <p>TODO(lead): wire the core here, e.g. {@code new Interactions(rules(settings.interactivity(),
     * settings.slackAdmins()), new SlackConversation(...), new DynamoStatusBoard(shared.dynamo.get(), table), health,
     * new CodeBuildRetries(codeBuild), new CodePipelineDecisions(codePipeline), approvalMessages,
     * new CodePipelineRuns(codePipeline), new DynamoOnce(shared.dynamo.get(), table), preferences,
     * aliasLinks (DynamoAliasLinks when settings.wiring().aliasTable() is set), clock)}, adapted to
     * {@link InteractionsWork} ({@code Interactions} may implement it directly). The CodeBuild and CodePipeline
     * clients live in the function's region ({@code EventsFunction.configure(..., null)}), the table and the secret
     * where {@code CBN_AWS_REGION} says.
     */
    private InteractionsWork interactions() {
        return InteractionsWork.NOT_WIRED;
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

    String responseBody(Answer answer) {
        return render.apply(answer);
    }

    Clock clock() {
        return clock;
    }

    Settings settings() {
        return settings;
    }

    /** Builds the clients (no call, nothing secret) off the first request's path. */
    void warmUp() {
        shared.tokens.get();
        queue.get();
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
                decode(encode(new SlackRequests.Verified(body, "", 0)));
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
                root.path("retryNum").asInt(0));
    }

    /** Whose work a request is (kept in order in the queue): the person's. */
    static String group(Request request) {
        return request.actor().chatId();
    }

    // ------------------------------------------------------------------ answers, until SlackAnswers

    /**
     * An answer in Slack's response body: its title and lines as text, its links after them; buttons are not shown.
     * TODO(lead): replace by {@code SlackAnswers.responseBody}.
     */
    static String plainResponseBody(Answer answer) {
        StringBuilder text = new StringBuilder();
        if (!answer.title().isEmpty()) {
            text.append('*').append(escape(answer.title())).append('*');
        }
        for (String line : answer.lines()) {
            text.append(text.isEmpty() ? "" : "\n").append(escape(line));
        }
        for (Answer.LinkedText link : answer.links()) {
            text.append(text.isEmpty() ? "" : "\n").append('<').append(link.url()).append('|')
                    .append(escape(link.label())).append('>');
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("response_type", answer.visibleToAll() ? "in_channel" : "ephemeral");
        if (answer.replaceOriginal()) {
            root.put("replace_original", true);
        }
        root.put("text", text.toString());
        return root.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
