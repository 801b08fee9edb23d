package io.codebuildnotifier.bench;

import io.codebuildnotifier.e2e.BuildFixture;
import io.codebuildnotifier.e2e.Cast;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The burst benchmark's world: DynamoDB Local and the loopback sandbox (CodeBuild, GitHub, Secrets Manager, SQS,
 * Slack), with the AWS SDK of this JVM pointed at them through its own settings (DynamoDB straight to DynamoDB
 * Local, everything else to the sandbox), plus builders for builds, commits, people and events made from the
 * recorded fixtures of {@code events/} (real wire formats and sizes).
 *
 * <p>Each scenario gets fresh tables and a fresh SQS FIFO queue ({@link #fresh}); Slack keeps its messages, but
 * every scenario's commits and builds are its own, and its recordings are cleared before it starts.
 */
final class BurstWorld implements AutoCloseable {
    static final String OWNER = "acme";
    /** The channel {@code CBN_ADDITIONAL_CHANNEL=#builds} resolves to. */
    static final String CHANNEL_ID = Cast.CHANNEL_ID;
    private static final AtomicInteger WORLDS = new AtomicInteger();

    final Path events;
    final EmbeddedDynamo dynamo;
    final Sandbox sandbox;
    private final boolean owned;
    private final RecordedFixtures fixtures;
    private final int world = WORLDS.incrementAndGet();
    private int scenarios;

    /** What a scenario runs against: its tables, its queue, and the settings both functions start from. */
    record Fresh(String historyTable, String queueUrl, Map<String, String> settings) {
    }

    private BurstWorld(Path events, EmbeddedDynamo dynamo, Sandbox sandbox, boolean owned) {
        this.events = events;
        this.dynamo = dynamo;
        this.sandbox = sandbox;
        this.owned = owned;
        this.fixtures = new RecordedFixtures(events, sandbox);
        Cast.intoSlack(sandbox); // the named people and the channel #builds
        Demo.pointTheSdkAt(sandbox, dynamo);
    }

    /** Starts DynamoDB Local and an empty sandbox whose Slack accepts {@code slackToken}. */
    static BurstWorld start(Path events, String slackToken) {
        EmbeddedDynamo dynamo = EmbeddedDynamo.start();
        try {
            return new BurstWorld(events, dynamo, Sandbox.empty(slackToken), true);
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    /** The world in a DynamoDB Local and an empty sandbox somebody else started (the tests' SandboxExtension). */
    static BurstWorld on(Path events, EmbeddedDynamo dynamo, Sandbox sandbox) {
        return new BurstWorld(events, dynamo, sandbox, false);
    }

    @Override
    public void close() {
        if (owned) {
            sandbox.close();
            dynamo.close();
        }
    }

    /**
     * New, empty tables and a new FIFO queue, the SDK pointed here again (a test in between may have moved it), and
     * the settings of a deployment using them (no alias table).
     */
    Fresh fresh(String name, Sandbox.SqsQueueSettings queue) {
        int n = ++scenarios;
        String history = "burst-" + world + "-" + n + "-" + name + "-history";
        dynamo.createHistoryTable(history);
        String url = sandbox.sqsFifoQueue("burst-" + world + "-" + n + "-" + name + ".fifo", queue);
        Demo.pointTheSdkAt(sandbox, dynamo);
        Map<String, String> settings = new TreeMap<>();
        settings.put("CBN_DYNAMO_TABLE", history);
        settings.put("CBN_SLACK_API_URL", sandbox.slackApiUrl());
        settings.put("CBN_GITHUB_API_URL", sandbox.githubApiUrl());
        settings.put("CBN_SLACK_ADMIN_USERNAMES", Cast.ADMIN.username());
        return new Fresh(history, url, settings);
    }

    // ------------------------------------------------------------------ people

    /** Person {@code n} of the benchmark: a Slack member {@code U0B000000n}, {@code burst{n}@example.com}. */
    static Cast.Person person(int n) {
        return new Cast.Person(String.format(Locale.ROOT, "U0B%07d", n), "burst" + n, "Burst Person " + n,
                "burst" + n + "@example.com", false, false);
    }

    void intoSlack(Cast.Person person) {
        sandbox.putSlackUser(person.slackUser());
    }

    /** The id of the direct-message conversation Slack answers a post to a member with. */
    static String directMessage(Cast.Person person) {
        return "D" + person.slackId().substring(1);
    }

    // ------------------------------------------------------------------ git and builds

    /** A deterministic 40-hex-digit commit id. */
    static String sha(String seed) {
        return RecordedFixtures.sha(seed);
    }

    /** A commit of acme/{@code repo} written and committed by {@code author}. */
    void commit(String repo, String sha, Cast.Person author, String message) {
        fixtures.commit(repo, sha, author.name(), author.email(), author.name(), author.email(), message);
    }

    void branch(String repo, String name, String sha) {
        sandbox.putGitHubBranch(OWNER, repo, name, sha);
    }

    /** A finished build of acme/{@code repo} by {@code project}, put into CodeBuild; its id is derived from {@code seed}. */
    BuildFixture build(String repo, String project, String sourceVersion, String sha, long startSecond, String status,
                       String seed) {
        return fixtures.build(repo, project, sourceVersion, sha, startSecond, status, seed);
    }

    /** The EventBridge event for a finished build (the recorded sample event, changed). */
    String event(BuildFixture build, String repo, String status, String sourceVersion) {
        return fixtures.event(build.arn(), repo, status, sourceVersion);
    }
}
