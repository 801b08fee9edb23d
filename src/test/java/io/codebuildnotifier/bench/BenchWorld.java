package io.codebuildnotifier.bench;

import io.codebuildnotifier.function.EventsFunction;
import io.codebuildnotifier.function.EventsHandler;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.e2e.Cast;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The benchmark's world: DynamoDB Local and the loopback sandbox (loaded with the fixtures of
 * {@code events/sandbox}), with DynamoDB routed through the sandbox so that its calls are counted
 * too, plus builders for realistic builds, commits, Slack members and events. Builds, commits and
 * events are made from the recorded fixtures (real wire formats and sizes), changed where needed.
 *
 * <p>Everything the benchmark and {@link CallCountTest} know about how to configure and construct
 * the handler is here ({@link #settings}, {@link #handler}, {@link #childEnvironment}), so a change
 * of wiring is one change.
 */
final class BenchWorld implements AutoCloseable {
    static final String OWNER = "acme";
    /** GitHub repositories and the CodeBuild project building each. */
    static final Map<String, String> PROJECTS = Map.of("widgets", "widgets-ci", "gadgets", "gadgets-ci",
            "docs", "docs-ci");
    static final String ADMIN = "ops-admin";
    /** Authors p0..p19 of the {@link Cast#crowd crowd}; the last two are not in Slack (their builds end in an admin notice). */
    static final int AUTHORS = Cast.CROWD;
    static final int AUTHORS_IN_SLACK = Cast.CROWD_IN_SLACK;
    /** The fixtures' head of {@code main} in acme/widgets (see events/sandbox/README.md). */
    /** The recorded test and coverage reports of build #41 (3 of 120 tests failed; 81.7 % of lines). */
    static final String[] REPORTS_41 = {
            "arn:aws:codebuild:us-east-1:123456789012:report/widgets-ci-unit-tests:5f1c3a62-8d4e-4b7a-9c21-3e6f0b8d4a17",
            "arn:aws:codebuild:us-east-1:123456789012:report/widgets-ci-coverage:a83d20e4-7b19-4c56-8f0a-d12e9c4b6f35"};
    /** The recorded test report of build #42 (120 tests passed). */
    static final String[] REPORTS_42 = {
            "arn:aws:codebuild:us-east-1:123456789012:report/widgets-ci-unit-tests:0c9e7b51-2f3a-4d68-b1e4-97a5c3d28f06"};
    static final String WIDGETS_MAIN_HEAD = "af94f3f158b6653b29c2b1c88c89c47690343239";

    private static final Pattern SERVICE_OPERATION_GITHUB =
            Pattern.compile("^(\\w+) /repos/[^/]+/[^/]+/(commits|branches|pulls)/.*$");

    final Path events;
    final EmbeddedDynamo dynamo;
    final Sandbox sandbox;
    private final RecordedFixtures fixtures;
    private final boolean owned;
    private int tables;

    private BenchWorld(Path events, EmbeddedDynamo dynamo, Sandbox sandbox, boolean owned) {
        this.events = events;
        this.dynamo = dynamo;
        this.sandbox = sandbox;
        this.owned = owned;
        this.fixtures = new RecordedFixtures(events, sandbox);
    }

    /** Starts DynamoDB Local and the sandbox loaded with {@code events/sandbox}, plus the benchmark's people. */
    static BenchWorld start(Path events) {
        EmbeddedDynamo dynamo = EmbeddedDynamo.start();
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(events.resolve("sandbox"));
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
        sandbox.forwardDynamoDbTo(dynamo.endpoint());
        return new BenchWorld(events, dynamo, sandbox, true).populate();
    }

    /**
     * The benchmark's world in DynamoDB Local and a sandbox loaded with {@code events/sandbox} that
     * somebody else started and closes (the tests' {@code SandboxExtension}); DynamoDB calls made to the
     * sandbox must reach {@code dynamo}.
     */
    static BenchWorld on(Path events, EmbeddedDynamo dynamo, Sandbox sandbox) {
        return new BenchWorld(events, dynamo, sandbox, false).populate();
    }

    /** The benchmark's people and the repositories' main branches. */
    private BenchWorld populate() {
        BenchWorld world = this;
        Cast.crowdIntoSlack(sandbox);
        for (String repo : PROJECTS.keySet()) {
            if (!repo.equals("widgets")) {
                // each repository has a main branch whose head is a commit no benchmark build is for
                String head = sha("head of main in " + repo);
                world.commit(repo, head, 0, 0, "Initial commit");
                sandbox.putGitHubBranch(OWNER, repo, "main", head);
            }
        }
        return world;
    }

    /** Stops DynamoDB Local and the sandbox if this world started them. */
    @Override
    public void close() {
        if (owned) {
            sandbox.close();
            dynamo.close();
        }
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Fresh, empty tables (history, and aliases loaded from {@code events/sandbox/aliases.json}) and
     * the {@code CBN_*} settings of a deployment that uses them: alias table, admin, loopback Slack and
     * GitHub. Strategy and whitelist are the defaults.
     */
    Map<String, String> settings(String name) {
        int n = ++tables;
        String history = "bench-" + name + "-" + n + "-history";
        String aliases = "bench-" + name + "-" + n + "-aliases";
        dynamo.createHistoryTable(history);
        dynamo.createAliasTable(aliases);
        dynamo.putAliases(aliases, events.resolve("sandbox/aliases.json"));
        Map<String, String> settings = new TreeMap<>();
        settings.put("CBN_DYNAMO_TABLE", history);
        settings.put("CBN_SLACK_ALIAS_TABLE", aliases);
        settings.put("CBN_SLACK_ADMIN_USERNAMES", ADMIN);
        settings.put("CBN_SLACK_API_URL", sandbox.slackApiUrl());
        settings.put("CBN_GITHUB_API_URL", sandbox.githubApiUrl());
        return settings;
    }

    /**
     * Points the AWS SDK of this JVM at the loopback fakes through its own settings (system
     * properties, as {@code AWS_ENDPOINT_URL*} would): every AWS call to the sandbox, DynamoDB's too,
     * which the sandbox records and passes on to DynamoDB Local.
     */
    void pointThisJvm() {
        System.setProperty("aws.region", Sandbox.REGION);
        System.setProperty("aws.accessKeyId", EmbeddedDynamo.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", EmbeddedDynamo.SECRET_ACCESS_KEY);
        System.setProperty("aws.endpointUrl", sandbox.awsEndpoint());
        System.setProperty("aws.endpointUrlDynamoDb", sandbox.awsEndpoint());
    }

    /**
     * The environment of a child JVM running only the shaded jar: the parent's, without any AWS, CBN or
     * JVM option variables, plus the settings and the SDK's endpoint variables (every AWS call to the
     * sandbox; DynamoDB's passed on to DynamoDB Local).
     */
    Map<String, String> childEnvironment(Map<String, String> inherited, Map<String, String> settings) {
        Map<String, String> env = new LinkedHashMap<>();
        inherited.forEach((name, value) -> {
            if (!name.startsWith("AWS_") && !name.startsWith("CBN_") && !name.equals("JAVA_TOOL_OPTIONS")
                    && !name.equals("JDK_JAVA_OPTIONS") && !name.equals("_JAVA_OPTIONS")) {
                env.put(name, value);
            }
        });
        env.put("AWS_REGION", Sandbox.REGION);
        env.put("AWS_ACCESS_KEY_ID", EmbeddedDynamo.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedDynamo.SECRET_ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL", sandbox.awsEndpoint());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", sandbox.awsEndpoint());
        env.putAll(settings);
        return env;
    }

    /** A new instance of the real handler, wired by the real code from these settings. */
    static EventsHandler handler(Map<String, String> settings) {
        return new EventsHandler(EventsFunction.fromEnvironment(settings));
    }

    static Outcome deliver(EventsHandler handler, String event) {
        return handler.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), null);
    }

    // ------------------------------------------------------------------ people

    static String email(int person) {
        return Cast.crowd(person).email();
    }

    // ------------------------------------------------------------------ git and builds

    /** A deterministic 40-hex-digit commit id. */
    static String sha(String seed) {
        return RecordedFixtures.sha(seed);
    }

    /** A commit of acme/{@code repo}, written by author and committed by committer (people p0..p19). */
    void commit(String repo, String sha, int author, int committer, String message) {
        fixtures.commit(repo, sha, Cast.crowd(author).name(), email(author), Cast.crowd(committer).name(),
                email(committer), message);
    }

    /**
     * A finished build of acme/{@code repo} by its project, as CodeBuild's BatchGetBuilds returns it;
     * returns its ARN. The build id is derived from {@code seed}; it names {@code reportArns} (the sandbox's
     * recorded reports, {@link #REPORTS_41} and the like), if any.
     */
    String build(String repo, String sourceVersion, String sha, long startSecond, String status, String seed,
                 String... reportArns) {
        return fixtures.build(repo, PROJECTS.get(repo), sourceVersion, sha, startSecond, status, seed, reportArns)
                .arn();
    }

    /** The EventBridge event for a finished build (the recorded sample event, changed). */
    String event(String arn, String status, String sourceVersion) {
        String project = arn.substring(arn.indexOf("build/") + "build/".length(), arn.lastIndexOf(':'));
        String repo = PROJECTS.entrySet().stream().filter(e -> e.getValue().equals(project))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        return fixtures.event(arn, repo, status, sourceVersion);
    }

    // ------------------------------------------------------------------ calls

    /**
     * A recorded call as {@code "service operation"}: AWS operations by name ({@code dynamodb GetItem}),
     * Slack methods ({@code slack chat.postMessage}), GitHub requests by route
     * ({@code github GET /repos/{owner}/{repo}/commits/{ref}}).
     */
    static String key(Sandbox.Call call) {
        String operation = call.operation();
        if (call.service().equals("github")) {
            var m = SERVICE_OPERATION_GITHUB.matcher(operation);
            if (m.matches()) {
                String what = m.group(2);
                operation = m.group(1) + " /repos/{owner}/{repo}/" + what + "/"
                        + (what.equals("commits") ? "{ref}" : what.equals("branches") ? "{branch}" : "{number}");
            }
        }
        return call.service() + " " + operation;
    }

    /** Counts by {@link #key}, sorted. */
    static Map<String, Integer> count(List<Sandbox.Call> calls) {
        Map<String, Integer> counts = new TreeMap<>();
        calls.forEach(call -> counts.merge(key(call), 1, Integer::sum));
        return counts;
    }
}
