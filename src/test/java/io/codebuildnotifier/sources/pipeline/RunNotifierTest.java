package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.notification.Durations;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.NOW;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.runEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunNotifierTest {
    final PipelineFixture f = new PipelineFixture();
    static final String FAILED = "0d8f2b4c-1e3a-4c5b-8d7e-9f0a1b2c3d4e";
    static final String FIXED = "1e9a3c5d-2f4b-4d6c-9e8f-0a1b2c3d4e5f";
    static final String AGAIN = "2f0b4d6e-3a5c-4e7d-8f9a-1b2c3d4e5f60";

    private Outcome handle(String execution, String state, int minute) {
        return handle(execution, state, minute, "inv-" + execution + state);
    }

    private Outcome handle(String execution, String state, int minute, String invocation) {
        return f.runNotifier().handle(runEvent(execution, state, NOW.plusSeconds(60L * minute)),
                f.invocation(invocation));
    }

    private void failedRun() {
        f.execution(FAILED, "Failed");
        f.run(FAILED, "Source", "Checkout", "Succeeded", 0, 1, "", "");
        f.run(FAILED, "Build", "Build", "Failed", 1, 5, "Build terminated with state: FAILED. Phase: BUILD", "JobFailed");
    }

    @Test
    void aFailedRunNamesTheFailingStageAndActionAndTellsTheChannelAndTheCommitsPeople() {
        failedRun();

        Outcome outcome = handle(FAILED, "FAILED", 0);

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals("pipeline:web-release/" + FAILED, told.subject());
        assertEquals(List.of("U1", "U2", "#deploys"), f.messenger.deliveredTo(), "author, committer, channel");
        Notification n = f.messenger.posts().getLast().notification();
        assertEquals(Notification.Kind.PIPELINE_RUN, n.kind());
        assertEquals(Notification.Severity.FAILURE, n.severity());
        assertEquals("web-release failed at Build / Build", n.title());
        assertEquals("failed", n.factOrEmpty(FactKey.STATUS));
        assertEquals("Build / Build", n.factOrEmpty(FactKey.FAILED_ACTION));
        assertEquals("Build terminated with state: FAILED. Phase: BUILD", n.factOrEmpty(FactKey.ERROR));
        assertEquals("JobFailed", n.factOrEmpty(FactKey.ERROR_CODE));
        assertEquals("5m 00s", n.factOrEmpty(FactKey.DURATION), "its first action's start to its last's update");
        assertEquals("a push to the source (webhook)", n.factOrEmpty(FactKey.TRIGGER));
        Notification.Revision revision = n.changes().commits().getFirst();
        assertEquals("Ada", revision.author());
        assertEquals("Add widget size validation", revision.subject());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/web-release/executions/"
                + FAILED + "/timeline?region=us-east-1", n.link(LinkKey.CONSOLE).orElseThrow().url());
        assertEquals("codepipeline_execution", n.metadata().eventType());
        assertEquals("Build", n.metadata().payload().get("failed_action"));
        assertEquals(300L, n.metadata().payload().get("duration_seconds"));
    }

    @Test
    void aFailuresErrorIsItsErrorMessageBeforeItsSummary() {
        f.execution(FAILED, "Failed");
        f.run(FAILED, "Source", "Checkout", "Succeeded", 0, 1, "", "");
        f.pipelines.put(PipelineFixture.PIPELINE, new Pipelines.ActionRun(FAILED, "Deploy", "Deploy", "Deploy",
                "CodeDeploy", "Failed", NOW.minusSeconds(3000), NOW.minusSeconds(2700), "d-7XK2P9Q4R", "",
                "Deployment failed", "JobFailed", "", "e6b2ec6e-3c17-4f16-81d9-b9f860b3de25",
                "The overall deployment failed because too many individual instances failed deployment"));

        handle(FAILED, "FAILED", 0);

        Notification n = f.messenger.posts().getLast().notification();
        assertEquals("The overall deployment failed because too many individual instances failed deployment",
                n.factOrEmpty(FactKey.ERROR), "errorDetails.message, where CodePipeline says why");
        assertEquals("The overall deployment failed because too many individual instances failed deployment",
                n.metadata().payload().get("error"));
        assertEquals("JobFailed", n.factOrEmpty(FactKey.ERROR_CODE));
    }

    @Test
    void theFirstSuccessAfterAFailureIsToldAndTheNextIsNot() {
        failedRun();
        handle(FAILED, "FAILED", 0);
        f.execution(FIXED, "Succeeded");
        f.execution(AGAIN, "Succeeded");

        Outcome fixed = handle(FIXED, "SUCCEEDED", 10);
        Outcome again = handle(AGAIN, "SUCCEEDED", 20);

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, fixed, fixed.summary());
        assertTrue(told.decision().notifies(), fixed.summary());
        assertEquals("fail_or_status_change: status changed", told.decision().reason());
        assertEquals(List.of("U1", "U2", "#deploys", "#deploys"), f.messenger.deliveredTo(),
                "a success goes to the channel only");
        assertEquals("web-release succeeded", f.messenger.posts().getLast().notification().title());
        Outcome.Told quiet = assertInstanceOf(Outcome.Told.class, again, again.summary());
        assertFalse(quiet.decision().notifies());
        assertEquals("fail_or_status_change: passed, status unchanged", quiet.decision().reason());
    }

    @Test
    void aStoppedOrSupersededRunIsNeitherAPassNorAFailure() {
        Outcome stopped = handle(FAILED, "STOPPED", 0);
        Outcome.Told told = assertInstanceOf(Outcome.Told.class, stopped, stopped.summary());
        assertFalse(told.decision().notifies());
        assertEquals(Optional.empty(), f.runs.latest("web-release", f.deadline));

        f.strategy = NotifyStrategy.EVERY_BUILD;
        f.execution(FIXED, "Superseded");
        handle(FIXED, "SUPERSEDED", 5);
        assertEquals("web-release was superseded by a newer execution",
                f.messenger.posts().getLast().notification().title());
    }

    @Test
    void aCommitTheHostCannotReadIsShownWithoutItsAuthor() {
        String unknown = "ffffffffffffffffffffffffffffffffffffffff";
        f.execution(FAILED, "Failed", unknown);
        f.run(FAILED, "Build", "Build", "Failed", 1, 5, "boom", "");

        Outcome outcome = handle(FAILED, "FAILED", 0);

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals(List.of("#deploys"), f.messenger.deliveredTo());
        assertEquals("", f.messenger.posts().getLast().notification().changes().commits().getFirst().author());
    }

    @Test
    void withoutAChannelAFailureStillReachesItsAuthorsAndASuccessReachesNobody() {
        f.routes = new ChannelRoutes(List.of(), Optional.empty());
        failedRun();

        handle(FAILED, "FAILED", 0);
        assertEquals(List.of("U1", "U2"), f.messenger.deliveredTo());

        f.execution(FIXED, "Succeeded");
        Outcome fixed = handle(FIXED, "SUCCEEDED", 10);
        Outcome.Told told = assertInstanceOf(Outcome.Told.class, fixed, fixed.summary());
        assertFalse(told.decision().notifies());
        assertTrue(fixed.summary().contains("no channel for runs of web-release"), fixed.summary());
    }

    @Test
    void aRetryAfterAChatFailureHalfWaySendsOnlyWhatIsMissingAndDecidesAlike() {
        f.execution(FIXED, "Succeeded");
        handle(FIXED, "SUCCEEDED", -10);
        failedRun();
        f.messenger.unreachable("#deploys");

        assertThrows(TransientFailure.class, () -> handle(FAILED, "FAILED", 0, "inv-1"));
        f.messenger.heal();
        Outcome retried = handle(FAILED, "FAILED", 0, "inv-1");

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, retried, retried.summary());
        assertEquals("fail_or_status_change: run failed", told.decision().reason());
        assertEquals(List.of("#deploys", "U1", "U2", "#deploys", "#deploys"), f.messenger.destinations(),
                "the first success, then the DMs and the channel that failed, then only the channel");
        assertEquals(List.of("#deploys", "U1", "U2", "#deploys"), f.messenger.deliveredTo());
        assertEquals(FIXED, f.runs.latest("web-release", f.deadline).orElseThrow().previous().orElseThrow()
                .executionId(), "recorded once");
        Outcome duplicate = handle(FAILED, "FAILED", 0, "inv-2");
        assertInstanceOf(Outcome.Duplicate.class, duplicate, duplicate.summary());
    }

    @Test
    void aLateEventOfAnOlderRunChangesNothingRecorded() {
        f.execution(FIXED, "Succeeded");
        handle(FIXED, "SUCCEEDED", 10);
        failedRun();

        Outcome late = handle(FAILED, "FAILED", 0);

        assertInstanceOf(Outcome.Told.class, late, late.summary());
        assertEquals(FIXED, f.runs.latest("web-release", f.deadline).orElseThrow().run().executionId());
    }

    @Test
    void aConnectionToAnotherHostIsNotAskedOfGitHub() {
        f.pipelines.put(PipelineFixture.PIPELINE, new io.codebuildnotifier.chain.Pipelines.Execution(FAILED, "Failed",
                "Webhook", "", null, null, List.of(new io.codebuildnotifier.chain.Pipelines.SourceRevision(
                "SourceArtifact", PipelineFixture.SHA, "Add widget size validation",
                "https://bitbucket.org/acme/widgets/commits/" + PipelineFixture.SHA))));
        f.run(FAILED, "Build", "Build", "Failed", 1, 5, "boom", "");

        handle(FAILED, "FAILED", 0);

        assertEquals(List.of("#deploys"), f.messenger.deliveredTo());
        assertEquals(List.of(), f.git.calls());
        assertEquals(Optional.of("github.com"), io.codebuildnotifier.chain.Pipelines.hostOf("https://github.com/acme/widgets/commit/abc"));
        assertEquals(Optional.empty(), io.codebuildnotifier.chain.Pipelines.hostOf("https://us-east-1.console.aws.amazon.com/codesuite/settings/"
                + "connections/redirect?connectionArn=x"));
    }

    @Test
    void anExecutionThatIsNotFinishedIsIgnored() {
        Outcome outcome = handle(FAILED, "STARTED", 0);
        assertInstanceOf(Outcome.Ignored.class, outcome, outcome.summary());
        assertEquals(0, f.pipelines.calls());
    }

    @Test
    void triggersAndDurationsReadAsWords() {
        assertEquals("started by jane", RunNotifier.trigger("StartPipelineExecution",
                "arn:aws:iam::123456789012:user/jane"));
        assertEquals("a source change (EventBridge rule web-release-on-push)", RunNotifier.trigger("CloudWatchEvent",
                "arn:aws:events:us-east-1:123456789012:rule/web-release-on-push"));
        assertEquals("a source change (polling)", RunNotifier.trigger("PollForSourceChanges", ""));
        assertEquals("", RunNotifier.trigger("", ""));
        assertEquals("12s", Durations.inWords(Duration.ofSeconds(12)));
        assertEquals("4m 05s", Durations.inWords(Duration.ofSeconds(245)));
        assertEquals("1h 02m", Durations.inWords(Duration.ofMinutes(62)));
    }
}
