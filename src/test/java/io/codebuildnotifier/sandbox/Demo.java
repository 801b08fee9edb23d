package io.codebuildnotifier.sandbox;

import io.codebuildnotifier.function.Replay;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's first command: replays the sample events through the real handler (the shaded
 * jar's {@link Replay} entry point) with no AWS account and no Slack workspace. DynamoDB Local
 * runs embedded, and a loopback sandbox answers CodeBuild, Secrets Manager, CodeCommit, GitHub
 * and Slack from the recorded responses in {@code events/sandbox/}. While the approval waits, people answer the
 * messages through the interactions function ({@link InteractiveStory}): a retry, a refused one, an approval with a
 * comment, a slash command and a forged request.
 *
 * <pre>mvn -q -DskipTests package exec:exec@sandbox</pre>
 */
public final class Demo {
    /** The story of the sample events, in the order it happened. */
    public static final List<String> SEQUENCE = List.of(
            "pr-failed.json", "pr-succeeded.json", "push-main-failed.json", "push-main-merged.json", "push-feature.json",
            "codecommit-push.json", "codecommit-trigger.json", "codecommit-build.json", "pipeline-build.json",
            "stopped.json", "in-progress.json",
            "pipeline-failed.json", "approval-started.json", "approval-sns.json", "approval-approved.json",
            "pipeline-succeeded.json", "deployment-succeeded.json", "deployment-trigger-sns.json",
            "deployment-failed.json");
    /** The event after which people answer the messages in Slack ({@link InteractiveStory}). */
    static final String INTERACTIONS_AFTER = "approval-sns.json";
    static final String HISTORY_TABLE = "codebuild-history";
    static final String ALIAS_TABLE = "codebuild-slack-aliases";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path events = Path.of(args.length > 0 ? args[0] : "events");
        int status = run(events, System.out);
        System.exit(status);
    }

    static int run(Path events, PrintStream out) {
        try (EmbeddedDynamo dynamo = EmbeddedDynamo.start();
             Sandbox sandbox = Sandbox.start(events.resolve("sandbox"))) {
            return run(events, out, dynamo, sandbox);
        }
    }

    /**
     * Makes the demo's tables anew (dropped first if there), loads the aliases, clears the sandbox's recordings and
     * faults, and says the demo's settings.
     */
    public static Map<String, String> prepare(Path events, EmbeddedDynamo dynamo, Sandbox sandbox) {
        // every page: a JVM's shared DynamoDB Local holds hundreds of tests' tables, ListTables gives 100 a page
        List<String> existing = dynamo.client().listTablesPaginator().tableNames().stream().toList();
        for (String table : List.of(HISTORY_TABLE, ALIAS_TABLE)) {
            if (existing.contains(table)) {
                dynamo.deleteTable(table);
            }
        }
        sandbox.clearFaults();
        sandbox.clearRecordings();
        waitingAgain(events.resolve("sandbox"), sandbox);
        dynamo.createHistoryTable(HISTORY_TABLE);
        dynamo.createAliasTable(ALIAS_TABLE);
        dynamo.putAliases(ALIAS_TABLE, events.resolve("sandbox/aliases.json"));
        return Map.of(
                "CBN_DYNAMO_TABLE", HISTORY_TABLE,
                "CBN_SLACK_ALIAS_TABLE", ALIAS_TABLE,
                "CBN_ADDITIONAL_CHANNEL", "#builds",
                "CBN_CHANNEL_ROUTES", "approval:*=#releases,deploy:web/*=#deploys",
                "CBN_NOTIFY_PUSHES", "true",
                "CBN_SLACK_ADMIN_USERNAMES", "ops-admin",
                // Bob may approve from Slack (he wrote none of the release's commits); Jane may retry her builds
                "CBN_APPROVERS", InteractiveStory.APPROVER,
                "CBN_SLACK_API_URL", sandbox.slackApiUrl(),
                "CBN_GITHUB_API_URL", sandbox.githubApiUrl());
    }

    /**
     * The demo in a DynamoDB Local and a sandbox loaded from {@code events/sandbox} that are already
     * running ({@link #prepare}).
     */
    static int run(Path events, PrintStream out, EmbeddedDynamo dynamo, Sandbox sandbox) {
        Map<String, String> env = prepare(events, dynamo, sandbox);
        pointTheSdkAt(sandbox, dynamo);
        out.println("codebuild-notifier sandbox: DynamoDB Local at " + dynamo.endpoint()
                + ", CodeBuild/CodePipeline/CodeDeploy/Secrets Manager/CodeCommit/GitHub/Slack fakes at " + sandbox.baseUrl());
        out.println("settings: " + new java.util.TreeMap<>(env));
        out.println();
        // the interactive story is played while the approval waits: CodePipeline's approval-approved.json follows it
        int status;
        try {
            status = Replay.run(env, sequence(events), out, (event, printed) -> event.getFileName().toString()
                    .equals(INTERACTIONS_AFTER) ? InteractiveStory.play(env, sandbox, events.resolve("sandbox"),
                    printed) : 0);
        } finally {
            waitingAgain(events.resolve("sandbox"), sandbox);
        }
        out.println("Slack received " + sandbox.posts().size() + " messages; the history table holds "
                + dynamo.client().scan(r -> r.tableName(HISTORY_TABLE)).count() + " items.");
        return status;
    }

    /**
     * The pipelines' states as the fixtures have them: the story approves the waiting approval (CodePipeline's state
     * changes), and the demo or another test on the same sandbox finds it waiting again.
     */
    static void waitingAgain(Path fixtures, Sandbox sandbox) {
        Path pipelines = fixtures.resolve("codepipeline");
        if (!Files.isDirectory(pipelines)) {
            return;
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(pipelines)) {
            for (Path dir : dirs.sorted().toList()) {
                Path state = dir.resolve("state.json");
                if (Files.isRegularFile(state)) {
                    sandbox.putPipelineState(dir.getFileName().toString(), (com.fasterxml.jackson.databind.node
                            .ObjectNode) Json.MAPPER.readTree(state.toFile()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The SDK's own endpoint settings, as {@code AWS_ENDPOINT_URL*} would set them. */
    public static void pointTheSdkAt(Sandbox sandbox, EmbeddedDynamo dynamo) {
        System.setProperty("aws.region", Sandbox.REGION);
        System.setProperty("aws.accessKeyId", EmbeddedDynamo.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", EmbeddedDynamo.SECRET_ACCESS_KEY);
        System.setProperty("aws.endpointUrl", sandbox.awsEndpoint());
        System.setProperty("aws.endpointUrlDynamoDb", dynamo.endpoint());
    }

    public static List<Path> sequence(Path events) {
        List<Path> files = new ArrayList<>();
        for (String name : SEQUENCE) {
            if (Files.exists(events.resolve(name))) {
                files.add(events.resolve(name));
            }
        }
        return files;
    }
}
