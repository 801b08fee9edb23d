package io.codebuildnotifier.bench;

import io.codebuildnotifier.function.EventsHandler;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One event of each kind through one instance of the real handler, recording the remote calls each
 * makes. The instance's first invocation is measured on its own ({@link #FIRST}); every other kind is
 * measured on the same instance afterwards (warm), after whatever events it needs before it (the
 * earlier build of a PR, the event to repeat), whose calls are not counted. Everyone involved is
 * author p0, who is also the author of the first invocation's commit, except in
 * {@link #NEW_AUTHOR}.
 *
 * <p>Shared by {@link CallCountTest} (exact counts) and {@link Benchmark} (the printed table).
 */
final class CallScenarios {
    static final String START = "instance start, before any event";
    static final String FIRST = "first invocation of an instance: PR failure notified (1 recipient)";
    static final String PR_FAILURE = "PR failure notified (1 recipient)";
    static final String NEW_AUTHOR = "PR failure notified, author new to the instance";
    static final String PR_FAILURE_REPORTS = "PR failure notified, with test reports (3 of 120 failed, coverage)";
    static final String PR_PASS = "PR pass not notified";
    static final String PR_PASS_REPORTS = "PR pass not notified, with a test report";
    static final String SKIPPED_PUSH = "skipped branch push";
    static final String RETRY = "retry of a known commit (failed, then passes: notified)";
    static final String DUPLICATE = "duplicate event";
    static final List<String> KINDS = List.of(START, FIRST, PR_FAILURE, PR_FAILURE_REPORTS, NEW_AUTHOR, PR_PASS,
            PR_PASS_REPORTS, SKIPPED_PUSH, RETRY, DUPLICATE);

    /** What one event did: the handler's outcome and the calls it made. */
    record Measured(String kind, Outcome outcome, List<Sandbox.Call> calls) {
        Map<String, Integer> counts() {
            return BenchWorld.count(calls);
        }

        /** How the outcome reads in a table: recorded and notified to n, recorded quietly, skipped, duplicate. */
        String result() {
            if (outcome == null) {
                return "-";
            }
            if (outcome instanceof Outcome.Recorded recorded) {
                return recorded.decision().notifies()
                        ? "notified, " + recorded.deliveries().size() + " message(s)" : "recorded, not notified";
            }
            return outcome.getClass().getSimpleName().toLowerCase();
        }
    }

    private final BenchWorld world;
    private final Map<String, String> settings;
    private EventsHandler handler;
    private final String repo = "widgets";
    private long clock = 1_790_000_000L;
    private int builds;

    private CallScenarios(BenchWorld world) {
        this.world = world;
        this.settings = world.settings("calls");
    }

    /** Runs every kind, in {@link #KINDS} order, on fresh tables and one new handler instance. */
    static List<Measured> run(BenchWorld world) {
        return new CallScenarios(world).all();
    }

    private List<Measured> all() {
        List<Measured> measured = new ArrayList<>();
        // what the instance does while it starts (Lambda's init phase), before it sees an event
        world.sandbox.clearRecordings();
        handler = BenchWorld.handler(settings);
        measured.add(new Measured(START, null, world.sandbox.calls()));
        // the instance's first invocation
        measured.add(measure(FIRST, newBuild("pr/1", 0, "FAILED")));

        measured.add(measure(PR_FAILURE, newBuild("pr/2", 0, "FAILED")));

        // the recorded reports of build #41: a JUnit report with 3 failed cases (one page) and a coverage report
        measured.add(measure(PR_FAILURE_REPORTS, newBuild("pr/7", 0, "FAILED", BenchWorld.REPORTS_41)));

        measured.add(measure(NEW_AUTHOR, newBuild("pr/3", 1, "FAILED")));

        prepare(newBuild("pr/4", 0, "SUCCEEDED")); // the first build of pr/4 passed (and was notified)
        measured.add(measure(PR_PASS, newBuild("pr/4", 0, "SUCCEEDED")));

        prepare(newBuild("pr/8", 0, "SUCCEEDED", BenchWorld.REPORTS_42));
        measured.add(measure(PR_PASS_REPORTS, newBuild("pr/8", 0, "SUCCEEDED", BenchWorld.REPORTS_42)));

        // a push webhook build: source version is the commit, which is not the head of main (nor of master)
        String pushed = BenchWorld.sha("pushed to a feature branch " + clock);
        world.commit(repo, pushed, 0, 0, "Work in progress on a feature branch");
        measured.add(measure(SKIPPED_PUSH, build(pushed, pushed, "SUCCEEDED")));

        String[] failed = newBuild("pr/5", 0, "FAILED");
        prepare(failed);
        measured.add(measure(RETRY, build("pr/5", failed[2], "SUCCEEDED")));

        String[] once = newBuild("pr/6", 0, "FAILED");
        prepare(once);
        measured.add(measure(DUPLICATE, once));
        return measured;
    }

    /** A build of a new commit by {@code author}; returns {event, kind of source version, sha}. */
    private String[] newBuild(String sourceVersion, int author, String status, String... reportArns) {
        String sha = BenchWorld.sha("scenario commit " + (++builds) + " " + clock);
        world.commit(repo, sha, author, author, "Change number " + builds);
        return build(sourceVersion, sha, status, reportArns);
    }

    private String[] build(String sourceVersion, String sha, String status, String... reportArns) {
        clock += 600;
        String arn = world.build(repo, sourceVersion, sha, clock, status, "scenario build " + (++builds) + " " + clock,
                reportArns);
        return new String[] {world.event(arn, status, sourceVersion), sourceVersion, sha};
    }

    private void prepare(String[] build) {
        BenchWorld.deliver(handler, build[0]);
    }

    private Measured measure(String kind, String[] build) {
        world.sandbox.clearRecordings();
        Outcome outcome = BenchWorld.deliver(handler, build[0]);
        List<Sandbox.Call> calls = world.sandbox.calls();
        world.sandbox.clearRecordings();
        return new Measured(kind, outcome, calls);
    }
}
