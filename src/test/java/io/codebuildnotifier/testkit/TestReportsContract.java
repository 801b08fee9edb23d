package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.notification.Notification.TestCase;
import io.codebuildnotifier.notification.Notification.Tests;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.BuildStatus;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.TestReports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TestReports} answers for a build: the totals, the failed cases read (in the report's
 * order, at most {@link HistoryEntry#MAX_FAILED_TESTS}, each with the first line of its message, none
 * marked new) and the line coverage; "not ready" for a report still being written or one that is gone,
 * and for a read with no time left; never an exception.
 */
public abstract class TestReportsContract {

    /** A failed case: its full name ({@code com.acme.CartTest.addsTax}) and its whole message. */
    public record Failure(String name, String message) {
    }

    /**
     * What a build's finished reports say: one test report with these counts and failures (in this order),
     * and, when {@code lineCoverage} is not negative, a coverage report.
     */
    public record Given(int passed, int skipped, List<Failure> failures, double lineCoverage) {
        public Given {
            failures = List.copyOf(failures);
        }

        public int total() {
            return passed + skipped + failures.size();
        }
    }

    /** The reports under test, and the builds whose reports say what each test needs. */
    public interface Subject {
        TestReports reports();

        /** A finished build whose reports say {@code given}. */
        Build finished(Given given);

        /** A finished build whose test report is still being generated. */
        Build generating();

        /** A finished build naming a report the reports do not have (expired, deleted). */
        Build vanished();
    }

    protected abstract Subject newSubject();

    private Subject subject;

    @BeforeEach
    void open() {
        subject = newSubject();
    }

    /** A build of widgets-ci naming these reports, as BatchGetBuilds would give it. */
    public static Build build(String... reportArns) {
        String id = "widgets-ci:" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-03T10:00:00Z");
        return new Build(id, "arn:aws:codebuild:us-east-1:123456789012:build/" + id, "widgets-ci", start,
                BuildStatus.FAILED, "pr/42", "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c", "GITHUB",
                "https://github.com/acme/widgets.git", "GitHub-Hookshot/8f1c2d4", "", Map.of(), List.of(),
                start.plusSeconds(133), 41, List.of(reportArns));
    }

    /** A report ARN of a group of widgets-ci: {@code report/widgets-ci-GROUP:UUID}. */
    public static String reportArn(String group) {
        return "arn:aws:codebuild:us-east-1:123456789012:report/widgets-ci-" + group + ":" + UUID.randomUUID();
    }

    /** The first line of a message that says something, as every implementation names it. */
    public static String firstLine(String message) {
        return message.lines().filter(l -> !l.isBlank()).map(String::strip).findFirst().orElse("");
    }

    static final List<Failure> THREE = List.of(
            new Failure("com.acme.widgets.cart.CartTotalsTest.appliesPercentageDiscountToEveryLine",
                    "expected: <90.00> but was: <100.00>"),
            new Failure("com.acme.widgets.counter.WidgetCounterTest.countsConcurrentIncrements",
                    "\nexpected: 42\n but was: 41"),
            new Failure("com.acme.widgets.api.WidgetResourceTest.returns404ForUnknownWidget",
                    "Status expected:<404> but was:<500>\n\tat org.springframework.test.util.AssertionErrors"
                            + ".fail(AssertionErrors.java:59)"));

    @Test
    void aBuildWithoutReportsHasNone() {
        assertEquals(Tests.NONE, subject.reports().read(build(), deadline()));
    }

    @Test
    void aFailingReportGivesItsTotalsTheFailedCasesAndTheCoverage() {
        Tests run = subject.reports().read(subject.finished(new Given(115, 2, THREE, 81.7)), deadline());

        List<TestCase> expected = THREE.stream().map(f -> new TestCase(f.name(), firstLine(f.message()), false))
                .toList();
        assertEquals(new Tests(Tests.State.READY, 120, 115, 3, 2, expected, 0, 81.7), run);
        assertEquals(THREE.stream().map(Failure::name).toList(), run.failedNames());
        assertEquals("expected: 42", run.failures().get(1).message(), "the first line that says something");
    }

    @Test
    void aPassingReportGivesItsTotalsAndNoCoverageWhenThereIsNoCoverageReport() {
        Tests run = subject.reports().read(subject.finished(new Given(120, 0, List.of(), -1)), deadline());

        assertEquals(new Tests(Tests.State.READY, 120, 120, 0, 0, List.of(), 0, -1), run);
        assertEquals(List.of(), run.failedNames());
    }

    @Test
    void atMostFiftyFailedCasesAreReadAndAllAreCounted() {
        List<Failure> many = new ArrayList<>();
        IntStream.range(0, 60).forEach(i -> many.add(new Failure("com.acme.widgets.ManyTest.case" + (100 + i),
                "failure " + i)));
        Tests run = subject.reports().read(subject.finished(new Given(40, 0, many, -1)), deadline());

        assertEquals(Tests.State.READY, run.state());
        assertEquals(100, run.total());
        assertEquals(60, run.failed());
        assertEquals(HistoryEntry.MAX_FAILED_TESTS, run.failures().size());
        assertEquals(many.subList(0, HistoryEntry.MAX_FAILED_TESTS).stream().map(Failure::name).toList(),
                run.failedNames());
    }

    @Test
    void aReportStillBeingGeneratedIsNotReady() {
        Tests run = subject.reports().read(subject.generating(), deadline());

        assertEquals(Tests.notReady(), run);
    }

    @Test
    void aReportThatIsGoneIsNotReady() {
        Tests run = subject.reports().read(subject.vanished(), deadline());

        assertEquals(Tests.notReady(), run);
    }

    @Test
    void withoutTimeLeftNothingIsReadAndNothingIsThrown() {
        Build build = subject.finished(new Given(115, 2, THREE, 81.7));

        assertEquals(Tests.notReady(), subject.reports().read(build,
                ContractFixtures.spent()));
    }
}
