package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.NotifierFailure;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.TestReports;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetReportsResponse;
import software.amazon.awssdk.services.codebuild.model.CodeCoverageReportSummary;
import software.amazon.awssdk.services.codebuild.model.DescribeTestCasesResponse;
import software.amazon.awssdk.services.codebuild.model.Report;
import software.amazon.awssdk.services.codebuild.model.ReportType;
import software.amazon.awssdk.services.codebuild.model.TestCase;
import software.amazon.awssdk.services.codebuild.model.TestReportSummary;

/**
 * A build's test and coverage reports from CodeBuild: one {@code BatchGetReports} for the totals
 * ({@code testSummary}) and line coverage ({@code codeCoverageSummary}), then {@code DescribeTestCases}
 * with a status filter, page by page, for the failed cases of each test report that has any, until
 * {@link HistoryEntry#MAX_FAILED_TESTS} cases are read.
 *
 * <p>How a build's reports add up:
 * <ul>
 *   <li>totals are summed over its test reports; a case that ended in {@code ERROR} (an unexpected
 *       exception, JUnit's {@code <error>}) counts as failed, {@code UNKNOWN} only in the total;</li>
 *   <li>line coverage is the lowest of its coverage reports (the one worth worrying about);</li>
 *   <li>a case is named {@code prefix.name} (JUnit's class and method), or its name alone when that
 *       already starts with the prefix (NUnit's full names); its message is its first non-blank line.</li>
 * </ul>
 *
 * <p>Never fails the notification. When a test report is still {@code GENERATING}, {@code INCOMPLETE}
 * or being deleted, when CodeBuild does not have a report the build names, or when
 * {@code BatchGetReports} fails (denied, throttled after the SDK's retries, out of time), the answer is
 * {@link Notification.Tests#notReady()}; a coverage report in that state only leaves coverage out, and a
 * {@code DescribeTestCases} that fails only leaves out the names it did not read. Whatever was left out is said in one
 * log line per build.
 */
public final class CodeBuildReports implements TestReports {
    /** What BatchGetReports takes in one call. */
    static final int BATCH = 100;
    /** Test cases a DescribeTestCases page holds at most (CodeBuild's own maximum and default). */
    static final int PAGE = 100;
    /** How long reading a build's reports may take in all. */
    static final Duration BUDGET = Duration.ofSeconds(10);
    /** What reading reports leaves of the invocation for recording and sending the notification. */
    static final Duration RESERVE = Duration.ofSeconds(15);
    /** A failure's message is clipped to this (its first line only, but one line can be a whole dump). */
    static final int MAX_MESSAGE = 500;
    /**
     * A case's name is clipped to this: under what the history keeps of a name (300), so that the names the next
     * build is compared with are the very names read here.
     */
    static final int MAX_NAME = 250;

    private final CodeBuildClient client;
    private final int pageSize;
    private final Consumer<String> log;

    public CodeBuildReports(CodeBuildClient client) {
        this(client, PAGE, System.out::println);
    }

    /**
     * @param pageSize test cases asked for per DescribeTestCases page (tests ask for few, to page)
     * @param log      where the one line about what could not be read goes
     */
    CodeBuildReports(CodeBuildClient client, int pageSize, Consumer<String> log) {
        if (pageSize < 1 || pageSize > PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + PAGE + " test cases");
        }
        this.client = client;
        this.pageSize = pageSize;
        this.log = log;
    }

    @Override
    public Notification.Tests read(Build build, Deadline deadline) {
        List<String> arns = List.copyOf(new LinkedHashSet<>(build.reportArns()));
        if (arns.isEmpty()) {
            return Notification.Tests.NONE;
        }
        Deadline within = budget(deadline);
        List<String> leftOut = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        try {
            for (int from = 0; from < arns.size(); from += BATCH) {
                List<String> chunk = arns.subList(from, Math.min(arns.size(), from + BATCH));
                BatchGetReportsResponse response = client.batchGetReports(r -> r.reportArns(chunk)
                        .overrideConfiguration(AwsCalls.within(within, "CodeBuild BatchGetReports")));
                reports.addAll(response.reports());
                notFound.addAll(response.reportsNotFound());
            }
        } catch (SdkException e) {
            return notReady(build, AwsErrors.classify("CodeBuild BatchGetReports", e).getMessage());
        } catch (NotifierFailure e) {
            return notReady(build, e.getMessage());
        }
        if (!notFound.isEmpty()) {
            return notReady(build, "CodeBuild does not have " + plural(notFound.size(), "report") + " "
                    + names(notFound));
        }
        List<Report> tests = new ArrayList<>();
        double coverage = -1;
        for (Report report : reports) {
            boolean coverageReport = report.type() == ReportType.CODE_COVERAGE;
            if (!finished(report)) {
                String what = groupOf(report) + " is " + report.statusAsString();
                if (!coverageReport) {
                    return notReady(build, "test report " + what);
                }
                leftOut.add("coverage report " + what + ": coverage left out");
            } else if (coverageReport) {
                CodeCoverageReportSummary summary = report.codeCoverageSummary();
                if (summary != null && summary.lineCoveragePercentage() != null) {
                    double line = summary.lineCoveragePercentage();
                    coverage = coverage < 0 ? line : Math.min(coverage, line);
                }
            } else {
                tests.add(report);
            }
        }
        int total = 0;
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Report report : tests) {
            Map<String, Integer> counts = counts(report);
            TestReportSummary summary = report.testSummary();
            total += summary == null || summary.total() == null
                    ? counts.values().stream().mapToInt(Integer::intValue).sum() : summary.total();
            passed += counts.getOrDefault("SUCCEEDED", 0);
            failed += counts.getOrDefault("FAILED", 0) + counts.getOrDefault("ERROR", 0);
            skipped += counts.getOrDefault("SKIPPED", 0);
        }
        List<Notification.TestCase> cases = failedCases(tests, within, leftOut);
        if (!leftOut.isEmpty()) {
            log(build, String.join("; ", leftOut));
        }
        if (tests.isEmpty() && coverage < 0) {
            return Notification.Tests.NONE; // only a coverage report, and it said nothing
        }
        return new Notification.Tests(Notification.Tests.State.READY, total, passed, failed, skipped, cases, 0,
                coverage);
    }

    /** The failed cases (FAILED, then ERROR) of each test report with any, up to {@link HistoryEntry#MAX_FAILED_TESTS}. */
    private List<Notification.TestCase> failedCases(List<Report> tests, Deadline within, List<String> leftOut) {
        List<Notification.TestCase> cases = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Report report : tests) {
            Map<String, Integer> counts = counts(report);
            for (String status : List.of("FAILED", "ERROR")) {
                if (counts.getOrDefault(status, 0) == 0 || cases.size() >= HistoryEntry.MAX_FAILED_TESTS) {
                    continue;
                }
                try {
                    String token = null;
                    do {
                        int want = Math.min(pageSize, HistoryEntry.MAX_FAILED_TESTS - cases.size());
                        String next = token;
                        DescribeTestCasesResponse page = client.describeTestCases(r -> r.reportArn(report.arn())
                                .filter(f -> f.status(status)).maxResults(want).nextToken(next)
                                .overrideConfiguration(AwsCalls.within(within, "CodeBuild DescribeTestCases")));
                        for (TestCase c : page.testCases()) {
                            String name = name(c);
                            if (cases.size() < HistoryEntry.MAX_FAILED_TESTS && seen.add(name)) {
                                cases.add(new Notification.TestCase(name, firstLine(c.message()), false));
                            }
                        }
                        token = page.nextToken();
                    } while (token != null && !token.isEmpty() && cases.size() < HistoryEntry.MAX_FAILED_TESTS);
                } catch (SdkException e) {
                    leftOut.add("names of the " + status + " cases of " + groupOf(report) + " left out: "
                            + AwsErrors.classify("CodeBuild DescribeTestCases", e).getMessage());
                } catch (NotifierFailure e) {
                    leftOut.add("names of the " + status + " cases of " + groupOf(report) + " left out: "
                            + e.getMessage());
                }
            }
        }
        return cases;
    }

    /** At most {@link #BUDGET} from now, and never into the {@link #RESERVE} the notification needs. */
    private static Deadline budget(Deadline deadline) {
        Instant own = deadline.clock().instant().plus(BUDGET);
        Instant kept = deadline.at().minus(RESERVE);
        return new Deadline(own.isBefore(kept) ? own : kept, deadline.clock());
    }

    /** Done being written: SUCCEEDED (every case passed) or FAILED (some did not). */
    private static boolean finished(Report report) {
        String status = report.statusAsString();
        return "SUCCEEDED".equals(status) || "FAILED".equals(status);
    }

    private static Map<String, Integer> counts(Report report) {
        TestReportSummary summary = report.testSummary();
        return summary == null || !summary.hasStatusCounts() ? Map.of() : summary.statusCounts();
    }

    /**
     * {@code prefix.name}, or the name alone when it already starts with the prefix (or there is none), clipped
     * to {@link #MAX_NAME}: what the next build's names are compared with, so the same case is always named the same.
     */
    static String name(TestCase c) {
        String prefix = c.prefix() == null ? "" : c.prefix().strip();
        String name = c.name() == null ? "" : c.name().strip();
        String full = name.isEmpty() ? prefix : prefix.isEmpty() || name.startsWith(prefix) ? name
                : prefix + "." + name;
        return LogText.clip(full, MAX_NAME);
    }

    /** The first line that says something, stripped and clipped to {@link #MAX_MESSAGE}. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        for (String line : message.split("\\R")) {
            if (!line.isBlank()) {
                return LogText.clip(line.strip(), MAX_MESSAGE);
            }
        }
        return "";
    }

    /** The report group's name, from the report ({@code name}) or its ARN ({@code report/GROUP:ID}). */
    private static String groupOf(Report report) {
        if (report.name() != null && !report.name().isBlank()) {
            return report.name();
        }
        return shortName(report.arn() == null ? "" : report.arn());
    }

    /** Report ARNs as their {@code GROUP:ID}, for a log line. */
    private static String names(List<String> arns) {
        return arns.stream().map(CodeBuildReports::shortName).toList().toString();
    }

    private static String shortName(String arn) {
        return arn.contains(":report/") ? arn.substring(arn.indexOf(":report/") + ":report/".length()) : arn;
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private Notification.Tests notReady(Build build, String why) {
        log(build, why + ": the message says the test report is not ready");
        return Notification.Tests.notReady();
    }

    private void log(Build build, String what) {
        log.accept(LogText.oneLine("codebuild-notifier: test reports of " + build.id() + ": "
                + LogText.clip(what, 1_000)));
    }

    /**
     * For a SnapStart snapshot: loads the models of BatchGetReports' and DescribeTestCases' answers and
     * reads answers made here, as a first real build's reports would be read. No call: a report ARN
     * needs the account, which the function does not know before its first event.
     *
     * @return how many structures were loaded
     */
    public static int primeModel() {
        int loaded = SdkModels.load(BatchGetReportsResponse::builder) + SdkModels.load(DescribeTestCasesResponse::builder);
        Report test = Report.builder().arn("arn:aws:codebuild:us-east-1:000000000000:report/priming:0").type("TEST")
                .name("priming").status("FAILED").testSummary(s -> s.total(2).statusCounts(Map.of("SUCCEEDED", 1,
                        "FAILED", 1))).build();
        counts(test);
        finished(test);
        name(TestCase.builder().prefix("io.priming.PrimingTest").name("primes").status("FAILED")
                .message("expected: <1> but was: <2>\n\tat io.priming.PrimingTest.primes").build());
        firstLine("expected: <1> but was: <2>\n\tat io.priming.PrimingTest.primes");
        return loaded;
    }
}
