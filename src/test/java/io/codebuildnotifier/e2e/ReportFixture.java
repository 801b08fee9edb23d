package io.codebuildnotifier.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one way tests make a CodeBuild report: a {@code Report} as {@code BatchGetReports} answers it (AWS
 * JSON 1.1, times in epoch seconds) with its {@code TestCase}s as {@code DescribeTestCases} lists them, for
 * the sandbox's {@link Sandbox#putReport} and {@link Sandbox#putTestCases}. A test report's counts are
 * those of its cases unless {@link #counted} says otherwise (a report lists only some of its cases).
 */
public final class ReportFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double CREATED = 1_793_714_839.874;

    private final String type;
    private final String group;
    private final String arn;
    private String status;
    private final ArrayNode cases = JSON.createArrayNode();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private Map<String, Integer> counted;
    private double lineCoverage = -1;

    private ReportFixture(String type, String group, String status) {
        this.type = type;
        this.group = group;
        this.status = status;
        this.arn = "arn:aws:codebuild:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":report/" + group + ":"
                + UUID.randomUUID();
    }

    /** A finished test report of the report group {@code group} (e.g. {@code widgets-ci-unit-tests}). */
    public static ReportFixture tests(String group) {
        return new ReportFixture("TEST", group, "SUCCEEDED");
    }

    /** A finished code coverage report with this line coverage. */
    public static ReportFixture coverage(String group, double lineCoverage) {
        ReportFixture report = new ReportFixture("CODE_COVERAGE", group, "SUCCEEDED");
        report.lineCoverage = lineCoverage;
        return report;
    }

    /** GENERATING, INCOMPLETE, DELETING, SUCCEEDED or FAILED (a test report with a failed case is FAILED). */
    public ReportFixture status(String status) {
        this.status = status;
        return this;
    }

    /** Adds {@code n} passed cases of {@code prefix}. */
    public ReportFixture passed(String prefix, int n) {
        for (int i = 0; i < n; i++) {
            testCase(prefix, "case" + (i + 1), "SUCCEEDED", "");
        }
        return this;
    }

    /** Adds a case; {@code status} is SUCCEEDED, FAILED, ERROR, SKIPPED or UNKNOWN. */
    public ReportFixture testCase(String prefix, String name, String status, String message) {
        cases.addObject().put("reportArn", arn).put("testRawDataPath", "target/surefire-reports/TEST-" + prefix
                        + ".xml").put("prefix", prefix).put("name", name).put("status", status)
                .put("durationInNanoSeconds", 12_000_000L).put("message", message)
                .put("expired", CREATED + 30 * 86_400).put("testSuiteName", prefix);
        counts.merge(status, 1, Integer::sum);
        if (status.equals("FAILED") || status.equals("ERROR")) {
            this.status = this.status.equals("SUCCEEDED") ? "FAILED" : this.status;
        }
        return this;
    }

    /** The report's {@code testSummary.statusCounts}, instead of its cases' counts. */
    public ReportFixture counted(Map<String, Integer> statusCounts) {
        this.counted = new LinkedHashMap<>(statusCounts);
        return this;
    }

    public String arn() {
        return arn;
    }

    /** The report as BatchGetReports answers it. */
    public ObjectNode json() {
        ObjectNode report = JSON.createObjectNode().put("arn", arn).put("type", type).put("name", group)
                .put("reportGroupArn", "arn:aws:codebuild:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":report-group/"
                        + group)
                .put("executionId", "arn:aws:codebuild:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT
                        + ":build/widgets-ci:" + UUID.randomUUID())
                .put("status", status).put("created", CREATED).put("expired", CREATED + 30 * 86_400)
                .put("truncated", false);
        report.putObject("exportConfig").put("exportConfigType", "NO_EXPORT");
        if (type.equals("TEST") && !status.equals("GENERATING")) {
            Map<String, Integer> statusCounts = counted != null ? counted : counts;
            ObjectNode summary = report.putObject("testSummary");
            summary.put("total", statusCounts.values().stream().mapToInt(Integer::intValue).sum());
            ObjectNode byStatus = summary.putObject("statusCounts");
            for (String s : new String[] {"ERROR", "FAILED", "SKIPPED", "SUCCEEDED", "UNKNOWN"}) {
                byStatus.put(s, statusCounts.getOrDefault(s, 0));
            }
            summary.put("durationInNanoSeconds", 48_213_000_000L);
        }
        if (type.equals("CODE_COVERAGE") && !status.equals("GENERATING")) {
            report.putObject("codeCoverageSummary").put("lineCoveragePercentage", lineCoverage)
                    .put("linesCovered", Math.round(lineCoverage * 30)).put("linesMissed",
                            3000 - Math.round(lineCoverage * 30));
        }
        return report;
    }

    /** Puts the report and its cases into the sandbox; returns its ARN. */
    public String into(Sandbox sandbox) {
        sandbox.putReport(json());
        sandbox.putTestCases(arn, cases);
        return arn;
    }
}
