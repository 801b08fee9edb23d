package io.codebuildnotifier.sources.pipeline;

import static io.codebuildnotifier.sources.pipeline.PipelineFixture.NOW;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.PIPELINE;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.REGION;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.SHA;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.runEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.NewlyShipped;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * "Your commit is live" for pipelines on the test kit's fakes: the fixture's {@code web-release} ends with the stage
 * {@code Prod} (an approval, then a CodeDeploy action deploying {@code web/prod}).
 */
class DeployedRunsTest {
    static final String FIRST = "1e9a3c5d-2f4b-4d6c-9e8f-0a1b2c3d4e5f";
    static final String SECOND = "2f0b4d6e-3a5c-4e7d-8f9a-1b2c3d4e5f60";
    static final String THIRD = "3a1c5e7f-4b6d-4f8e-9a0b-2c3d4e5f6071";
    /** Three commits after the fixture's {@link PipelineFixture#SHA} (Ada's): Grace's, Ada's, Grace's. */
    static final String SHA_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String SHA_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String SHA_C = "cccccccccccccccccccccccccccccccccccccccc";

    final PipelineFixture f = new PipelineFixture();

    DeployedRunsTest() {
        f.git.commit(new Commit(SHA_A, "Grace", "grace@example.com", "Grace", "grace@example.com", "Add the cart"))
                .commit(new Commit(SHA_B, "Ada", "ada@example.com", "GitHub", "noreply@github.com", "Total the cart"))
                .commit(new Commit(SHA_C, "Grace", "grace@example.com", "Grace", "grace@example.com", "Pay for it"))
                .line(SHA_C, SHA_B, SHA_A, SHA);
    }

    /** A succeeded execution that shipped {@code sha}, its actions run from minute 0 to {@code minutes}. */
    private Outcome succeeded(String execution, String sha, int minutes) {
        f.execution(execution, "Succeeded", sha);
        f.run(execution, "Source", "Checkout", "Succeeded", 0, 1, "", "");
        f.run(execution, "Prod", "Deploy", "Succeeded", 2, minutes, "", "");
        return f.runNotifier().handle(runEvent(execution, "SUCCEEDED", NOW.plusSeconds(60L * minutes)),
                f.invocation("inv-" + execution));
    }

    private List<RecordingMessenger.Post> dms() {
        return f.messenger.posts().stream().filter(p -> p.destination().startsWith("U")).toList();
    }

    @Test
    void theAuthorsOfTheCommitsAnExecutionMadeLiveAreToldOnlyTheNewOnesWhateverTheStrategySays() {
        f.deployedDm = List.of("web-release");

        Outcome first = succeeded(FIRST, SHA, 12);

        assertTrue(first.summary().contains("1 commit newly live through web-release"), first.summary());
        assertEquals(List.of("#deploys", "U1"), f.messenger.deliveredTo(), "the run's message, then its author's");
        Notification live = dms().getFirst().notification();
        assertEquals(Notification.Kind.DEPLOYED, live.kind());
        assertEquals("Your commit c219984 is live in web-release, deployed in 12m 00s", live.title());
        assertEquals(PIPELINE, live.factOrEmpty(FactKey.PIPELINE));
        assertEquals(FIRST, live.factOrEmpty(FactKey.EXECUTION_ID));
        assertEquals("Prod", live.factOrEmpty(FactKey.STAGE));
        assertEquals("Deploy (CodeDeploy)", live.factOrEmpty(FactKey.ACTION));
        assertEquals(List.of("Ada"), live.people().stream().map(Notification.Person::name).toList(),
                "the author, not the committer");
        assertEquals("https://github.com/acme/widgets/commit/" + SHA, live.changes().commits().getFirst().url());
        assertEquals("codepipeline_execution", live.metadata().eventType());
        assertEquals("Prod", live.metadata().payload().get("deploy_stage"));
        assertEquals(720L, live.metadata().payload().get("duration_seconds"));
        assertEquals(SHA, f.shipments.last("pipeline:web-release", f.deadline).orElseThrow().headOf(
                "https://github.com/acme/widgets").orElseThrow());

        // three commits later; the strategy keeps the channel quiet (passed, unchanged), the authors still hear
        Outcome second = succeeded(SECOND, SHA_C, 15);
        List<RecordingMessenger.Post> dms = dms().subList(1, dms().size());
        assertEquals(List.of("U2", "U1"), dms.stream().map(RecordingMessenger.Post::destination).toList(),
                second.summary());
        assertEquals(List.of("#deploys", "U1", "U2", "U1"), f.messenger.deliveredTo(), "no second channel message");
        Notification three = dms.getFirst().notification();
        assertEquals("Your commits ccccccc, bbbbbbb, aaaaaaa are live in web-release, deployed in 15m 00s",
                three.title());
        assertEquals(List.of(SHA_C, SHA_B, SHA_A), three.changes().commits().stream()
                .map(Notification.Revision::sha).toList(), "not the previous execution's head");
        assertEquals(List.of("Grace", "Ada", "Grace"), three.changes().commits().stream()
                .map(Notification.Revision::author).toList());
        assertEquals(3, ((List<?>) three.metadata().payload().get("new_commits")).size());

        // the same event again: nobody again; the same head shipped again: nothing new is live
        Outcome again = f.runNotifier().handle(runEvent(SECOND, "SUCCEEDED", NOW.plusSeconds(900)),
                f.invocation("inv-again"));
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        int sent = f.messenger.posts().size();
        succeeded(THIRD, SHA_C, 20);
        assertEquals(sent, f.messenger.posts().size());
        assertEquals(THIRD, f.shipments.last("pipeline:web-release", f.deadline).orElseThrow().by());
    }

    @Test
    void aPipelineTheSettingDoesNotNameTellsNoAuthorAndClaimsNothing() {
        f.deployedDm = List.of("web/staging", "docs-*");
        succeeded(FIRST, SHA, 12);
        assertEquals(List.of("#deploys"), f.messenger.deliveredTo());
        assertEquals(Optional.empty(), f.shipments.last("pipeline:web-release", f.deadline));
        assertTrue(f.store.find(new io.codebuildnotifier.notification.NotificationKey("deployed:pipeline:web-release/"
                + FIRST), f.deadline).isEmpty(), "no marker for it");
    }

    @Test
    void aFailedRunTellsNoAuthorItsCommitIsLive() {
        f.deployedDm = List.of("*");
        f.execution(FIRST, "Failed");
        f.run(FIRST, "Prod", "Deploy", "Failed", 1, 5, "boom", "JobFailed");
        f.runNotifier().handle(runEvent(FIRST, "FAILED", NOW), f.invocation("inv-1"));
        assertTrue(dms().stream().noneMatch(p -> p.notification().kind() == Notification.Kind.DEPLOYED));
    }

    @Test
    void aLastStageThatDoesNotDeployTellsNobody() {
        f.deployedDm = List.of("web-release");
        f.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(
                new Pipelines.Action("Source", "Checkout", "Source", "CodeStarSourceConnection",
                        Map.of("FullRepositoryId", "acme/widgets", "BranchName", "main"), List.of("SourceArtifact")),
                new Pipelines.Action("Deploy", "Deploy", "Deploy", "ECS", Map.of("ClusterName", "web")),
                new Pipelines.Action("Verify", "Smoke", "Test", "CodeBuild", Map.of("ProjectName", "smoke")))));

        Outcome outcome = deployedRuns().announce(runEvent(FIRST, "SUCCEEDED", NOW), REGION, NOW, f.invocation("i"));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertFalse(told.decision().notifies());
        assertEquals("web-release's last stage (Verify) does not deploy", told.decision().reason());
    }

    @Test
    void anyProviderDeploys() {
        f.deployedDm = List.of("web-*");
        f.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(
                new Pipelines.Action("Source", "Checkout", "Source", "CodeStarSourceConnection",
                        Map.of("FullRepositoryId", "acme/widgets", "BranchName", "main"), List.of("SourceArtifact")),
                new Pipelines.Action("Prod", "Service", "Deploy", "ECS", Map.of("ClusterName", "web")),
                new Pipelines.Action("Prod", "Assets", "Deploy", "S3", Map.of("BucketName", "web-assets")))));

        succeeded(FIRST, SHA, 7);

        Notification live = dms().getFirst().notification();
        assertEquals("Service (ECS), Assets (S3)", live.factOrEmpty(FactKey.ACTION));
    }

    @Test
    void whenTheSettingNamesTheCodeDeployGroupTooTheDeploymentTellsTheAuthorsAndTheExecutionDoesNot() {
        List<List<String>> settings = List.of(List.of("*"), List.of("web-release", "web/prod"),
                List.of("web-release", "prod"));
        for (List<String> setting : settings) {
            f.deployedDm = setting;
            Outcome outcome = deployedRuns().announce(runEvent(FIRST + settings.indexOf(setting), "SUCCEEDED", NOW),
                    REGION, NOW,
                    f.invocation("inv-" + setting));
            Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
            assertEquals("the deployment of web/prod tells the authors (CBN_DEPLOYED_DM names the deployment group too)",
                    told.decision().reason(), setting.toString());
        }
        assertEquals(List.of(), f.messenger.posts());
        assertEquals(Optional.empty(), f.shipments.last("pipeline:web-release", f.deadline),
                "the deployment group's shipments move on, not the pipeline's");
    }

    @Test
    void aRetryAfterAChatFailureHalfWaySendsOnlyTheMissingMessageAndThenMovesTheShipmentOn() {
        f.deployedDm = List.of("web-release");
        succeeded(FIRST, SHA_A, 3); // Grace's commit
        f.messenger.unreachable("U1");

        f.execution(SECOND, "Succeeded", SHA_C);
        f.run(SECOND, "Prod", "Deploy", "Succeeded", 2, 9, "", "");
        assertThrows(TransientFailure.class, () -> f.runNotifier().handle(runEvent(SECOND, "SUCCEEDED",
                NOW.plusSeconds(540)), f.invocation("inv-1")));
        assertEquals(SHA_A, f.shipments.last("pipeline:web-release", f.deadline).orElseThrow().heads().getFirst()
                .commit(), "not moved on before everyone is told");
        f.messenger.heal();
        Outcome retried = f.runNotifier().handle(runEvent(SECOND, "SUCCEEDED", NOW.plusSeconds(540)),
                f.invocation("inv-1"));

        assertEquals(List.of("#deploys", "U2", "U2", "U1"), f.messenger.deliveredTo(),
                "Grace's first, then Grace's second (before Slack failed on Ada's), then only Ada's: "
                        + retried.summary());
        assertEquals(SHA_C, f.shipments.last("pipeline:web-release", f.deadline).orElseThrow().heads().getFirst()
                .commit());
    }

    private DeployedRuns deployedRuns() {
        return new DeployedRuns(f.pipelines, new NewlyShipped(f.git, f.shipments),
                new NewlyShipped.Targets(f.deployedDm), f.announcer(), f.clock);
    }
}
