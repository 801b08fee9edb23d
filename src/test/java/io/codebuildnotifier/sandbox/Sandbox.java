package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loopback fakes of every remote API the notifier calls, on one JDK HTTP server bound to 127.0.0.1 on an
 * ephemeral port ({@link LoopbackServer}). Real clients (AWS SDK v2, slack-api-client, JDK HttpClient) are
 * pointed at it and talk their real wire formats. This class is a facade over one {@link Route} per service:
 *
 * <ul>
 *   <li>AWS JSON 1.1 on {@code POST /}, dispatched on {@code X-Amz-Target} ({@link AwsJsonService}):
 *       {@link FakeCodeBuild} BatchGetBuilds, ListBuilds, ListBuildsForProject, BatchGetReports, DescribeTestCases; {@link FakeSecretsManager}
 *       GetSecretValue; {@link FakeCodeCommit} GetCommit, GetBranch, GetPullRequest, GetDifferences; {@link FakeCodePipeline}
 *       GetPipeline, GetPipelineExecution, ListActionExecutions, GetPipelineState, ListPipelines; {@link FakeCodeDeploy} GetDeployment; any other target
 *       UnknownOperationException.</li>
 *   <li>{@link FakeSqs}: SQS FIFO queues (JSON 1.0) SendMessage, SendMessageBatch; and the queues' messages for a
 *       consumer that plays Lambda's FIFO event source mapping ({@link #sqsReceive}, {@link #sqsComplete}).</li>
 *   <li>{@link FakeDynamoDbForwarder}: DynamoDB (JSON 1.0), passed on to DynamoDB Local
 *       ({@link #forwardDynamoDbTo}) so that faults can be injected in between.</li>
 *   <li>{@link FakeGitHub}, GitHub REST under {@code /github}: get a commit, a branch, a pull request.</li>
 *   <li>{@link FakeSlack}, the Slack Web API under {@code /api/}: api.test, auth.test; users.lookupByEmail,
 *       users.info, users.list ({@link SlackUsers}); chat.postMessage, chat.update ({@link SlackChat}); Slack's
 *       rate limits when a test turns them on ({@link #slackLimits(SlackLimits)}).</li>
 * </ul>
 *
 * State comes from a fixtures directory (see {@code events/sandbox/README.md}; each fake loads its part) and
 * from the {@code put*} methods. Every request is recorded ({@link #calls()}, {@link CallRecorder}), successful
 * Slack posts too ({@link #posts()}), and {@link #failNext} and the like inject faults ({@link FaultInjector}).
 * All public methods are thread-safe.
 */
public final class Sandbox implements AutoCloseable {

    /** One request as the sandbox saw it. {@code params} never holds a token or secret value. */
    public record Call(String service, String operation, Map<String, String> params) { }

    /**
     * A successful chat.postMessage: the channel as sent, the id it resolved to, and the content as sent (the
     * metadata's JSON, {@code null} for none).
     */
    public record SlackPost(String channel, String resolvedChannel, String text, String attachmentsJson,
                            String blocksJson, String metadataJson) {
        public SlackPost(String channel, String resolvedChannel, String text, String attachmentsJson,
                         String blocksJson) {
            this(channel, resolvedChannel, text, attachmentsJson, blocksJson, null);
        }
    }

    /**
     * What a Slack message shows: its text ({@code ""} for none), attachments and blocks as JSON ({@code null} for
     * none; an empty array is none), and what it carries for machines: its metadata's JSON ({@code event_type},
     * {@code event_payload}; {@code null} for none).
     */
    public record SlackContent(String text, String attachmentsJson, String blocksJson, String metadataJson) {
        public SlackContent(String text, String attachmentsJson, String blocksJson) {
            this(text, attachmentsJson, blocksJson, null);
        }
    }

    /**
     * A reply Slack accepted (chat.postMessage with {@code thread_ts}): its conversation's id, its ts, its thread's
     * parent's ts, and whether it was also sent to the conversation ({@code reply_broadcast}).
     */
    public record SlackReply(String channel, String ts, String threadTs, boolean broadcast) { }

    /** A view Slack accepted: {@code views.open} (target: the trigger id) or {@code views.publish} (the user id). */
    public record SlackView(String method, String target, String viewJson) { }

    /** A body posted to a {@code response_url} ({@link #slackResponseUrl}) and accepted. */
    public record SlackResponse(String id, String bodyJson) { }

    /** A RetryBuild: the build retried, the idempotency token, the new build's id and number. */
    public record BuildRetry(String retriedId, String token, String newId, long newNumber) { }

    /** A PutApprovalResult that decided an approval: its status ({@code Approved}, {@code Rejected}) and summary. */
    public record ApprovalDecision(String pipeline, String stage, String action, String status, String summary) { }

    /** A StartPipelineExecution that started an execution. */
    public record PipelineStart(String pipeline, String clientRequestToken, String executionId) { }

    /**
     * A message as the loopback Slack keeps it: its conversation's id, its ts, and every version of its content, the
     * first as posted, then one per chat.update.
     */
    public record SlackMessageHistory(String channel, String ts, List<SlackContent> versions) {
        public SlackMessageHistory {
            versions = List.copyOf(versions);
        }

        /** What the message shows now. */
        public SlackContent current() {
            return versions.getLast();
        }

        /** How many times it was updated. */
        public int updates() {
            return versions.size() - 1;
        }
    }

    /**
     * A chat.postMessage or chat.update Slack accepted: the method, the conversation's id (a DM's {@code D…}), the
     * message's ts, when it was accepted (nanoseconds on the {@link SlackLimits} clock in force, {@link System#nanoTime}
     * by default) and what the message shows after it.
     */
    public record SlackAccepted(String method, String channel, String ts, long acceptedNanos, String text,
                                String attachmentsJson, String blocksJson) { }

    /**
     * How a FIFO queue of the sandbox's SQS behaves.
     *
     * @param visibilityTimeout         how long a received message stays in flight (from its receipt) before it is
     *                                  visible again, unless deleted
     * @param maxReceiveCount           receipts after which a message that becomes visible again is a dead letter
     *                                  (the redrive policy's {@code maxReceiveCount})
     * @param contentBasedDeduplication a message without a deduplication id is deduplicated by its body's SHA-256
     */
    public record SqsQueueSettings(java.time.Duration visibilityTimeout, int maxReceiveCount,
                                   boolean contentBasedDeduplication) {
        /** SQS's defaults (30 s visibility, no content-based deduplication), with the template's redrive of 5. */
        public static final SqsQueueSettings DEFAULTS = new SqsQueueSettings(java.time.Duration.ofSeconds(30), 5, false);

        public SqsQueueSettings {
            if (visibilityTimeout.isNegative() || visibilityTimeout.compareTo(java.time.Duration.ofHours(12)) > 0) {
                throw new IllegalArgumentException("a visibility timeout is 0 to 12 hours");
            }
            if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
                throw new IllegalArgumentException("maxReceiveCount is 1 to 1000");
            }
        }

        public SqsQueueSettings withVisibilityTimeout(java.time.Duration timeout) {
            return new SqsQueueSettings(timeout, maxReceiveCount, contentBasedDeduplication);
        }

        public SqsQueueSettings withMaxReceiveCount(int count) {
            return new SqsQueueSettings(visibilityTimeout, count, contentBasedDeduplication);
        }
    }

    /**
     * A message of a sandbox SQS queue as a consumer receives it: its receipt handle ({@code null} when it is not in
     * flight), how often it was received, when it was sent (epoch ms, and on the queue's nanosecond clock) and first
     * received (epoch ms, 0 if never).
     */
    public record SqsMessage(String messageId, String receiptHandle, String body, String messageGroupId,
                             String messageDeduplicationId, String sequenceNumber, int receiveCount,
                             long sentTimestampMillis, long firstReceiveTimestampMillis, long sentNanos) { }

    /** Messages received together ({@link #sqsReceive}), to be {@linkplain #sqsComplete completed} together. */
    public record SqsBatch(String queueUrl, long id, List<SqsMessage> messages) {
        public SqsBatch {
            messages = List.copyOf(messages);
        }
    }

    /**
     * A queue's counts: messages visible, in flight and dead-lettered now; messages ever queued, sends
     * deduplicated (accepted but not queued again), and completions that came too late (the message had become
     * visible again and been received anew, or been dead-lettered).
     */
    public record SqsCounts(int visible, int inFlight, int deadLettered, long enqueued, long deduplicated,
                            long staleCompletions) {
        /** Whatever is still in the queue or its dead letters. */
        public int left() {
            return visible + inFlight + deadLettered;
        }
    }

    /** What to do instead of answering normally. */
    public sealed interface Fault {

        /** Close the connection without sending any response. */
        Fault DROP_CONNECTION = new DropConnection();

        /** Answer with this status, body ({@code null} for none) and extra headers. */
        record HttpStatus(int status, String body, Map<String, String> headers) implements Fault {
            public HttpStatus {
                headers = Map.copyOf(headers);
            }
        }

        record DropConnection() implements Fault { }

        /** Answer nothing for this long (a service that stopped answering), then close the connection. */
        record Stall(java.time.Duration duration) implements Fault {
            public Stall {
                if (duration.isNegative() || duration.compareTo(java.time.Duration.ofMinutes(2)) > 0) {
                    throw new IllegalArgumentException("a stall lasts from 0 to 2 minutes");
                }
            }
        }

        static Fault status(int status) {
            return new HttpStatus(status, null, Map.of());
        }

        static Fault status(int status, String body, Map<String, String> headers) {
            return new HttpStatus(status, body, headers);
        }

        /** Slack's rate limit answer: HTTP 429, {@code Retry-After}, {"ok":false,"error":"ratelimited"}. */
        static Fault slackRateLimited(int retryAfterSeconds) {
            return new HttpStatus(429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds),
                            "Content-Type", FakeSlack.CONTENT_TYPE));
        }

        /** An AWS JSON 1.1 error, e.g. {@code awsError(400, "ThrottlingException", "Rate exceeded")}. */
        static Fault awsError(int status, String type, String message) {
            String body = Json.object().put("__type", type).put("message", message).toString();
            return new HttpStatus(status, body, Map.of("Content-Type", AwsJsonService.CONTENT_TYPE));
        }
    }

    /**
     * Told when the sandbox starts answering a request and when its answer is ready (on the server's thread, before it
     * is written: a client never sees an answer before {@code answered}). For the benchmark, to subtract fake time.
     */
    public interface RequestListener {
        void started();
        void answered();
    }

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    /** The secret whose {@code token} field is the Slack token the sandbox expects. */
    public static final String SLACK_SECRET_NAME = "slack/codebuild";

    private final FaultInjector faults = new FaultInjector();
    private final CallRecorder recorder = new CallRecorder(faults);
    private final FakeCodeBuild codeBuild = new FakeCodeBuild(recorder);
    private final FakeSecretsManager secretsManager = new FakeSecretsManager(recorder);
    private final FakeCodeCommit codeCommit = new FakeCodeCommit(recorder);
    private final FakeCodePipeline codePipeline = new FakeCodePipeline(recorder);
    private final FakeCodeDeploy codeDeploy = new FakeCodeDeploy(recorder);
    private final FakeDynamoDbForwarder dynamoDb = new FakeDynamoDbForwarder(recorder);
    private final FakeGitHub gitHub = new FakeGitHub(recorder);
    private final FakeSlack slack = new FakeSlack(recorder);
    private final FakeSqs sqs = new FakeSqs(recorder);
    // the first route that handles a request answers it; a new fake goes here and, if it has fixtures, into load
    private final LoopbackServer server = new LoopbackServer(List.of(gitHub, slack, codeBuild, secretsManager,
            codeCommit, codePipeline, codeDeploy, dynamoDb, sqs, AwsJsonService.unknownTargets(recorder)));

    private Sandbox() { }

    /** Starts a sandbox loaded from a fixtures directory laid out as in {@code events/sandbox/README.md}. */
    public static Sandbox start(Path fixturesDir) {
        Sandbox sandbox = new Sandbox();
        try {
            sandbox.load(fixturesDir);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    /** Starts an empty sandbox whose only state is the secret {@value #SLACK_SECRET_NAME} holding this token. */
    public static Sandbox empty(String slackToken) {
        Sandbox sandbox = new Sandbox();
        sandbox.putSecret(SLACK_SECRET_NAME, Json.object().put("token", slackToken).toString());
        return sandbox;
    }

    private void load(Path dir) {
        Fixtures.load(dir, codeBuild, gitHub, codeCommit, codePipeline, codeDeploy, slack, secretsManager);
        slack.setToken(secretsManager.slackToken());
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Endpoint override for CodeBuild, Secrets Manager, CodeCommit, CodeDeploy and SQS clients. */
    public String awsEndpoint() {
        return baseUrl();
    }

    /** GitHub API base URL, without a trailing slash, like {@code https://api.github.com}. */
    public String githubApiUrl() {
        return baseUrl() + FakeGitHub.PREFIX;
    }

    /** Slack methods URL prefix, with the trailing slash, like {@code https://slack.com/api/}. */
    public String slackApiUrl() {
        return baseUrl() + FakeSlack.PREFIX;
    }

    /** Sets (or, with {@code null}, removes) the one {@link RequestListener}. */
    public void listen(RequestListener listener) {
        server.listen(listener);
    }

    @Override
    public void close() {
        server.close();
        dynamoDb.close();
    }

    // state

    /** Adds or replaces a CodeBuild {@code Build} (BatchGetBuilds wire format; needs {@code id} PROJECT:UUID). */
    public void putBuild(ObjectNode build) {
        codeBuild.put(build);
    }

    /** Adds or replaces a CodeBuild {@code Report} (BatchGetReports wire format; needs {@code arn}). */
    public void putReport(ObjectNode report) {
        codeBuild.putReport(report);
    }

    /** Sets a report's test cases (an array of DescribeTestCases' {@code TestCase} objects), in listing order. */
    public void putTestCases(String reportArn, com.fasterxml.jackson.databind.JsonNode testCases) {
        codeBuild.putTestCases(reportArn, testCases);
    }

    /** Adds a commit as {@code GET /repos/{owner}/{repo}/commits/{sha}} returns it (needs {@code sha}). */
    public void putGitHubCommit(String owner, String repo, ObjectNode commit) {
        gitHub.putCommit(owner, repo, commit);
    }

    /** Adds a GitHub user ({@code GET /users/{login}}'s body: needs {@code login}; {@code email} null for none). */
    public void putGitHubUser(ObjectNode user) {
        gitHub.putUser(user);
    }

    /** Adds a branch whose head is {@code sha}; the branch's commit is filled from a known commit if there is one. */
    public void putGitHubBranch(String owner, String repo, String name, String sha) {
        gitHub.putBranch(owner, repo, name, sha);
    }

    /** Adds a pull request whose head is {@code branch} ({@code GET /repos/{o}/{r}/pulls/{n}}). */
    public void putGitHubPull(String owner, String repo, int number, String branch, String sha) {
        gitHub.putPull(owner, repo, number, branch, sha);
    }

    /** Adds a CodeCommit commit ({@code GetCommit}'s {@code commit} object; needs {@code commitId}). */
    public void putCodeCommitCommit(String repo, ObjectNode commit) {
        codeCommit.putCommit(repo, commit);
    }

    public void putCodeCommitBranch(String repo, String name, String sha) {
        codeCommit.putBranch(repo, name, sha);
    }

    /**
     * Adds or replaces a CodeDeploy deployment (GetDeployment's {@code deploymentInfo}: needs a {@code deploymentId}
     * like {@code d-ABCDEF123}; times as epoch seconds).
     */
    public void putDeployment(ObjectNode deploymentInfo) {
        codeDeploy.put(deploymentInfo);
    }

    /**
     * What CodeCommit's GetDifferences answers from {@code before} ({@code ""} for none) to {@code after}: these
     * {@code Difference} objects ({@code changeType}, {@code beforeBlob}, {@code afterBlob}), a page at a time.
     */
    public void putCodeCommitDifferences(String repo, String before, String after,
                                         com.fasterxml.jackson.databind.node.ArrayNode differences) {
        codeCommit.putDifferences(repo, before, after, differences);
    }

    /**
     * Adds or replaces an open CodeCommit pull request (GetPullRequest; the id is a positive integer, unique in the
     * account) from {@code sourceBranch} into {@code destinationBranch}, with or without {@code refs/heads/}; its
     * commits are the branches' heads, if known by then. Unknown ids answer PullRequestDoesNotExistException.
     */
    public void putCodeCommitPullRequest(String repo, String pullRequestId, String sourceBranch,
                                         String destinationBranch) {
        codeCommit.putPullRequest(repo, pullRequestId, sourceBranch, destinationBranch);
    }

    /** Adds or replaces a CodePipeline pipeline ({@code GetPipeline}'s {@code pipeline}: needs {@code name}). */
    public void putPipeline(ObjectNode pipeline) {
        codePipeline.putPipeline(pipeline);
    }

    /** Adds or replaces an execution of a pipeline ({@code GetPipelineExecution}'s {@code pipelineExecution}). */
    public void putPipelineExecution(String pipeline, ObjectNode execution) {
        codePipeline.putExecution(pipeline, execution);
    }

    /** Adds an action execution as the pipeline's newest ({@code ListActionExecutions}' {@code actionExecutionDetails[]}). */
    public void putActionExecution(String pipeline, ObjectNode detail) {
        codePipeline.putActionExecution(pipeline, detail);
    }

    /** Replaces every action execution of a pipeline (newest first). */
    public void putActionExecutions(String pipeline, List<ObjectNode> details) {
        codePipeline.putActionExecutions(pipeline, details);
    }

    /** Sets a pipeline's state (a {@code GetPipelineState} response: {@code stageStates[]}). */
    public void putPipelineState(String pipeline, ObjectNode state) {
        codePipeline.putState(pipeline, state);
    }

    /** Adds or replaces a Slack user object (needs {@code id}; email in {@code profile.email}). */
    public void putSlackUser(ObjectNode user) {
        slack.users().put(user);
    }

    public void putSlackChannel(String id, String name) {
        slack.chat().putChannel(id, name);
    }

    /** Adds or replaces a secret; a {@code token} in {@value #SLACK_SECRET_NAME} becomes the expected Slack token. */
    public synchronized void putSecret(String name, String secretString) {
        secretsManager.put(name, secretString);
        String token = FakeSecretsManager.tokenIn(secretString);
        if (name.equals(SLACK_SECRET_NAME) && token != null) {
            slack.setToken(token);
        }
    }

    /**
     * Overrides the token Slack calls must carry, at first the {@code token} of the secret {@value #SLACK_SECRET_NAME}
     * (or of the first secret that has one); {@code null} makes every authenticated Slack call fail with invalid_auth.
     */
    public synchronized void setSlackToken(String token) {
        slack.setToken(token);
    }

    public String slackToken() {
        return slack.token();
    }

    /**
     * The Slack app's signing secret this sandbox's Slack signs requests with: the {@code signing_secret} of the
     * secret {@value #SLACK_SECRET_NAME}, or {@code null} if it has none.
     */
    public String signingSecret() {
        return secretsManager.signingSecret();
    }

    // recordings and faults

    public List<Call> calls() {
        return recorder.calls();
    }

    public List<SlackPost> posts() {
        return slack.chat().posts();
    }

    public long count(String service, String operation) {
        return recorder.count(service, operation);
    }

    /**
     * Forgets recorded calls, posts, accepted Slack messages and 429 counts (state, Slack's kept messages, the Slack
     * limits with their buckets and pending faults stay).
     */
    public synchronized void clearRecordings() {
        recorder.clear();
        slack.chat().clearPosts();
        slack.limits().clearCounts();
        slack.views().clear();
        slack.responses().clear();
    }

    // Slack messages and rate limits

    /**
     * Enforces these Slack rate limits from now on, every bucket full; {@link SlackLimits#off()} (the default) enforces
     * none. A call over a limit is answered HTTP 429 with {@code Retry-After}, is still recorded ({@link #calls()}) and
     * changes nothing. The limits stay until changed: a test that sets them on a shared sandbox sets them off after.
     */
    public void slackLimits(SlackLimits limits) {
        slack.limits().set(limits);
    }

    /** The Slack rate limits in force. */
    public SlackLimits slackLimits() {
        return slack.limits().limits();
    }

    /** How many Slack calls were answered 429 by the {@link #slackLimits rate limits} (not by injected faults). */
    public long slackRateLimited() {
        return slack.limits().rateLimitedTotal();
    }

    /** {@link #slackRateLimited()} by method, e.g. {@code chat.postMessage=2}; methods never limited are absent. */
    public Map<String, Long> slackRateLimitedByMethod() {
        return slack.limits().rateLimited();
    }

    /** Every chat.postMessage and chat.update Slack accepted, in order. */
    public List<SlackAccepted> slackAccepted() {
        return slack.chat().accepted();
    }

    /** The message Slack keeps at this conversation id and ts, with its versions. */
    public java.util.Optional<SlackMessageHistory> slackMessage(String channel, String ts) {
        return slack.chat().message(channel, ts);
    }

    /** Every reply in a thread Slack accepted, in order. */
    public List<SlackReply> slackReplies() {
        return slack.chat().replies();
    }

    /** Deletes a message as a person would in Slack: its updates then fail, and replies to it. False when none. */
    public boolean slackDelete(String channel, String ts) {
        return slack.chat().delete(channel, ts);
    }

    /** Every message Slack keeps, in the order they were posted. */
    public List<SlackMessageHistory> slackMessages() {
        return slack.chat().messages();
    }

    /**
     * The next {@code times} requests to {@code service} / {@code operation} (as in {@link Call}; {@code "*"} for any
     * operation of the service) get {@code fault} instead of an answer, still recorded, with parameter
     * {@code sandbox.fault}.
     */
    public void failNext(String service, String operation, int times, Fault fault) {
        faults.failAfter(service, operation, 0, times, fault);
    }

    /** Like {@link #failNext}, but lets the first {@code pass} matching requests through. */
    public void failAfter(String service, String operation, int pass, int times, Fault fault) {
        faults.failAfter(service, operation, pass, times, fault);
    }

    /** From now on, a share of the requests to {@code service}/{@code operation} get {@code fault}. */
    public void failRandomly(String service, String operation, double share, Fault fault, long seed) {
        faults.failRandomly(service, operation, share, fault, seed);
    }

    /** Drops every fault not yet served (SQS entry failures too). */
    public void clearFaults() {
        faults.clear();
        sqs.clearEntryFaults();
    }

    /** Faults served so far (pending and random), by {@code service operation fault}. */
    public Map<String, Integer> injectedFaults() {
        return faults.injected();
    }

    // DynamoDB pass-through

    /**
     * Passes DynamoDB calls made to this sandbox on to DynamoDB Local, so that faults (service {@code dynamodb}) can be
     * injected between the real client and the real engine. Point {@code aws.endpointUrlDynamoDb} here to use it.
     */
    public void forwardDynamoDbTo(String endpoint) {
        dynamoDb.forwardTo(endpoint);
    }

    /** A DynamoDB throttling answer, as DynamoDB sends it (JSON 1.0). */
    public static Fault dynamoThrottling() {
        return FakeDynamoDbForwarder.throttling();
    }

    // SQS

    /**
     * The URL of the sandbox's SQS FIFO queue {@code name} (ending in {@code .fifo}), made with {@code settings} (or
     * given them, if it exists): {@code http://127.0.0.1:PORT/ACCOUNT/NAME}. A queue is known by its name, the URL's
     * last path segment; any URL naming a {@code .fifo} queue not made here makes one with
     * {@link SqsQueueSettings#DEFAULTS} when first sent to.
     */
    public String sqsFifoQueue(String name, SqsQueueSettings settings) {
        sqs.queue(name, settings);
        return sqsQueueUrl(name);
    }

    /** {@link #sqsFifoQueue(String, SqsQueueSettings)} with {@link SqsQueueSettings#DEFAULTS}. */
    public String sqsFifoQueue(String name) {
        return sqsFifoQueue(name, SqsQueueSettings.DEFAULTS);
    }

    /** The URL the queue {@code name} has in this sandbox (made or not). */
    public String sqsQueueUrl(String name) {
        return baseUrl() + "/" + ACCOUNT + "/" + name;
    }

    /** The clock (nanoseconds) SQS visibility timeouts and deduplication windows run on; {@link System#nanoTime} by default. */
    public void sqsClock(java.util.function.LongSupplier nanoTime) {
        sqs.clock(nanoTime);
    }

    /**
     * Receives up to {@code max} (1 to 10) messages as Lambda's FIFO event source mapping does: only from message
     * groups with nothing in flight (one batch at a time per group), the oldest group first, each group in order.
     * Waits up to {@code wait} for a message; empty if none came.
     */
    public java.util.Optional<SqsBatch> sqsReceive(String queueUrl, int max, java.time.Duration wait) {
        try {
            return sqs.receive(queueUrl, max, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** {@link #sqsReceive(String, int, java.time.Duration)} without waiting. */
    public java.util.Optional<SqsBatch> sqsReceive(String queueUrl, int max) {
        return sqsReceive(queueUrl, max, java.time.Duration.ZERO);
    }

    /**
     * Ends a received batch with the ids the function reported failed ({@code batchItemFailures}; all of them when
     * the invocation failed): the others are deleted; a failed one and the later ones of its group in the batch stay
     * in flight until their visibility timeout runs out, then are visible again (received again, their receive count
     * goes up) or, after {@code maxReceiveCount} receipts, dead letters.
     */
    public void sqsComplete(SqsBatch batch, java.util.Collection<String> failedMessageIds) {
        sqs.complete(batch, failedMessageIds);
    }

    /** The queue's counts now (visible, in flight, dead letters, ever queued, deduplicated). */
    public SqsCounts sqsCounts(String queueUrl) {
        return sqs.counts(queueUrl);
    }

    /** Every message the queue holds (visible or in flight), in the order they were queued. */
    public List<SqsMessage> sqsMessages(String queueUrl) {
        return sqs.messages(queueUrl);
    }

    /** The queue's dead letters, in the order they were moved there. */
    public List<SqsMessage> sqsDeadLetters(String queueUrl) {
        return sqs.deadLetters(queueUrl);
    }

    /**
     * The next {@code count} entries of SendMessageBatch requests (to any queue) fail as an entry can: in the answer's
     * {@code Failed} list, with this error code, the others still queued. ({@link #failNext} with service {@code sqs}
     * fails whole requests.)
     */
    public void sqsFailNextEntries(int count, String code, boolean senderFault) {
        sqs.failNextEntries(count, code, senderFault);
    }

    // interactions: retries, approvals, starts, views, user groups, response_urls

    /** Every build RetryBuild started, in order (a repeated token starts none). */
    public List<BuildRetry> buildRetries() {
        return codeBuild.retries().stream().map(r -> new BuildRetry(r.retriedId(), r.token(), r.newId(),
                r.newNumber())).toList();
    }

    /**
     * Makes an approval wait in the pipeline's state (GetPipelineState): the stage's latest execution
     * {@code executionId} and the action's latest execution {@code InProgress} with {@code token} (a UUID, as
     * CodePipeline's are).
     */
    public void putWaitingApproval(String pipeline, String stage, String action, String executionId, String token) {
        codePipeline.putWaitingApproval(pipeline, stage, action, executionId, token);
    }

    /** Every approval PutApprovalResult decided, in order. */
    public List<ApprovalDecision> approvalDecisions() {
        return codePipeline.decisions().stream().map(d -> new ApprovalDecision(d.pipeline(), d.stage(), d.action(),
                d.status(), d.summary())).toList();
    }

    /** Every execution StartPipelineExecution started, in order (a repeated client token starts none). */
    public List<PipelineStart> pipelineStarts() {
        return codePipeline.started().stream().map(s -> new PipelineStart(s.pipeline(), s.clientRequestToken(),
                s.executionId())).toList();
    }

    /** The views Slack accepted (views.open, views.publish), in order. */
    public List<SlackView> slackViews() {
        return slack.views().views();
    }

    /** Why the last refused view was refused. */
    public List<String> slackViewRefusal() {
        return slack.views().lastRefusal();
    }

    /** Adds or replaces a Slack user group ({@code S…} id, handle without {@code @}, member ids). */
    public void putSlackUsergroup(String id, String handle, List<String> members) {
        slack.usergroups().put(id, handle, members);
    }

    /** A {@code response_url} of this sandbox's Slack, for one interaction ({@code id}: letters, digits, -). */
    public String slackResponseUrl(String id) {
        return baseUrl() + SlackResponses.PREFIX + id;
    }

    /** What this sandbox's response_urls start with. */
    public String slackResponsePrefix() {
        return baseUrl() + SlackResponses.PREFIX;
    }

    /** The bodies posted to response_urls and accepted, in order. */
    public List<SlackResponse> slackResponses() {
        return slack.responses().responses();
    }

    /** Makes a response_url answer as an expired one does (404 expired_url). */
    public void expireSlackResponseUrl(String id) {
        slack.responses().expire(id);
    }
}
