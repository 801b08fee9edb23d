package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.chain.Pipelines.Action;
import io.codebuildnotifier.chain.Pipelines.ActionRun;
import io.codebuildnotifier.chain.Pipelines.ActionState;
import io.codebuildnotifier.chain.Pipelines.Definition;
import io.codebuildnotifier.chain.Pipelines.Execution;
import io.codebuildnotifier.chain.Pipelines.SourceRevision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Pipelines} answers: a pipeline's actions stage by stage with their settings and outputs; an
 * execution's trigger and source revisions; an execution's action runs newest first, and the pipeline's latest
 * ones up to a limit; each action's latest state with its stage's execution; the account's pipelines. A pipeline
 * or an execution it does not know is empty, never an exception.
 */
public abstract class PipelinesContract {

    /** The pipelines under test, and a way to make CodePipeline say something. */
    public interface Subject {
        Pipelines pipelines();

        void put(Definition definition);

        /** An execution, without times (GetPipelineExecution has none). */
        void put(String pipeline, Execution execution);

        /** The pipeline's action runs, newest first. */
        void runs(String pipeline, List<ActionRun> runs);

        /** The pipeline's state, stage by stage (each stage's actions together, with the same stage execution). */
        void state(String pipeline, List<ActionState> state);
    }

    protected abstract Subject newSubject();

    private Subject subject;
    private String pipeline;

    @BeforeEach
    void open() {
        subject = newSubject();
        pipeline = "web-release-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

    private Definition definition() {
        return new Definition(pipeline, List.of(
                new Action("Source", "Checkout", "Source", "CodeStarSourceConnection",
                        Map.of("FullRepositoryId", "acme/widgets", "BranchName", "main",
                                "ConnectionArn", "arn:aws:codeconnections:us-east-1:123456789012:connection/x"),
                        List.of("SourceArtifact")),
                new Action("Build", "Build", "Build", "CodeBuild", Map.of("ProjectName", "widgets-ci"),
                        List.of("BuildArtifact")),
                new Action("Prod", "ApproveRelease", "Approval", "Manual",
                        Map.of("CustomData", "Check the staging site", "ExternalEntityLink", "https://staging.example.com"),
                        List.of(), java.time.Duration.ofMinutes(60)),
                new Action("Prod", "Deploy", "Deploy", "CodeDeploy",
                        Map.of("ApplicationName", "web", "DeploymentGroupName", "prod"), List.of())));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aPipelineItDoesNotKnowIsEmpty() {
        Pipelines pipelines = subject.pipelines();
        assertEquals(Optional.empty(), pipelines.definition(pipeline, deadline()));
        assertEquals(Optional.empty(), pipelines.execution(pipeline, id(), deadline()));
        assertEquals(List.of(), pipelines.actionRuns(pipeline, id(), deadline()));
        assertEquals(List.of(), pipelines.recentActionRuns(pipeline, 5, deadline()));
        assertEquals(List.of(), pipelines.state(pipeline, deadline()));
    }

    @Test
    void aDefinitionHasItsActionsStageByStage() {
        subject.put(definition());

        Definition read = subject.pipelines().definition(pipeline, deadline()).orElseThrow();

        assertEquals(definition(), read);
        assertEquals("Checkout", read.sourceOf("SourceArtifact").orElseThrow().name());
        assertEquals("Check the staging site", read.action("Prod", "ApproveRelease").orElseThrow()
                .setting("CustomData").orElseThrow());
        assertEquals(Optional.of(java.time.Duration.ofMinutes(60)), read.action("Prod", "ApproveRelease").orElseThrow()
                .declaredTimeout(), "timeoutInMinutes");
        assertEquals(Optional.empty(), read.action("Prod", "Deploy").orElseThrow().declaredTimeout(),
                "an action that declares none");
    }

    @Test
    void anExecutionHasItsTriggerAndSourceRevisions() {
        subject.put(definition());
        String id = id();
        Execution execution = new Execution(id, "Failed", "Webhook",
                "arn:aws:codeconnections:us-east-1:123456789012:connection/x", null, null,
                List.of(new SourceRevision("SourceArtifact", "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c",
                        "Add widget size validation",
                        "https://github.com/acme/widgets/commit/c2199841d037cb5ae3fe3c263bd4834b4d2ac81c")));
        subject.put(pipeline, execution);

        assertEquals(Optional.of(execution), subject.pipelines().execution(pipeline, id, deadline()));
        assertEquals(Optional.empty(), subject.pipelines().execution(pipeline, id(), deadline()),
                "another execution of a pipeline it knows");
    }

    private ActionRun run(String execution, String stage, String action, String status, int minute) {
        return new ActionRun(execution, stage, action, "Build", "CodeBuild", status, T0.plusSeconds(60L * minute),
                T0.plusSeconds(60L * minute + 30), "widgets-ci:" + UUID.nameUUIDFromBytes(
                (execution + action).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "https://console.aws.amazon.com/codebuild/x", status.equals("Failed") ? "Build failed: exit status 1" : "",
                status.equals("Failed") ? "JobFailed" : "", "", "",
                status.equals("Failed") ? "Build terminated with state: FAILED. Phase: BUILD" : "");
    }

    @Test
    void aFailedRunHasItsErrorsCodeAndMessageApartFromItsSummary() {
        subject.put(definition());
        String execution = id();
        subject.put(pipeline, new Execution(execution, "Failed", "", "", null, null, List.of()));
        ActionRun deploy = new ActionRun(execution, "Prod", "Deploy", "Deploy", "CodeDeploy", "Failed",
                T0, T0.plusSeconds(300), "d-7XK2P9Q4R", "", "", "JobFailed", "",
                "e6b2ec6e-3c17-4f16-81d9-b9f860b3de25",
                "The overall deployment failed because too many individual instances failed deployment");
        subject.runs(pipeline, List.of(deploy));

        ActionRun read = subject.pipelines().actionRuns(pipeline, execution, deadline()).getFirst();
        assertEquals(deploy, read);
        assertEquals("The overall deployment failed because too many individual instances failed deployment",
                read.failure(), "the error's message, with no summary to fall back on");
    }

    @Test
    void anExecutionsActionRunsComeNewestFirstAndOnlyItsOwn() {
        subject.put(definition());
        String first = id();
        String second = id();
        subject.put(pipeline, new Execution(first, "Succeeded", "", "", null, null, List.of()));
        subject.put(pipeline, new Execution(second, "Failed", "", "", null, null, List.of()));
        ActionRun approval = new ActionRun(first, "Prod", "ApproveRelease", "Approval", "Manual", "Succeeded",
                T0.plusSeconds(600), T0.plusSeconds(900), "", "", "Looks good", "",
                "arn:aws:iam::123456789012:user/jane", "0120b0c8-234e-44ee-8ae9-824453426c18");
        List<ActionRun> newestFirst = List.of(run(second, "Build", "Build", "Failed", 20),
                run(second, "Source", "Checkout", "Succeeded", 19), approval, run(first, "Build", "Build", "Succeeded", 2),
                run(first, "Source", "Checkout", "Succeeded", 1));
        subject.runs(pipeline, newestFirst);

        assertEquals(List.of(newestFirst.get(0), newestFirst.get(1)),
                subject.pipelines().actionRuns(pipeline, second, deadline()));
        assertEquals(newestFirst.subList(2, 5), subject.pipelines().actionRuns(pipeline, first, deadline()));
        assertEquals(newestFirst.subList(0, 3), subject.pipelines().recentActionRuns(pipeline, 3, deadline()));
        assertEquals(List.of(), subject.pipelines().actionRuns(pipeline, id(), deadline()),
                "an execution it does not know");
    }

    @Test
    void manyActionRunsAreReadOverSeveralPages() {
        subject.put(definition());
        String execution = id();
        subject.put(pipeline, new Execution(execution, "Succeeded", "", "", null, null, List.of()));
        List<ActionRun> runs = IntStream.range(0, 130).mapToObj(i -> run(execution, "Build", "Build" + (129 - i),
                "Succeeded", 129 - i)).toList();
        subject.runs(pipeline, runs);

        assertEquals(runs, subject.pipelines().actionRuns(pipeline, execution, deadline()));
        assertEquals(runs.subList(0, 120), subject.pipelines().recentActionRuns(pipeline, 120, deadline()));
    }

    @Test
    void theStateHasEachActionsLatestExecutionWithItsStagesExecution() {
        subject.put(definition());
        String running = id();
        List<ActionState> state = List.of(
                new ActionState("Source", "Checkout", running, "Succeeded", "", "", "", T0),
                new ActionState("Build", "Build", running, "Succeeded", "", "", "", T0.plusSeconds(60)),
                new ActionState("Prod", "ApproveRelease", running, "InProgress", "6f2b4e1a-0c3d-4b5e-9f60-7a8b9c0d1e2f",
                        "", "", T0.plusSeconds(120), "4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a"),
                new ActionState("Prod", "Deploy", running, "", "", "", "", null));
        subject.state(pipeline, state);

        assertEquals(state, subject.pipelines().state(pipeline, deadline()));
    }

    @Test
    void theAccountsPipelinesAreListedByName() {
        List<String> names = List.of(pipeline + "-a", pipeline + "-b", pipeline + "-c");
        for (String name : names) {
            subject.put(new Definition(name, List.of()));
        }

        List<String> listed = subject.pipelines().names(deadline());

        assertTrue(listed.containsAll(names), listed.toString());
    }
}
