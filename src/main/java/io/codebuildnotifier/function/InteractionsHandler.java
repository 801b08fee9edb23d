package io.codebuildnotifier.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.aws.SqsWorkQueue;
import io.codebuildnotifier.adapter.slack.SlackRequests;
import io.codebuildnotifier.interactions.Ack;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.crac.Core;
import org.crac.Resource;

/**
 * The interactions function's Lambda entry point. Two kinds of event:
 * <ul>
 *   <li>a Function URL request (payload format 2.0) from Slack: verified first ({@link SlackRequests#verify}; 401
 *       with an empty body and one log line {@code interaction refused: REASON} when it fails, nothing done), read,
 *       acknowledged by the core ({@link InteractionsWork#acknowledge}), and when work remains, queued (the verified
 *       body, not verified again) for the worker; answered 200 with the immediate answer or an empty body. Without a
 *       queue (the replay, sam local, tests) the work is done in the same invocation, before the answer;</li>
 *   <li>an SQS event from the work queue: each request read again and completed ({@link InteractionsWork#complete});
 *       those that failed transiently are reported ({@code batchItemFailures}) so that only they come back, with the
 *       rest of their group (one person's work stays in order). A misconfiguration fails the whole batch.</li>
 * </ul>
 * No log line carries a body, a header's value, a token or the signing secret.
 */
public final class InteractionsHandler implements RequestStreamHandler, Resource {
    static final Duration DEFAULT_TIME = Duration.ofSeconds(30);
    /** Slack waits three seconds for the answer; the acknowledgement's calls get this much of them. */
    static final Duration ACK_TIME = Duration.ofMillis(2_500);
    /** A queued request is not started with less time left than this: it goes back to the queue instead. */
    static final Duration RESERVE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InteractionsFunction function;

    /** Used by Lambda: settings from the environment; primed before a SnapStart snapshot. */
    public InteractionsHandler() {
        this(InteractionsFunction.fromEnvironment(System.getenv()));
        function.warmUp();
        Core.getGlobalContext().register(this);
    }

    public InteractionsHandler(InteractionsFunction function) {
        this.function = function;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(handle(input, context).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Handles one event; answers the Function URL response, or the SQS batch response. */
    public JsonNode handle(InputStream input, Context context) {
        long started = System.nanoTime();
        JsonNode event;
        try {
            event = JSON.readTree(input);
        } catch (IOException e) {
            event = null;
        }
        if (event != null && event.path("Records").isArray() && !event.path("Records").isEmpty()
                && "aws:sqs".equals(event.path("Records").path(0).path("eventSource").asText())) {
            return batch(event.path("Records"), context, started);
        }
        if (event != null && event.path("requestContext").path("http").isObject()) {
            return url(event, context, started);
        }
        log(context, "interaction ignored: neither a Function URL request nor an SQS event", started);
        return response(400, "");
    }

    // ------------------------------------------------------------------ the Function URL

    private JsonNode url(JsonNode event, Context context, long started) {
        // the acknowledgement's calls may run for ackTime (Deadline keeps its margin after that), never past Lambda's end
        Duration left = remaining(context);
        Duration ack = function.ackTime().plus(Deadline.MARGIN);
        Deadline deadline = Deadline.in(left.compareTo(ack) < 0 ? left : ack, function.clock());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = event.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (header.getValue().isTextual()) {
                headers.put(header.getKey(), header.getValue().asText());
            }
        }
        SlackRequests.Inbound inbound = new SlackRequests.Inbound(headers, event.path("body").asText(""),
                event.path("isBase64Encoded").asBoolean(false));
        String secret;
        try {
            secret = function.signingSecret(deadline);
        } catch (MisconfigurationFailure | TransientFailure e) {
            log(context, "interaction failed: " + e.getMessage(), started);
            return response(500, "");
        }
        SlackRequests.Verified verified;
        switch (SlackRequests.verify(inbound, secret, function.clock().instant())) {
            case SlackRequests.Check.Failed failed -> {
                log(context, "interaction refused: " + failed.rejected().reason(), started);
                return response(401, "");
            }
            case SlackRequests.Check.Passed passed -> verified = passed.verified();
        }
        SlackRequests.Result result = SlackRequests.parse(verified);
        switch (result) {
            case SlackRequests.Result.Challenge challenge -> {
                log(context, "interaction: url_verification answered", started);
                return response(200, JSON.createObjectNode().put("challenge", challenge.challenge()).toString());
            }
            case SlackRequests.Result.Ignored ignored -> {
                log(context, "interaction ignored: " + ignored.why(), started);
                return response(200, "");
            }
            case SlackRequests.Result.Parsed parsed -> {
                return acknowledge(parsed.request(), verified, deadline, context, started);
            }
            // only verify() rejects (its Check.Failed, answered above); parse() reads a verified body
            case SlackRequests.Result.Rejected rejected -> throw new IllegalStateException("parse() rejected");
        }
    }

    private JsonNode acknowledge(Request request, SlackRequests.Verified verified, Deadline deadline, Context context,
                                 long started) {
        String what = describe(request) + (verified.retryNum() > 0 ? " (Slack's retry " + verified.retryNum() + ")"
                : "");
        Ack ack;
        try {
            ack = function.work().acknowledge(request, deadline);
        } catch (PermanentFailure e) {
            log(context, "interaction " + what + " dropped: " + e.getMessage(), started);
            return response(200, "");
        } catch (RuntimeException e) {
            // transient, misconfigured, or a bug: Slack shows the person an error and may ask again
            log(context, "interaction " + what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    started);
            return response(500, "");
        }
        String body = ack.now().map(function::responseBody).orElse("");
        if (!ack.later()) {
            log(context, "interaction " + what + ": answered", started);
            return response(200, body);
        }
        Optional<SqsWorkQueue> queue = function.queue();
        if (queue.isPresent()) {
            try {
                queue.get().send(InteractionsFunction.encode(verified), InteractionsFunction.group(request),
                        request.requestId(), deadline);
            } catch (TransientFailure | MisconfigurationFailure e) {
                // Slack asks again (X-Slack-Retry-Num); nothing was done
                log(context, "interaction " + what + " failed: " + e.getMessage(), started);
                return response(500, "");
            }
            log(context, "interaction " + what + ": answered, the rest queued", started);
            return response(200, body);
        }
        // no queue: the work is done now, before the answer (the replay, sam local, tests)
        Invocation invocation = new Invocation(requestId(context), Deadline.in(remaining(context), function.clock()));
        try {
            function.work().complete(request, invocation);
            log(context, "interaction " + what + ": answered and done", started);
        } catch (RuntimeException e) {
            log(context, "interaction " + what + ": answered, the rest failed: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), started);
        }
        return response(200, body);
    }

    /** The Function URL's response (payload format 2.0). */
    private static JsonNode response(int status, String body) {
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", status);
        if (!body.isEmpty()) {
            response.putObject("headers").put("content-type", "application/json");
        }
        response.put("body", body);
        response.put("isBase64Encoded", false);
        return response;
    }

    // ------------------------------------------------------------------ the work queue

    private JsonNode batch(JsonNode records, Context context, long started) {
        Deadline deadline = Deadline.in(remaining(context), function.clock());
        Invocation invocation = new Invocation(requestId(context), deadline);
        List<String> failed = new ArrayList<>();
        Set<String> blockedGroups = new HashSet<>();
        int done = 0;
        int dropped = 0;
        String firstFailure = null;
        for (JsonNode record : records) {
            String id = record.path("messageId").asText("");
            String group = record.path("attributes").path("MessageGroupId").asText("");
            if (blockedGroups.contains(group) || !deadline.allows(RESERVE, Duration.ZERO)) {
                failed.add(id);
                blockedGroups.add(group);
                continue;
            }
            Request request;
            try {
                SlackRequests.Verified queued = InteractionsFunction.decode(record.path("body").asText(null));
                // what the queue hands over is acted on only if Slack signed it: anyone else who may send to the
                // queue cannot act as a Slack member with this function's role
                if (!SlackRequests.signedBySlack(queued, function.signingSecret(invocation.deadline()))) {
                    throw new PermanentFailure("the queued request does not carry Slack's signature");
                }
                SlackRequests.Result result = SlackRequests.parse(queued);
                if (!(result instanceof SlackRequests.Result.Parsed parsed)) {
                    throw new PermanentFailure("the queued request does not read as one");
                }
                request = parsed.request();
            } catch (PermanentFailure e) {
                dropped++;
                log(context, "interaction dropped: message " + LogText.abbreviate(id, 80) + ": " + e.getMessage(),
                        started);
                continue;
            }
            try {
                function.work().complete(request, invocation);
                done++;
            } catch (TransientFailure e) {
                failed.add(id);
                blockedGroups.add(group);
                firstFailure = firstFailure == null ? describe(request) + ": " + e.getMessage() : firstFailure;
            } catch (PermanentFailure e) {
                dropped++;
                log(context, "interaction " + describe(request) + " dropped: " + e.getMessage(), started);
            } catch (MisconfigurationFailure e) {
                log(context, "interaction " + describe(request) + " failed: " + e.getMessage(), started);
                throw e;
            }
        }
        log(context, "interactions: batch of " + records.size() + ": " + done + " done, " + failed.size()
                + " back to the queue" + (dropped > 0 ? ", " + dropped + " dropped" : "")
                + (firstFailure == null ? "" : "; first failure: " + firstFailure), started);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        failed.forEach(id -> failures.addObject().put("itemIdentifier", id));
        return response;
    }

    // ------------------------------------------------------------------ helpers

    /** What a request is, for a log line: its kind, what it asks and who asks; never what was typed. */
    static String describe(Request request) {
        String who = " by " + LogText.abbreviate(request.actor().chatId(), 40);
        return switch (request) {
            case Request.Click click -> "click " + LogText.abbreviate(click.actionId(), 60) + who;
            case Request.Submission submission -> "dialog " + LogText.abbreviate(submission.dialogId(), 60) + who;
            case Request.Command command -> "command " + LogText.abbreviate(command.command(), 40) + " "
                    + io.codebuildnotifier.interactions.Commands.loggedVerb(command.text()) + who;
            case Request.HomeOpened home -> "home" + who;
        };
    }

    private static Duration remaining(Context context) {
        return context == null ? DEFAULT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis());
    }

    private static String requestId(Context context) {
        return context == null || context.getAwsRequestId() == null ? UUID.randomUUID().toString()
                : context.getAwsRequestId();
    }

    private static void log(Context context, String line, long started) {
        LambdaLog.line(context, LogText.oneLine("codebuild-notifier " + line + " ("
                + (System.nanoTime() - started) / 1_000_000 + " ms)"));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        function.prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        function.afterRestore();
    }
}
