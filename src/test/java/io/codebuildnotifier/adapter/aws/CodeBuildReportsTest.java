package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.e2e.ReportFixture;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Notification.TestCase;
import io.codebuildnotifier.notification.Notification.Tests;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.testkit.TestReportsContract;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.TestCase.Builder;

/**
 * What only the CodeBuild adapter of test reports does (the rest is {@link TestReportsContract}): which calls it
 * makes, how it pages, counts and names, and what it says in its one log line when it cannot read a report.
 */
class CodeBuildReportsTest {
    private static final String UNIT = "widgets-ci-unit-tests";
    private static Sandbox sandbox;
    private static CodeBuildClient client;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        // the SDK's own retries, without its real waits
        client = CodeBuildClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(3)
                        .backoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(5)))
                        .throttlingBackoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(5)))))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        sandbox.clearFaults();
        sandbox.clearRecordings();
    }

    private Tests read(int pageSize, String... reportArns) {
        return new CodeBuildReports(client, pageSize, log::add).read(TestReportsContract.build(reportArns),
                Deadline.in(Duration.ofMinutes(1)));
    }

    private static List<Sandbox.Call> calls(String operation) {
        return sandbox.calls().stream().filter(c -> c.operation().equals(operation)).toList();
    }

    @Test
    void failedCasesAreReadPageByPageAskingOnlyForWhatIsStillWanted() {
        ReportFixture report = ReportFixture.tests(UNIT).passed("com.acme.PassingTest", 3);
        IntStream.range(0, 5).forEach(i -> report.testCase("com.acme.CartTest", "fails" + i, "FAILED", "no " + i));

        Tests run = read(2, report.into(sandbox));

        assertEquals(List.of("com.acme.CartTest.fails0", "com.acme.CartTest.fails1", "com.acme.CartTest.fails2",
                "com.acme.CartTest.fails3", "com.acme.CartTest.fails4"), run.failedNames());
        assertEquals(1, calls("BatchGetReports").size());
        List<Sandbox.Call> pages = calls("DescribeTestCases");
        assertEquals(3, pages.size(), pages.toString());
        assertEquals(List.of("2", "2", "2"), pages.stream().map(c -> c.params().get("maxResults")).toList());
        assertEquals("{\"status\":\"FAILED\"}", pages.get(0).params().get("filter"));
        assertEquals(List.of(), log);
    }

    @Test
    void theLastPageAsksForNoMoreThanTheFiftyCasesKept() {
        ReportFixture report = ReportFixture.tests(UNIT);
        IntStream.range(0, 120).forEach(i -> report.testCase("com.acme.ManyTest", "case" + (1000 + i), "FAILED", ""));

        Tests run = read(30, report.into(sandbox));

        assertEquals(120, run.failed());
        assertEquals(50, run.failedNames().size());
        assertEquals(List.of("30", "20"), calls("DescribeTestCases").stream().map(c -> c.params().get("maxResults"))
                .toList());
    }

    @Test
    void anErrorCountsAsAFailureAndIsReadWithItsOwnFilter() {
        String arn = ReportFixture.tests(UNIT).passed("com.acme.PassingTest", 10)
                .testCase("com.acme.CartTest", "addsTax", "FAILED", "expected: <7> but was: <0>")
                .testCase("com.acme.DbTest", "connects", "ERROR", "java.net.ConnectException: Connection refused")
                .testCase("com.acme.OddTest", "odd", "UNKNOWN", "")
                .testCase("com.acme.SlowTest", "slow", "SKIPPED", "").into(sandbox);

        Tests run = read(100, arn);

        assertEquals(new Tests(Tests.State.READY, 14, 10, 2, 1, List.of(
                new TestCase("com.acme.CartTest.addsTax", "expected: <7> but was: <0>", false),
                new TestCase("com.acme.DbTest.connects", "java.net.ConnectException: Connection refused", false)),
                0, -1), run);
        assertEquals(List.of("{\"status\":\"FAILED\"}", "{\"status\":\"ERROR\"}"),
                calls("DescribeTestCases").stream().map(c -> c.params().get("filter")).toList());
    }

    @Test
    void aReportWithoutFailuresCostsOneCallForEveryReportOfTheBuild() {
        String unit = ReportFixture.tests(UNIT).passed("com.acme.PassingTest", 120).into(sandbox);
        String integration = ReportFixture.tests("widgets-ci-integration-tests").passed("com.acme.ApiIT", 30)
                .into(sandbox);

        Tests run = read(100, unit, integration, unit);

        assertEquals(new Tests(Tests.State.READY, 150, 150, 0, 0, List.of(), 0, -1), run);
        assertEquals(1, sandbox.calls().size(), sandbox.calls().toString());
        assertEquals(unit + "," + integration, sandbox.calls().get(0).params().get("reportArns"), "each ARN once");
    }

    @Test
    void theLowestLineCoverageOfSeveralReportsIsTheOneShown() {
        Tests run = read(100, ReportFixture.coverage("widgets-ci-coverage", 81.7).into(sandbox),
                ReportFixture.coverage("widgets-ci-ui-coverage", 64.25).into(sandbox),
                ReportFixture.tests(UNIT).passed("com.acme.PassingTest", 4).into(sandbox));

        assertEquals(64.25, run.lineCoverage());
        assertEquals(4, run.passed());
    }

    @Test
    void aBuildWithOnlyACoverageReportShowsItsCoverage() {
        Tests run = read(100, ReportFixture.coverage("widgets-ci-coverage", 81.7).into(sandbox));

        assertEquals(new Tests(Tests.State.READY, 0, 0, 0, 0, List.of(), 0, 81.7), run);
    }

    @Test
    void aCoverageReportStillGeneratingOnlyLeavesTheCoverageOut() {
        Tests run = read(100, ReportFixture.tests(UNIT).passed("com.acme.PassingTest", 4).into(sandbox),
                ReportFixture.coverage("widgets-ci-coverage", 81.7).status("GENERATING").into(sandbox));

        assertEquals(new Tests(Tests.State.READY, 4, 4, 0, 0, List.of(), 0, -1), run);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("coverage report widgets-ci-coverage is GENERATING: coverage left out"),
                log.get(0));
    }

    @Test
    void anIncompleteTestReportIsNotReadyWithOneLogLine() {
        String arn = ReportFixture.tests(UNIT).status("INCOMPLETE").into(sandbox);

        assertEquals(Tests.notReady(), read(100, arn));
        assertEquals(0, calls("DescribeTestCases").size());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).matches("codebuild-notifier: test reports of widgets-ci:[0-9a-f-]+: test report "
                + UNIT + " is INCOMPLETE: the message says the test report is not ready"), log.get(0));
    }

    @Test
    void aReportCodeBuildDoesNotHaveIsNamedInTheLogLine() {
        String gone = TestReportsContract.reportArn("unit-tests");
        String kept = ReportFixture.tests(UNIT).passed("com.acme.PassingTest", 4).into(sandbox);

        assertEquals(Tests.notReady(), read(100, kept, gone));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("CodeBuild does not have 1 report [" + gone.substring(gone.indexOf("report/")
                + 7) + "]"), log.get(0));
    }

    @Test
    void aDeniedBatchGetReportsIsNotReadyWithOneLineSayingWhatToFix() {
        sandbox.failNext("codebuild", "BatchGetReports", 1, Sandbox.Fault.awsError(400, "AccessDeniedException",
                "User is not authorized to perform: codebuild:BatchGetReports"));

        assertEquals(Tests.notReady(), read(100, failing()));
        assertEquals(1, calls("BatchGetReports").size(), "a denied call is not retried");
        assertEquals(0, calls("DescribeTestCases").size());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("CodeBuild BatchGetReports was denied (AccessDeniedException): check the "
                + "function's IAM role"), log.get(0));
    }

    @Test
    void throttlingIsRetriedByTheSdkAndOnlyThenGivenUp() {
        String arn = failing();
        sandbox.failNext("codebuild", "BatchGetReports", 1, Sandbox.Fault.awsError(400, "ThrottlingException",
                "Rate exceeded"));

        assertEquals(Tests.State.READY, read(100, arn).state(), "the second attempt answered");
        assertEquals(List.of(), log);

        sandbox.clearRecordings();
        sandbox.failNext("codebuild", "BatchGetReports", 3, Sandbox.Fault.awsError(400, "ThrottlingException",
                "Rate exceeded"));
        assertEquals(Tests.notReady(), read(100, arn));
        assertEquals(3, calls("BatchGetReports").size());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("ThrottlingException"), log.get(0));
    }

    @Test
    void aDeniedDescribeTestCasesKeepsTheTotalsAndLeavesTheNamesOut() {
        sandbox.failNext("codebuild", "DescribeTestCases", 1, Sandbox.Fault.awsError(400, "AccessDeniedException",
                "User is not authorized to perform: codebuild:DescribeTestCases"));

        Tests run = read(100, failing());

        assertEquals(new Tests(Tests.State.READY, 5, 3, 2, 0, List.of(), 0, -1), run);
        assertEquals(List.of(), run.failedNames());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("names of the FAILED cases of " + UNIT + " left out: CodeBuild "
                + "DescribeTestCases was denied (AccessDeniedException)"), log.get(0));
    }

    @Test
    void noCallIsMadeThatWouldEatTheTimeTheNotificationNeeds() {
        Tests run = new CodeBuildReports(client, 100, log::add).read(TestReportsContract.build(failing()),
                Deadline.in(Duration.ofSeconds(16)));

        assertEquals(Tests.notReady(), run);
        assertEquals(List.of(), sandbox.calls());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("CodeBuild BatchGetReports not started"), log.get(0));
    }

    @Test
    void moreThanAHundredReportsTakeMoreThanOneBatch() {
        String[] arns = IntStream.range(0, 101).mapToObj(i -> TestReportsContract.reportArn("group" + i))
                .toArray(String[]::new);

        read(100, arns);

        assertEquals(List.of(100, 1), calls("BatchGetReports").stream()
                .map(c -> c.params().get("reportArns").split(",").length).toList());
    }

    @Test
    void aCaseIsNamedByItsPrefixAndNameOnce() {
        assertEquals("com.acme.CartTest.addsTax", CodeBuildReports.name(testCase("com.acme.CartTest", "addsTax")));
        assertEquals("NUnit.Tests.MockTestFixture.NotRunnableTest", CodeBuildReports.name(
                testCase("NUnit.Tests.MockTestFixture", "NUnit.Tests.MockTestFixture.NotRunnableTest")));
        assertEquals("test_adds_tax", CodeBuildReports.name(testCase(null, " test_adds_tax ")));
        assertEquals("tests.test_cart", CodeBuildReports.name(testCase("tests.test_cart", "")));
        assertEquals(CodeBuildReports.MAX_NAME + 1, CodeBuildReports.name(testCase("com.acme.T", "n".repeat(400)))
                .length(), "clipped under the history's limit, with an ellipsis");
    }

    @Test
    void aMessageIsItsFirstLineThatSaysSomething() {
        assertEquals("expected: 42", CodeBuildReports.firstLine("\n  \r\nexpected: 42\n but was: 41"));
        assertEquals("Status expected:<404> but was:<500>",
                CodeBuildReports.firstLine("Status expected:<404> but was:<500>\n\tat org.example.Assert.fail"));
        assertEquals("", CodeBuildReports.firstLine(null));
        String huge = CodeBuildReports.firstLine("x".repeat(10_000));
        assertEquals(CodeBuildReports.MAX_MESSAGE + 1, huge.length(), "clipped, with an ellipsis");
    }

    @Test
    void theSampleReportsOfBuild41ReadAsTheStoryTellsIt() {
        try (Sandbox recorded = Sandbox.start(java.nio.file.Path.of("events", "sandbox"));
             CodeBuildClient own = CodeBuildContractsTest.client(recorded)) {
            Tests run = new CodeBuildReports(own, 100, log::add).read(TestReportsContract.build(
                    "arn:aws:codebuild:us-east-1:123456789012:report/widgets-ci-unit-tests:"
                            + "5f1c3a62-8d4e-4b7a-9c21-3e6f0b8d4a17",
                    "arn:aws:codebuild:us-east-1:123456789012:report/widgets-ci-coverage:"
                            + "a83d20e4-7b19-4c56-8f0a-d12e9c4b6f35"), Deadline.in(Duration.ofMinutes(1)));

            assertEquals(new Tests(Tests.State.READY, 120, 115, 3, 2, List.of(
                    new TestCase("com.acme.widgets.cart.CartTotalsTest.appliesPercentageDiscountToEveryLine",
                            "expected: <90.00> but was: <100.00>", false),
                    new TestCase("com.acme.widgets.counter.WidgetCounterTest.countsConcurrentIncrements",
                            "expected: 42", false),
                    new TestCase("com.acme.widgets.api.WidgetResourceTest.returns404ForUnknownWidget",
                            "Status expected:<404> but was:<500>", false)), 0, 81.7), run);
            assertEquals(List.of(), log);
        }
    }

    /** A test report with 3 passed and 2 failed cases; its ARN. */
    private static String failing() {
        return ReportFixture.tests(UNIT).passed("com.acme.PassingTest", 3)
                .testCase("com.acme.CartTest", "addsTax", "FAILED", "expected: <7> but was: <0>")
                .testCase("com.acme.CartTest", "roundsDown", "FAILED", "expected: <1> but was: <2>").into(sandbox);
    }

    private static software.amazon.awssdk.services.codebuild.model.TestCase testCase(String prefix, String name) {
        Builder builder = software.amazon.awssdk.services.codebuild.model.TestCase.builder().prefix(prefix).name(name);
        return builder.build();
    }
}
