package io.codebuildnotifier.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.function.EventsFunction;
import io.codebuildnotifier.function.EventsHandler;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The world an end-to-end test runs in: DynamoDB Local and a loopback sandbox for CodeBuild,
 * Secrets Manager, CodeCommit, GitHub and Slack, shared by every test class of the JVM
 * ({@link SandboxExtension}), with fresh tables for every {@link #fresh} world. The handler under test is the real one, built by the real wiring
 * from environment settings; the AWS SDK finds the loopback endpoints through its own
 * {@code aws.endpointUrl*} settings.
 */
final class World {
    static final String TOKEN = SandboxExtension.TOKEN;
    static final String PROJECT = "widgets-ci";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TABLES = new AtomicInteger();

    final EmbeddedDynamo dynamo;
    final Sandbox sandbox;
    final String historyTable;
    final String aliasTable;
    private final Map<String, String> env = new HashMap<>();
    private EventsHandler handler;
    /** How the handler logs: readable lines unless a test asks for Lambda's JSON records ({@link #logJson}). */
    private io.codebuildnotifier.function.LogFormat logFormat = io.codebuildnotifier.function.LogFormat.HUMAN;
    /** Every wait the notifier asked for (Retry-After, backoff); nothing really sleeps in tests. */
    final List<java.time.Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ObjectNode lastBuild;

    private World(EmbeddedDynamo dynamo, Sandbox sandbox) {
        this.dynamo = dynamo;
        this.sandbox = sandbox;
        int n = TABLES.incrementAndGet();
        this.historyTable = "history-" + n;
        this.aliasTable = "aliases-" + n;
        dynamo.createHistoryTable(historyTable);
        dynamo.createAliasTable(aliasTable);
        // the sandbox is shared by every test class of the JVM: nothing of another world's faults or token
        sandbox.clearFaults();
        sandbox.setSlackToken(TOKEN);
        sandbox.clearRecordings();
        Demo.pointTheSdkAt(sandbox, dynamo);
        env.put("CBN_DYNAMO_TABLE", historyTable);
        env.put("CBN_SLACK_ALIAS_TABLE", aliasTable);
        env.put("CBN_SLACK_API_URL", sandbox.slackApiUrl());
        env.put("CBN_GITHUB_API_URL", sandbox.githubApiUrl());
        env.put("CBN_SLACK_ADMIN_USERNAMES", "ops-admin");
    }

    /** A world with new, empty tables and the standard people of {@link #people()}. */
    static World fresh(EmbeddedDynamo dynamo, Sandbox sandbox) {
        World world = new World(dynamo, sandbox);
        world.people();
        return world;
    }

    World with(String variable, String value) {
        env.put(variable, value);
        handler = null;
        return this;
    }

    /** Forgets the events handler: the next event is handled by a new instance (nothing kept in memory). */
    void restartEvents() {
        handler = null;
    }

    /** The settings as the template would pass them now (a copy). */
    Map<String, String> env() {
        return new HashMap<>(env);
    }

    /** The handler logs one JSON record per event, as in Lambda ({@code LogFormat.JSON}). */
    World logJson() {
        logFormat = io.codebuildnotifier.function.LogFormat.JSON;
        handler = null;
        return this;
    }

    EventsHandler handler() {
        if (handler == null) {
            handler = new EventsHandler(EventsFunction.fromEnvironment(env, java.time.Clock.systemUTC(),
                    new io.codebuildnotifier.kernel.Patience(waits::add), EventsFunction.AwsRetries.quick()), logFormat);
        }
        return handler;
    }

    // ------------------------------------------------------------------ people

    /** The named people of {@link Cast} in Slack, the channel #builds, and the Slack token's secret. */
    void people() {
        Cast.intoSlack(sandbox);
        sandbox.putSecret(Sandbox.SLACK_SECRET_NAME, "{\"token\":\"" + TOKEN + "\"}");
    }

    /** Puts a person of the {@link Cast} into this world's Slack. */
    void slackUser(Cast.Person person) {
        sandbox.putSlackUser(person.slackUser());
    }

    void alias(String alternate, String workspace) {
        dynamo.putAlias(aliasTable, alternate, workspace);
    }

    // ------------------------------------------------------------------ git and builds

    /** A commit on the GitHub repository acme/widgets. */
    void gitHubCommit(String sha, String author, String authorEmail, String committer, String committerEmail,
                      String message) {
        gitHubCommit("widgets", sha, author, authorEmail, committer, committerEmail, message);
    }

    /** A commit on the GitHub repository acme/{@code repo}. */
    void gitHubCommit(String repo, String sha, String author, String authorEmail, String committer,
                      String committerEmail, String message) {
        ObjectNode commit = JSON.createObjectNode().put("sha", sha)
                .put("html_url", "https://github.com/acme/" + repo + "/commit/" + sha);
        ObjectNode inner = commit.putObject("commit");
        inner.putObject("author").put("name", author).put("email", authorEmail).put("date", "2026-11-20T10:00:00Z");
        inner.putObject("committer").put("name", committer).put("email", committerEmail)
                .put("date", "2026-11-20T10:00:00Z");
        inner.put("message", message);
        sandbox.putGitHubCommit("acme", repo, commit);
    }

    /** A commit on acme/widgets whose (first) parent is {@code parent}, so that a branch's history can be walked. */
    void gitHubCommitAfter(String parent, String sha, String author, String authorEmail, String message) {
        ObjectNode commit = JSON.createObjectNode().put("sha", sha)
                .put("html_url", "https://github.com/acme/widgets/commit/" + sha);
        ObjectNode inner = commit.putObject("commit");
        inner.putObject("author").put("name", author).put("email", authorEmail).put("date", "2026-11-20T10:00:00Z");
        inner.putObject("committer").put("name", author).put("email", authorEmail).put("date", "2026-11-20T10:00:00Z");
        inner.put("message", message);
        commit.putArray("parents").addObject().put("sha", parent);
        sandbox.putGitHubCommit("acme", "widgets", commit);
    }

    void gitHubCommit(String sha, String author, String authorEmail, String message) {
        gitHubCommit(sha, author, authorEmail, author, authorEmail, message);
    }

    /** A build of {@link #PROJECT} from GitHub; returns its ARN. */
    String gitHubBuild(String sourceVersion, String sha, long startSecond, String status) {
        return build(BuildFixture.of(PROJECT).at(sourceVersion, sha).startedAt(startSecond).status(status));
    }

    /** A build made with {@link BuildFixture}, put into the sandbox; returns its ARN. */
    String build(BuildFixture build) {
        lastBuild = build.into(sandbox);
        return build.arn();
    }

    /** A GitHub build whose buildspec exports variables ({@code env: exported-variables}). */
    String gitHubBuildExporting(String sourceVersion, String sha, long startSecond, String status,
                                Map<String, String> exported) {
        return build(BuildFixture.of(PROJECT).at(sourceVersion, sha).startedAt(startSecond).status(status)
                .exporting(exported));
    }

    /** Changes the build made last (as CodeBuild describes it), e.g. its phases' messages. */
    void changeLastBuild(java.util.function.Consumer<ObjectNode> change) {
        change.accept(lastBuild);
        sandbox.putBuild(lastBuild);
    }

    // ------------------------------------------------------------------ pipelines

    /** The recorded pipeline of {@code events/sandbox/codepipeline}, the sample events' story. */
    static final String PIPELINE = "web-release";

    /**
     * Puts the recorded pipeline {@link #PIPELINE} (its definition, executions, action runs and state, as
     * {@code events/sandbox/codepipeline/web-release} holds them) into this world's CodePipeline, replacing what an
     * earlier test changed, and the commit its executions ran, by Jane.
     */
    void recordedPipeline() {
        java.nio.file.Path dir = java.nio.file.Path.of("events", "sandbox", "codepipeline", PIPELINE);
        sandbox.putPipeline((ObjectNode) read(dir.resolve("pipeline.json")).get("pipeline"));
        try (var files = java.nio.file.Files.list(dir.resolve("executions"))) {
            files.sorted().forEach(f -> sandbox.putPipelineExecution(PIPELINE,
                    (ObjectNode) read(f).get("pipelineExecution")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<ObjectNode> runs = new java.util.ArrayList<>();
        read(dir.resolve("action-executions.json")).get("actionExecutionDetails").forEach(r -> runs.add((ObjectNode) r));
        sandbox.putActionExecutions(PIPELINE, runs);
        sandbox.putPipelineState(PIPELINE, (ObjectNode) read(dir.resolve("state.json")));
        gitHubCommit("af94f3f158b6653b29c2b1c88c89c47690343239", "Jane Doe", "jane@example.com",
                "Merge pull request #42 from acme/widget-size-validation\n\nAdd widget size validation");
    }

    /**
     * The recorded pipeline as it was while its approval (Prod / ApproveRelease of the execution
     * {@code 7b2d4f6a…}) waited: {@link #recordedPipeline}, its approval's run in progress in ListActionExecutions
     * (the state's latest execution waits with its token already), the runs after it not yet made.
     */
    void waitingApprovalPipeline() {
        recordedPipeline();
        java.nio.file.Path dir = java.nio.file.Path.of("events", "sandbox", "codepipeline", PIPELINE);
        List<ObjectNode> runs = new java.util.ArrayList<>();
        boolean reached = false;
        // newest first: what came after the approval is dropped
        List<ObjectNode> all = new java.util.ArrayList<>();
        read(dir.resolve("action-executions.json")).get("actionExecutionDetails").forEach(r -> all.add((ObjectNode) r));
        for (ObjectNode run : all.reversed()) {
            if (reached) {
                break;
            }
            if (run.path("actionName").asText().equals("ApproveRelease")) {
                run.put("status", "InProgress").remove(List.of("output", "updatedBy", "lastUpdateTime"));
                reached = true;
            }
            runs.addFirst(run);
        }
        sandbox.putActionExecutions(PIPELINE, runs);
    }

    /** A sample event of {@code events/}, as text. */
    static String sample(String name) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("events", name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode read(java.nio.file.Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ events

    static String event(String arn, String status) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodeBuild Build State Change").put("source", "aws.codebuild")
                .put("account", Sandbox.ACCOUNT).put("time", Instant.parse("2026-11-20T10:05:00Z").toString())
                .put("region", Sandbox.REGION);
        event.putArray("resources").add(arn);
        ObjectNode detail = event.putObject("detail").put("build-status", status)
                .put("project-name", arn.substring(arn.indexOf("build/") + 6, arn.lastIndexOf(':')))
                .put("build-id", arn).put("current-phase", "COMPLETED").put("current-phase-context", "[]")
                .put("version", "1");
        detail.putObject("additional-information").put("build-complete", true).put("initiator", "GitHub-Hookshot/x")
                .put("build-start-time", "Nov 20, 2026 10:00:00 AM").put("timeout-in-minutes", 60.0)
                .put("build-number", 55.0);
        return event.toString();
    }

    static String scheduledEvent() {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "Scheduled Event").put("source", "aws.events").put("account", Sandbox.ACCOUNT)
                .put("time", Instant.now().toString()).put("region", Sandbox.REGION);
        event.putArray("resources").add("arn:aws:events:us-east-1:123456789012:rule/codebuild-notifier-reconcile");
        event.putObject("detail");
        return event.toString();
    }

    /** A second, independent instance of the function (another Lambda execution environment). */
    /** A sender function instance with this world's settings (as the template passes them). */
    io.codebuildnotifier.function.SenderHandler sender() {
        return new io.codebuildnotifier.function.SenderHandler(io.codebuildnotifier.function.SenderFunction
                .fromEnvironment(env, java.time.Clock.systemUTC(), new io.codebuildnotifier.kernel.Patience(waits::add),
                        EventsFunction.AwsRetries.quick()), io.codebuildnotifier.function.LogFormat.JSON);
    }

    EventsHandler anotherInstance() {
        return new EventsHandler(EventsFunction.fromEnvironment(env, java.time.Clock.systemUTC(),
                new io.codebuildnotifier.kernel.Patience(waits::add), EventsFunction.AwsRetries.quick()));
    }

    Outcome send(String arn, String status) {
        return deliver(event(arn, status));
    }

    Outcome deliver(String eventJson) {
        return deliver(eventJson.getBytes(StandardCharsets.UTF_8));
    }

    /** An event as raw bytes, for input that is not (valid) UTF-8 text. */
    Outcome deliver(byte[] eventBytes) {
        return handler().handle(new ByteArrayInputStream(eventBytes), null);
    }

    // ------------------------------------------------------------------ what happened

    /** Where messages were posted since the last call: member ids for DMs, channels as configured. */
    List<String> takePosts() {
        List<String> channels = sandbox.posts().stream().map(World::reached).toList();
        sandbox.clearRecordings();
        return channels;
    }

    /**
     * Who or where a post reached, as the notifier names destinations: a reply in a thread is sent to the
     * conversation's id (a DM's {@code D…}, {@link Cast#CHANNEL_ID}), read back as the member or the channel.
     */
    static String reached(Sandbox.SlackPost post) {
        String channel = post.channel();
        if (channel.startsWith("D") && channel.equals(post.resolvedChannel())) {
            return "U" + channel.substring(1);
        }
        return channel.equals(Cast.CHANNEL_ID) ? Cast.CHANNEL : channel;
    }

    /** The mrkdwn a post shows, as Slack receives it: every text of its blocks and its attachment's, one a line. */
    static String attachmentText(Sandbox.SlackPost post) {
        return io.codebuildnotifier.adapter.slack.SlackWire.of(post).shown();
    }

    /**
     * The table's items, without the notification markers, the commit rollups, the threads, the Slack
     * lookup and GitHub profile caches and the admin notices of the day.
     */
    List<Map<String, AttributeValue>> historyItems() {
        return allItems().stream().filter(i -> !i.get("source_id").s().startsWith("build:")
                && !i.get("source_id").s().startsWith("commit:")
                && !i.get("source_id").s().startsWith("thread:")
                && !i.get("source_id").s().startsWith("slack-user:")
                && !i.get("source_id").s().startsWith("github-user:")
                && !i.get("source_id").s().startsWith("notice:")).toList();
    }

    /** The notification markers ({@code source_id} = {@code build:PROJECT:UUID}). */
    List<Map<String, AttributeValue>> markers() {
        return allItems().stream().filter(i -> i.get("source_id").s().startsWith("build:")).toList();
    }

    List<Map<String, AttributeValue>> allItems() {
        return dynamo.client().scanPaginator(r -> r.tableName(historyTable)).items().stream().toList();
    }
}
