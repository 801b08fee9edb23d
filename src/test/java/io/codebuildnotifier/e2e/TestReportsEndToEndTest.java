package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Notification.TestCase;
import io.codebuildnotifier.notification.Notification.Tests;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Test results end to end: a build's CodeBuild test and coverage reports, read through the real handler from
 * the loopback CodeBuild, reach the notification (totals, at most five failed tests, new ones first, the
 * coverage) and the history (the failed tests' names, for the next build); a report that cannot be read never
 * stops the notification, and says so in one log line. What Slack shows of them is the Slack adapter's: these
 * tests look at the notification and the history.
 */
@ExtendWith(SandboxExtension.class)
class TestReportsEndToEndTest {
    static final String JANE = Cast.JANE.slackId();
    static final String SHA_1 = "1111111111111111111111111111111111111111";
    static final String SHA_2 = "2222222222222222222222222222222222222222";
    static final String SHA_3 = "3333333333333333333333333333333333333333";
    static final String UNIT = "widgets-ci-unit-tests";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox);
        world.gitHubCommit(SHA_1, "Jane Doe", "jane@example.com", "Count widgets in parallel");
        world.gitHubCommit(SHA_2, "Jane Doe", "jane@example.com", "Count widgets in parallel, again");
        world.gitHubCommit(SHA_3, "Jane Doe", "jane@example.com", "Fix the widget counter");
    }

    /** 120 tests: 115 passed, these failed, the rest skipped; with a coverage report of 81.7 % of lines. */
    private static String[] reports(String... failedMethods) {
        ReportFixture unit = ReportFixture.tests(UNIT).passed("com.acme.widgets.cart.CartTotalsTest", 115);
        for (String method : failedMethods) {
            unit.testCase("com.acme.widgets.counter.WidgetCounterTest", method, "FAILED",
                    "expected: <42> but was: <41>\n\tat com.acme.widgets.counter.WidgetCounterTest." + method
                            + "(WidgetCounterTest.java:31)");
        }
        for (int i = 115 + failedMethods.length; i < 120; i++) {
            unit.testCase("com.acme.widgets.export.CsvExportTest", "exports" + i, "SKIPPED", "disabled until #57");
        }
        return new String[] {unit.into(sandbox), ReportFixture.coverage("widgets-ci-coverage", 81.7).into(sandbox)};
    }

    private String build(String sha, long start, String status, String... reportArns) {
        return world.build(BuildFixture.of(World.PROJECT).at("pr/42", sha).startedAt(start).status(status)
                .reports(reportArns));
    }

    private static String name(String method) {
        return "com.acme.widgets.counter.WidgetCounterTest." + method;
    }

    private static Tests tests(Outcome outcome) {
        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        return recorded.notification().orElseThrow(() -> new AssertionError("not notified: " + outcome.summary()))
                .tests();
    }

    @Test
    void aFailedPullRequestShowsItsTotalsItsFailedTestsAndItsCoverage() {
        String arn = build(SHA_1, 1_790_000_000L, "FAILED", reports("countsConcurrentIncrements", "startsAtZero",
                "resetsToZero"));

        Outcome outcome = world.send(arn, "FAILED");

        String first = "expected: <42> but was: <41>";
        assertEquals(new Tests(Tests.State.READY, 120, 115, 3, 2, List.of(
                new TestCase(name("countsConcurrentIncrements"), first, true),
                new TestCase(name("startsAtZero"), first, true),
                new TestCase(name("resetsToZero"), first, true)), 0, 81.7), tests(outcome));
        assertEquals(1, sandbox.count("codebuild", "BatchGetReports"), "both reports in one call");
        assertEquals(1, sandbox.count("codebuild", "DescribeTestCases"), "one page of failures");
        // what Slack received: the names and counts shown, and the same for machines in the metadata
        Sandbox.SlackPost post = sandbox.posts().get(0);
        String shown = World.attachmentText(post);
        assertTrue(shown.contains("3 of 120 tests failed"), shown);
        assertTrue(shown.contains(name("countsConcurrentIncrements")), shown);
        com.fasterxml.jackson.databind.JsonNode payload;
        try {
            payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(post.metadataJson())
                    .path("event_payload");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(120, payload.path("tests").path("total").asInt());
        assertEquals(115, payload.path("tests").path("passed").asInt());
        assertEquals(3, payload.path("tests").path("failed").asInt());
        assertEquals(2, payload.path("tests").path("skipped").asInt());
        assertEquals(name("countsConcurrentIncrements"), payload.path("failed_tests").path(0).asText());
        assertEquals(3, payload.path("failed_tests").size());
        assertEquals(List.of(JANE), world.takePosts());
        assertEquals(List.of(name("countsConcurrentIncrements"), name("startsAtZero"), name("resetsToZero")),
                failedTests(SHA_1));
    }

    @Test
    void atMostFiveFailedTestsAreNamedTheRestCountedAndTheHistoryKeepsFifty() {
        String[] methods = java.util.stream.IntStream.range(10, 70).mapToObj(i -> "case" + i).toArray(String[]::new);
        Outcome outcome = world.send(build(SHA_1, 1_790_000_000L, "FAILED", reports(methods)), "FAILED");

        Tests tests = tests(outcome);
        assertEquals(60, tests.failed());
        assertEquals(List.of(name("case10"), name("case11"), name("case12"), name("case13"), name("case14")),
                tests.failures().stream().map(TestCase::name).toList());
        assertEquals(55, tests.moreFailures());
        assertEquals(List.of("50"), sandbox.calls().stream().filter(c -> c.operation().equals("DescribeTestCases"))
                .map(c -> c.params().get("maxResults")).toList(), "one page, of no more than is kept");
        assertEquals(java.util.Arrays.stream(methods).limit(50).map(TestReportsEndToEndTest::name).toList(),
                failedTests(SHA_1));
    }

    @Test
    void failingAgainListsTheNewFailuresFirstAndMarksTheOthersAsAlreadyFailing() {
        world.send(build(SHA_1, 1_790_000_000L, "FAILED", reports("startsAtZero", "countsConcurrentIncrements")),
                "FAILED");
        world.takePosts();

        Outcome again = world.send(build(SHA_2, 1_790_000_600L, "FAILED", reports("countsConcurrentIncrements",
                "resetsToZero")), "FAILED");

        List<TestCase> failures = tests(again).failures();
        assertEquals(List.of(name("resetsToZero"), name("countsConcurrentIncrements")),
                failures.stream().map(TestCase::name).toList(), "new first");
        assertEquals(List.of(true, false), failures.stream().map(TestCase::isNew).toList());
        assertEquals(List.of(JANE), world.takePosts());
    }

    @Test
    void aReportStillGeneratingSendsTheNotificationSayingItIsNotReady() {
        String arn = build(SHA_1, 1_790_000_000L, "FAILED", ReportFixture.tests(UNIT).status("GENERATING")
                .into(sandbox));

        Logged logged = logged(() -> world.send(arn, "FAILED"));

        assertEquals(Tests.notReady(), tests(logged.outcome()));
        assertEquals(1, sandbox.count("codebuild", "BatchGetReports"));
        assertEquals(0, sandbox.count("codebuild", "DescribeTestCases"));
        assertEquals(List.of(JANE), world.takePosts());
        assertOneLineAbout(logged, arn, "test report " + UNIT + " is GENERATING");
        assertEquals(List.of(), failedTests(SHA_1));
    }

    @Test
    void aReportCodeBuildNoLongerHasSendsTheNotificationSayingItIsNotReady() {
        String gone = "arn:aws:codebuild:us-east-1:123456789012:report/" + UNIT + ":0a2f7c1e-0000-4000-8000-"
                + "000000000000";
        String arn = build(SHA_1, 1_790_000_000L, "FAILED", gone);

        Logged logged = logged(() -> world.send(arn, "FAILED"));

        assertEquals(Tests.notReady(), tests(logged.outcome()));
        assertEquals(List.of(JANE), world.takePosts());
        assertOneLineAbout(logged, arn, "CodeBuild does not have 1 report [" + UNIT + ":0a2f7c1e");
    }

    @Test
    void aDeniedReportCallSendsTheNotificationSayingItIsNotReady() {
        String arn = build(SHA_1, 1_790_000_000L, "FAILED", reports("startsAtZero"));
        sandbox.failNext("codebuild", "BatchGetReports", 1, Sandbox.Fault.awsError(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/notifier is not authorized to perform: "
                        + "codebuild:BatchGetReports"));

        Logged logged = logged(() -> world.send(arn, "FAILED"));

        assertEquals(Tests.notReady(), tests(logged.outcome()));
        assertEquals(1, sandbox.count("codebuild", "BatchGetReports"), "a denied call is not retried");
        assertEquals(0, sandbox.count("codebuild", "DescribeTestCases"));
        assertEquals(List.of(JANE), world.takePosts());
        assertOneLineAbout(logged, arn, "CodeBuild BatchGetReports was denied (AccessDeniedException): check the "
                + "function's IAM role");
    }

    @Test
    void reportsThrottledBeyondTheSdksRetriesSendTheNotificationSayingTheyAreNotReady() {
        String arn = build(SHA_1, 1_790_000_000L, "FAILED", reports("startsAtZero"));
        sandbox.failNext("codebuild", "BatchGetReports", 20, Sandbox.Fault.awsError(400, "ThrottlingException",
                "Rate exceeded"));

        Logged logged = logged(() -> world.send(arn, "FAILED"));
        sandbox.clearFaults();

        assertEquals(Tests.notReady(), tests(logged.outcome()));
        assertTrue(sandbox.count("codebuild", "BatchGetReports") > 1, "the SDK retried");
        assertEquals(List.of(JANE), world.takePosts());
        assertOneLineAbout(logged, arn, "ThrottlingException");
    }

    @Test
    void onlyNotifiedBuildsReadTheirReports() {
        world.send(build(SHA_1, 1_790_000_000L, "FAILED", reports("startsAtZero")), "FAILED");
        Outcome fixed = world.send(build(SHA_2, 1_790_000_600L, "SUCCEEDED", ReportFixture.tests(UNIT)
                .passed("com.acme.widgets.cart.CartTotalsTest", 120).into(sandbox)), "SUCCEEDED");
        assertEquals(new Tests(Tests.State.READY, 120, 120, 0, 0, List.of(), 0, -1), tests(fixed));
        sandbox.clearRecordings();

        Outcome quiet = world.send(build(SHA_3, 1_790_001_200L, "SUCCEEDED", ReportFixture.tests(UNIT)
                .passed("com.acme.widgets.cart.CartTotalsTest", 120).into(sandbox)), "SUCCEEDED");

        assertEquals(0, sandbox.count("codebuild", "BatchGetReports"));
        assertEquals(0, sandbox.count("codebuild", "DescribeTestCases"));
        assertEquals(List.of(), world.takePosts(), quiet.summary());
    }

    // ------------------------------------------------------------------ helpers

    /** The history item's failed test names of the build of {@code sha}. */
    private List<String> failedTests(String sha) {
        Map<String, AttributeValue> item = world.historyItems().stream()
                .filter(i -> i.containsKey("commit_hash") && i.get("commit_hash").s().equals(sha)
                        && i.get("source_id").s().equals("widgets-ci:pr/42"))
                .findFirst().orElseThrow(() -> new AssertionError("no history item of " + sha));
        return item.containsKey("failed_tests")
                ? item.get("failed_tests").l().stream().map(AttributeValue::s).toList() : List.of();
    }

    private record Logged(Outcome outcome, List<String> lines) {
    }

    /** What the handler did and printed (its own lines and the adapters'). */
    private static Logged logged(Supplier<Outcome> action) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Outcome outcome;
        try {
            outcome = action.get();
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        stdout.print(printed);
        return new Logged(outcome, printed.lines().toList());
    }

    private static void assertOneLineAbout(Logged logged, String buildArn, String says) {
        String id = buildArn.substring(buildArn.indexOf("build/") + 6);
        List<String> about = logged.lines().stream().filter(l -> l.contains("test reports of " + id)).toList();
        assertEquals(1, about.size(), "one line about the reports: " + logged.lines());
        assertTrue(about.get(0).contains(says), about.get(0));
        assertTrue(about.get(0).endsWith("the message says the test report is not ready"), about.get(0));
    }
}
