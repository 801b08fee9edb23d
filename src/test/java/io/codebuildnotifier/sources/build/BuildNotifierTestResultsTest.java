package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.NotifyStrategy;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.codebuildnotifier.notification.Notification.TestCase;
import io.codebuildnotifier.notification.Notification.Tests;
import io.codebuildnotifier.notification.Outcome;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a build's test reports add to its notification and its history, on in-memory fakes. */
class BuildNotifierTestResultsTest {
    private final NotifierFixture world = new NotifierFixture();

    /** A build of pr/7 naming a test report, whose reports say these failed tests (of 100). */
    private Build build(String uuid, BuildStatus status, long start, String... failed) {
        Build plain = world.build(uuid, status, "pr/7", start);
        Build build = new Build(plain.id(), plain.arn(), plain.projectCode(), plain.startTime(), plain.status(),
                plain.sourceVersion(), plain.commit(), plain.sourceType(), plain.sourceLocation(), plain.initiator(),
                plain.logLink(), plain.exportedVariables(), plain.phases(), plain.startTime().plusSeconds(90), 7,
                List.of("arn:aws:codebuild:eu-west-1:123456789012:report/widgets-unit-tests:" + uuid));
        world.builds.add(build);
        List<TestCase> cases = java.util.Arrays.stream(failed).map(n -> new TestCase(n, "expected 1", false)).toList();
        world.reports.put(build.arn(), new Tests(Tests.State.READY, 100, 100 - failed.length,
                failed.length, 0, cases, 0, 80.0));
        return build;
    }

    private Outcome.Recorded handle(Build build) {
        return assertInstanceOf(Outcome.Recorded.class, world.handle(build));
    }

    @Test
    void aNotifiedBuildShowsWhatItsReportsSayAndTheHistoryKeepsTheFailedNames() {
        Build build = build("b1", FAILED, 10, "CartTest.addsTax", "CartTest.roundsDown");

        Tests tests = handle(build).notification().orElseThrow().tests();

        assertEquals(new Tests(Tests.State.READY, 100, 98, 2, 0, List.of(new TestCase("CartTest.addsTax", "expected 1",
                true), new TestCase("CartTest.roundsDown", "expected 1", true)), 0, 80.0), tests);
        assertEquals(List.of("CartTest.addsTax", "CartTest.roundsDown"),
                world.store.entriesOf("widgets:pr/7", world.deadline).get(0).failedTests());
        assertEquals(List.of(tests), world.messenger.posts().stream().map(p -> p.notification().tests()).distinct()
                .toList(), "what every recipient gets");
    }

    @Test
    void aQuietBuildNeverAsksForItsReports() {
        handle(build("b1", FAILED, 10, "CartTest.addsTax"));
        handle(build("b2", SUCCEEDED, 20));
        Build quiet = build("b3", SUCCEEDED, 30);

        Outcome.Recorded recorded = handle(quiet);

        assertEquals(false, recorded.decision().notifies(), recorded.summary());
        assertEquals(List.of("widgets:b1", "widgets:b2"), world.reports.reads().stream()
                .map(arn -> arn.substring(arn.indexOf("build/") + 6)).toList());
    }

    @Test
    void failuresNewSinceThePreviousBuildComeFirstAndAtMostFiveAreNamed() {
        world.overrides(java.util.Map.of("release", NotifyStrategy.EVERY_BUILD)); // failing again notifies
        world.git.pullRequest("7", "release");
        handle(build("b1", FAILED, 10, "A.old1", "A.old2"));
        String[] now = IntStream.range(0, 6).mapToObj(i -> "B.new" + i).toArray(String[]::new);
        String[] failed = java.util.stream.Stream.concat(java.util.stream.Stream.of("A.old1"),
                java.util.Arrays.stream(now)).toArray(String[]::new);

        Tests tests = handle(build("b2", FAILED, 20, failed)).notification().orElseThrow().tests();

        assertEquals(List.of("B.new0", "B.new1", "B.new2", "B.new3", "B.new4"),
                tests.failures().stream().map(TestCase::name).toList());
        assertEquals(List.of(true, true, true, true, true), tests.failures().stream().map(TestCase::isNew).toList());
        assertEquals(2, tests.moreFailures(), "B.new5 and A.old1");
    }

    @Test
    void reportsThatAreNotReadyNeverStopTheNotification() {
        Build build = build("b1", FAILED, 10, "CartTest.addsTax");
        world.reports.notReady(build.arn());

        Outcome.Recorded recorded = handle(build);

        assertEquals(Tests.notReady(), recorded.notification().orElseThrow().tests());
        assertEquals(2, world.messenger.posts().size(), "Ada and Grace");
        assertEquals(List.of(), world.store.entriesOf("widgets:pr/7", world.deadline).get(0).failedTests());
    }
}
