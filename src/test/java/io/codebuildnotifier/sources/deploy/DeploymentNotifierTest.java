package io.codebuildnotifier.sources.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.ImmediateQueue;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDeployments;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryGitHost;
import io.codebuildnotifier.testkit.InMemoryNotices;
import io.codebuildnotifier.testkit.InMemoryPipelines;
import io.codebuildnotifier.testkit.InMemoryProfiles;
import io.codebuildnotifier.testkit.InMemoryShipments;
import io.codebuildnotifier.testkit.InMemoryStore;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deploy source on the test kit's fakes: what is told, where, with which commits, and to whom it is live. */
class DeploymentNotifierTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:10:00Z");
    static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");
    static final String PIPELINE = "web-release";
    static final String SHA_1 = "1111111111111111111111111111111111111111";
    static final String SHA_2 = "2222222222222222222222222222222222222222";
    static final String SHA_3 = "3333333333333333333333333333333333333333";
    static final String SHA_4 = "4444444444444444444444444444444444444444";

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryStore store = new InMemoryStore();
    final InMemoryDeployments deployments = new InMemoryDeployments();
    final InMemoryPipelines pipelines = new InMemoryPipelines();
    final InMemoryShipments shipments = new InMemoryShipments();
    final InMemoryGitHost git = new InMemoryGitHost()
            .commit(new Commit(SHA_1, "Ada", "ada@example.com", "Ada", "ada@example.com", "Start the widget shop"))
            .commit(new Commit(SHA_2, "Grace", "grace@example.com", "Grace", "grace@example.com", "Add the cart"))
            .commit(new Commit(SHA_3, "Ada", "ada@example.com", "Ada", "ada@example.com", "Total the cart"))
            .commit(new Commit(SHA_4, "Linus", "linus@example.com", "Linus", "linus@example.com", "Pay for it"))
            .line(SHA_4, SHA_3, SHA_2, SHA_1);
    final RecordingMessenger messenger = new RecordingMessenger();
    final InMemoryDirectory directory = new InMemoryDirectory().member("ada@example.com", "U1")
            .member("grace@example.com", "U2").member("linus@example.com", "U3");
    final DeploymentNotifier.Memory memory = new DeploymentNotifier.Memory();
    ChannelRoutes routes = new ChannelRoutes(ChannelRoutes.parse("deploy:web/prod=#web-prod,deploy:web=#web"),
            Optional.empty());
    Map<String, String> named = Map.of();
    List<String> deployedDm = List.of();

    /** Pipelines as {@link #pipelines} says them, but CodePipeline throttles the runs of {@code throttled}. */
    Pipelines throttling(String throttled) {
        return new Pipelines() {
            public Optional<Definition> definition(String p, io.codebuildnotifier.kernel.Deadline d) {
                return pipelines.definition(p, d);
            }

            public Optional<Execution> execution(String p, String e, io.codebuildnotifier.kernel.Deadline d) {
                return pipelines.execution(p, e, d);
            }

            public List<ActionRun> actionRuns(String p, String e, io.codebuildnotifier.kernel.Deadline d) {
                return pipelines.actionRuns(p, e, d);
            }

            public List<ActionRun> recentActionRuns(String p, int limit, io.codebuildnotifier.kernel.Deadline d) {
                if (p.equals(throttled)) {
                    throw new io.codebuildnotifier.kernel.TransientFailure("CodePipeline ListActionExecutions throttled");
                }
                return pipelines.recentActionRuns(p, limit, d);
            }

            public List<ActionState> state(String p, io.codebuildnotifier.kernel.Deadline d) {
                return pipelines.state(p, d);
            }

            public List<String> names(io.codebuildnotifier.kernel.Deadline d) {
                return pipelines.names(d);
            }
        };
    }

    Pipelines usedPipelines;

    DeploymentNotifier notifier() {
        Dispatcher dispatcher = new Dispatcher(new Recipients(directory, new InMemoryProfiles(), new InMemoryAliasBook()),
                directory, new ImmediateQueue(new Sender(messenger, store, new Pacer(Duration.ZERO, clock,
                new Patience(d -> { })))), List.of(), new Dispatcher.Terms("Slack", "CBN_SLACK_ADMIN_USERNAMES"),
                new InMemoryNotices(), clock);
        return new DeploymentNotifier(new DeploymentNotifier.Config(routes, named, deployedDm, "eu-west-1"),
                deployments, usedPipelines == null ? pipelines : usedPipelines, git, shipments, new Announcer(store, dispatcher, clock), memory, clock);
    }

    static Invocation invocation() {
        return new Invocation(UUID.randomUUID().toString(), new Deadline(NOW.plus(Duration.ofMinutes(5)),
                Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    static Deployments.Deployment deployment(String id, String group, String status, String creator) {
        return deployment(id, group, status, creator, 0);
    }

    /** A deployment created {@code hoursLater} than {@link #CREATED}; each takes 4m 10s. */
    static Deployments.Deployment deployment(String id, String group, String status, String creator, int hoursLater) {
        Instant created = CREATED.plus(Duration.ofHours(hoursLater));
        return new Deployments.Deployment(id, "web", group, status, created, created.plusSeconds(3),
                created.plusSeconds(250), creator, "", "", new Deployments.Overview(0, 0, 3, 0, 0, 0),
                Deployments.Rollback.NONE, "S3", Optional.empty());
    }

    Outcome send(String id, String group, String state) {
        return notifier().handle(new DeploymentEvent(DeploymentEvent.Origin.EVENTBRIDGE, "web", group, id, state,
                NOW, "us-east-1", "123456789012"), invocation());
    }

    /** {@code web-release}: a GitHub source, then a CodeDeploy action deploying web/prod. */
    void pipelineDeploying(String pipeline, String group) {
        pipelines.put(new Pipelines.Definition(pipeline, List.of(
                new Pipelines.Action("Source", "Source", "Source", "CodeStarSourceConnection",
                        Map.of("FullRepositoryId", "acme/widgets", "BranchName", "main"), List.of("SourceArtifact")),
                new Pipelines.Action("Deploy", "Deploy", "Deploy", "CodeDeploy",
                        Map.of("ApplicationName", "web", "DeploymentGroupName", group)))));
    }

    /** An execution of the pipeline that shipped {@code sha} with deployment {@code deploymentId}. */
    void executionShipping(String pipeline, String executionId, String sha, String deploymentId) {
        pipelines.put(pipeline, new Pipelines.Execution(executionId, "InProgress", "Webhook", "", CREATED.minusSeconds(300),
                NOW, List.of(new Pipelines.SourceRevision("SourceArtifact", sha, git.commit(null, sha, null).subject(),
                "https://github.com/acme/widgets/commit/" + sha))));
        pipelines.put(pipeline, new Pipelines.ActionRun(executionId, "Deploy", "Deploy", "Deploy", "CodeDeploy",
                "InProgress", CREATED, NOW, deploymentId, "https://console.aws.amazon.com/codedeploy", "", "", ""));
    }

    private Notification posted(int index) {
        return messenger.posts().get(index).notification();
    }

    // ------------------------------------------------------------------ the deployment's message

    @Test
    void aSucceededDeploymentIsPostedToItsGroupsChannel() {
        deployments.put(deployment("d-SUCCESS01", "prod", "Succeeded", "autoscaling"));
        Outcome outcome = send("d-SUCCESS01", "prod", "SUCCESS");

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals(List.of("#web-prod"), messenger.destinations());
        Notification n = posted(0);
        assertEquals(Notification.Kind.DEPLOYMENT, n.kind());
        assertEquals(Notification.Severity.SUCCESS, n.severity());
        assertEquals("web/prod deployment d-SUCCESS01 succeeded", n.title());
        assertEquals("Succeeded", n.factOrEmpty(FactKey.STATUS));
        assertEquals("web", n.factOrEmpty(FactKey.APPLICATION));
        assertEquals("prod", n.factOrEmpty(FactKey.DEPLOYMENT_GROUP));
        assertEquals("d-SUCCESS01", n.factOrEmpty(FactKey.DEPLOYMENT_ID));
        assertEquals("4m 10s", n.factOrEmpty(FactKey.DURATION));
        assertEquals("3 succeeded, 0 failed, 0 skipped, 0 pending", n.factOrEmpty(FactKey.INSTANCES));
        assertEquals("autoscaling", n.factOrEmpty(FactKey.CREATOR));
        assertEquals(Optional.empty(), n.fact(FactKey.ERROR_CODE));
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-SUCCESS01"
                + "?region=us-east-1", n.link(Notification.LinkKey.CONSOLE).orElseThrow().url());
        assertEquals("codedeploy_deployment", n.metadata().eventType());
        assertEquals(250L, n.metadata().payload().get("duration_seconds"));
        assertEquals(Map.of("succeeded", 3L, "failed", 0L, "skipped", 0L, "pending", 0L),
                n.metadata().payload().get("instances"));
        assertTrue(n.changes().none());
        assertEquals(0, pipelines.calls(), "autoscaling's deployments are no pipeline's");
    }

    @Test
    void aFailedDeploymentSaysItsErrorAndTheRollbackItStarted() {
        deployments.put(new Deployments.Deployment("d-FAILED001", "web", "canary", "Failed", CREATED, null,
                CREATED.plusSeconds(95), "autoscaling", "HEALTH_CONSTRAINTS", "Too many instances failed",
                new Deployments.Overview(1, 0, 3, 1, 0, 0), new Deployments.Rollback("d-ROLLBACK1", "started", ""),
                "S3", Optional.empty()));
        send("d-FAILED001", "canary", "FAILURE");

        assertEquals(List.of("#web"), messenger.destinations(), "the application's rule");
        Notification n = posted(0);
        assertEquals("web/canary deployment d-FAILED001 failed", n.title());
        assertEquals(Notification.Severity.FAILURE, n.severity());
        assertEquals("HEALTH_CONSTRAINTS", n.factOrEmpty(FactKey.ERROR_CODE));
        assertEquals("Too many instances failed", n.factOrEmpty(FactKey.ERROR));
        assertEquals("rollback d-ROLLBACK1 started", n.factOrEmpty(FactKey.ROLLBACK));
        assertEquals("3 succeeded, 1 failed, 0 skipped, 1 pending", n.factOrEmpty(FactKey.INSTANCES));
        assertEquals("1m 35s", n.factOrEmpty(FactKey.DURATION));
    }

    @Test
    void aRollbackSaysWhatItRollsBack() {
        deployments.put(new Deployments.Deployment("d-ROLLBACK1", "web", "prod", "Succeeded", CREATED, null,
                CREATED.plusSeconds(30), "codeDeployRollback", "", "", Deployments.Overview.NONE,
                new Deployments.Rollback("", "", "d-FAILED001"), "S3", Optional.empty()));
        send("d-ROLLBACK1", "prod", "SUCCESS");
        assertEquals("this is a rollback of d-FAILED001", posted(0).factOrEmpty(FactKey.ROLLBACK));
        assertEquals("codeDeployRollback", posted(0).factOrEmpty(FactKey.CREATOR));
    }

    @Test
    void aStoppedDeploymentIsAWarning() {
        deployments.put(new Deployments.Deployment("d-STOPPED01", "web", "prod", "Stopped", CREATED, null,
                CREATED.plusSeconds(20), "autoscaling", "MANUAL_STOP", "stopped by jane", Deployments.Overview.NONE,
                Deployments.Rollback.NONE, "S3", Optional.empty()));
        send("d-STOPPED01", "prod", "STOP");
        assertEquals("web/prod deployment d-STOPPED01 was stopped", posted(0).title());
        assertEquals(Notification.Severity.WARNING, posted(0).severity());
        assertEquals("MANUAL_STOP", posted(0).factOrEmpty(FactKey.ERROR_CODE));
    }

    @Test
    void startReadyAndOtherStatesAreIgnoredWithoutAsking() {
        for (String state : List.of("START", "READY", "")) {
            Outcome outcome = send("d-STARTED01", "prod", state);
            assertInstanceOf(Outcome.Ignored.class, outcome, state);
            assertTrue(outcome.summary().contains("only SUCCESS, FAILURE and STOP"), outcome.summary());
        }
        assertEquals(0, deployments.calls());
        assertEquals(List.of(), messenger.posts());
    }

    @Test
    void withoutAChannelNothingIsPostedAndTheReasonIsOneLine() {
        routes = new ChannelRoutes(List.of(), Optional.empty());
        deployments.put(deployment("d-SUCCESS01", "prod", "Succeeded", "autoscaling"));
        Outcome outcome = send("d-SUCCESS01", "prod", "SUCCESS");
        assertInstanceOf(Outcome.Told.class, outcome);
        assertTrue(outcome.summary().contains("no notification: no channel: no CBN_CHANNEL_ROUTES rule for deploy "
                + "web/prod and no CBN_ADDITIONAL_CHANNEL"), outcome.summary());
        assertEquals(List.of(), messenger.posts());
        assertEquals(0, deployments.calls(), "nothing read for nobody");
        assertEquals(0, pipelines.calls());
    }

    @Test
    void aDeploymentCodeDeployDoesNotKnowIsPermanent() {
        assertThrows(PermanentFailure.class, () -> send("d-UNKNOWN01", "prod", "SUCCESS"));
        assertEquals(List.of(), messenger.posts());
    }

    @Test
    void anEventThatRunsAheadOfCodeDeployIsTriedAgainAndThenToldAsCodeDeploySaysIt() {
        deployments.put(deployment("d-AHEAD0001", "prod", "InProgress", "user"));
        assertThrows(io.codebuildnotifier.kernel.TransientFailure.class, () -> send("d-AHEAD0001", "prod", "SUCCESS"));
        assertEquals(List.of(), messenger.posts(), "nothing told on the event's word");

        deployments.put(deployment("d-AHEAD0001", "prod", "Failed", "user"));
        Outcome retried = send("d-AHEAD0001", "prod", "SUCCESS");
        assertInstanceOf(Outcome.Told.class, retried, retried.summary());
        assertTrue(posted(0).title().endsWith("failed"), posted(0).title());
    }

    @Test
    void theSameDeploymentTwiceIsToldOnce() {
        deployments.put(deployment("d-SUCCESS01", "prod", "Succeeded", "autoscaling"));
        send("d-SUCCESS01", "prod", "SUCCESS");
        Outcome again = notifier().handle(new DeploymentEvent(DeploymentEvent.Origin.SNS, "web", "prod",
                "d-SUCCESS01", "SUCCESS", NOW, "", ""), invocation());
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(1, messenger.posts().size());
        assertEquals(1, deployments.calls(), "a duplicate reads nothing");
    }

    @Test
    void aGitHubRevisionShowsItsCommit() {
        deployments.put(new Deployments.Deployment("d-GITHUB001", "web", "prod", "Succeeded", CREATED, null,
                CREATED.plusSeconds(60), "user", "", "", Deployments.Overview.NONE, Deployments.Rollback.NONE,
                "GitHub", Optional.of(new Deployments.GitHubRevision("acme/widgets", SHA_2))));
        send("d-GITHUB001", "prod", "SUCCESS");
        assertEquals(List.of(new Notification.Revision(SHA_2, "Add the cart", "Grace",
                "https://github.com/acme/widgets/commit/" + SHA_2, "")), posted(0).changes().commits());
        assertEquals(0, pipelines.calls(), "a GitHub revision is no pipeline's");
    }

    // ------------------------------------------------------------------ created by a pipeline

    @Test
    void aDeploymentThePipelineNamedForItsGroupCreatedShowsTheShippedCommit() {
        named = Map.of("web/prod", PIPELINE);
        pipelineDeploying(PIPELINE, "prod");
        executionShipping(PIPELINE, "exec-1", SHA_2, "d-PIPELINE1");
        deployments.put(deployment("d-PIPELINE1", "prod", "Succeeded", "user"));
        send("d-PIPELINE1", "prod", "SUCCESS");

        Notification n = posted(0);
        assertEquals(PIPELINE, n.factOrEmpty(FactKey.PIPELINE));
        assertEquals("exec-1", n.factOrEmpty(FactKey.EXECUTION_ID));
        assertEquals("CodePipeline", n.factOrEmpty(FactKey.CREATOR));
        assertEquals(List.of(new Notification.Revision(SHA_2, "Add the cart", "",
                "https://github.com/acme/widgets/commit/" + SHA_2, "SourceArtifact")), n.changes().commits());
        assertEquals(PIPELINE, n.metadata().payload().get("pipeline"));
        assertEquals("exec-1", n.metadata().payload().get("pipeline_execution_id"));
        assertEquals(0, memory.searches(), "the named pipeline is asked, nothing searched");
    }

    @Test
    void withoutANamedPipelineTheAccountsPipelinesAreSearchedOncePerGroup() {
        pipelineDeploying("docs-release", "docs");
        pipelineDeploying(PIPELINE, "prod");
        executionShipping(PIPELINE, "exec-1", SHA_2, "d-PIPELINE1");
        executionShipping(PIPELINE, "exec-2", SHA_3, "d-PIPELINE2");
        deployments.put(deployment("d-PIPELINE1", "prod", "Succeeded", "user"));
        deployments.put(deployment("d-PIPELINE2", "prod", "Succeeded", "user"));

        send("d-PIPELINE1", "prod", "SUCCESS");
        assertEquals(PIPELINE, posted(0).factOrEmpty(FactKey.PIPELINE));
        int afterFirst = pipelines.calls();
        send("d-PIPELINE2", "prod", "SUCCESS");
        assertEquals(PIPELINE, posted(1).factOrEmpty(FactKey.PIPELINE));
        assertEquals(SHA_3, posted(1).changes().commits().getFirst().sha());
        assertEquals(1, memory.searches(), "the group's pipeline is remembered");
        assertEquals(2, pipelines.calls() - afterFirst, "its recent runs and the execution, nothing more");
    }

    @Test
    void aSearchThatFindsNothingShowsNoCommitsAndStillTells() {
        pipelineDeploying(PIPELINE, "prod");
        deployments.put(deployment("d-BYHAND001", "prod", "Succeeded", "user"));
        Outcome outcome = send("d-BYHAND001", "prod", "SUCCESS");
        assertInstanceOf(Outcome.Told.class, outcome);
        assertTrue(posted(0).changes().none());
        assertEquals("user", posted(0).factOrEmpty(FactKey.CREATOR));
        assertEquals(Optional.empty(), posted(0).fact(FactKey.PIPELINE));
    }

    @Test
    void aThrottledPipelineInTheSearchHoldsNothingBackAndTheSearchIsTriedAgain() {
        pipelineDeploying(PIPELINE, "prod");
        executionShipping(PIPELINE, "e-1", SHA_4, "d-SEARCHED1");
        deployments.put(deployment("d-SEARCHED1", "prod", "Succeeded", "user"));
        usedPipelines = throttling(PIPELINE);

        Outcome throttled = send("d-SEARCHED1", "prod", "SUCCESS");

        assertInstanceOf(Outcome.Told.class, throttled, throttled.summary());
        assertTrue(posted(0).changes().none(), "posted without its commits rather than held back");

        executionShipping(PIPELINE, "e-2", SHA_4, "d-SEARCHED2");
        deployments.put(deployment("d-SEARCHED2", "prod", "Succeeded", "user", 1));
        usedPipelines = null;
        Outcome found = send("d-SEARCHED2", "prod", "SUCCESS");

        assertInstanceOf(Outcome.Told.class, found, found.summary());
        assertEquals(PIPELINE, posted(1).factOrEmpty(FactKey.PIPELINE), "a throttled search is no miss: tried again");
        assertEquals(2, memory.searches());
    }

    // ------------------------------------------------------------------ your commit is live

    @Test
    void theAuthorsOfNewlyShippedCommitsOnlyAreToldTheirCommitIsLive() {
        named = Map.of("web/prod", PIPELINE);
        deployedDm = List.of("web/*");
        routes = new ChannelRoutes(List.of(), Optional.empty()); // no channel: only the authors hear of it
        pipelineDeploying(PIPELINE, "prod");
        executionShipping(PIPELINE, "exec-1", SHA_1, "d-PIPELINE1");
        deployments.put(deployment("d-PIPELINE1", "prod", "Succeeded", "user"));

        Outcome first = send("d-PIPELINE1", "prod", "SUCCESS");
        assertTrue(first.summary().contains("1 commit newly live in web/prod"), first.summary());
        assertEquals(List.of("U1"), messenger.destinations(), "the first deployment known: only its head's author");
        Notification live = posted(0);
        assertEquals(Notification.Kind.DEPLOYED, live.kind());
        assertEquals("Your commit 1111111 is live in web/prod, deployed in 4m 10s", live.title());
        assertEquals(List.of("Start the widget shop"),
                live.changes().commits().stream().map(Notification.Revision::subject).toList());

        // three commits later: Grace's, Ada's, then Linus's head; the old head (Ada's) is not listed again
        executionShipping(PIPELINE, "exec-2", SHA_4, "d-PIPELINE2");
        deployments.put(deployment("d-PIPELINE2", "prod", "Succeeded", "user", 1));
        send("d-PIPELINE2", "prod", "SUCCESS");
        List<RecordingMessenger.Post> second = messenger.posts().subList(1, messenger.posts().size());
        assertEquals(List.of("U3", "U1", "U2"), second.stream().map(RecordingMessenger.Post::destination).toList());
        Notification three = second.getFirst().notification();
        assertEquals("Your commits 4444444, 3333333, 2222222 are live in web/prod, deployed in 4m 10s", three.title());
        assertTrue(three.changes().commits().stream().noneMatch(c -> c.sha().equals(SHA_1)));
        assertEquals(List.of(SHA_4, SHA_3, SHA_2), three.changes().commits().stream()
                .map(Notification.Revision::sha).toList());
        assertEquals(List.of("Linus", "Ada", "Grace"), three.changes().commits().stream()
                .map(Notification.Revision::author).toList());

        // the same deployment again, or its SNS copy: nobody again
        assertInstanceOf(Outcome.Duplicate.class, send("d-PIPELINE2", "prod", "SUCCESS"));
        assertEquals(4, messenger.posts().size());

        // a deployment of the same head again: nothing new is live
        executionShipping(PIPELINE, "exec-3", SHA_4, "d-PIPELINE3");
        deployments.put(deployment("d-PIPELINE3", "prod", "Succeeded", "user", 2));
        Outcome same = send("d-PIPELINE3", "prod", "SUCCESS");
        assertEquals(4, messenger.posts().size(), same.summary());
    }

    @Test
    void aGroupNotNamedInTheSettingDoesNotTellAuthorsNorDoRollbacks() {
        deployedDm = List.of("web/prod");
        deployments.put(new Deployments.Deployment("d-GITHUB001", "web", "staging", "Succeeded", CREATED, null,
                CREATED.plusSeconds(60), "user", "", "", Deployments.Overview.NONE, Deployments.Rollback.NONE,
                "GitHub", Optional.of(new Deployments.GitHubRevision("acme/widgets", SHA_2))));
        routes = new ChannelRoutes(List.of(), Optional.empty());
        Outcome outcome = send("d-GITHUB001", "staging", "SUCCESS");
        assertEquals(List.of(), messenger.posts(), outcome.summary());

        deployments.put(new Deployments.Deployment("d-ROLLBACK1", "web", "prod", "Succeeded", CREATED, null,
                CREATED.plusSeconds(30), "codeDeployRollback", "", "", Deployments.Overview.NONE,
                new Deployments.Rollback("", "", "d-FAILED001"), "GitHub",
                Optional.of(new Deployments.GitHubRevision("acme/widgets", SHA_1))));
        send("d-ROLLBACK1", "prod", "SUCCESS");
        assertEquals(List.of(), messenger.posts(), "a rollback makes nothing new live");
    }

    @Test
    void aFailedDeploymentTellsNoAuthor() {
        deployedDm = List.of("*");
        deployments.put(new Deployments.Deployment("d-GITHUB001", "web", "prod", "Failed", CREATED, null,
                CREATED.plusSeconds(60), "user", "", "", Deployments.Overview.NONE, Deployments.Rollback.NONE,
                "GitHub", Optional.of(new Deployments.GitHubRevision("acme/widgets", SHA_2))));
        send("d-GITHUB001", "prod", "FAILURE");
        assertEquals(List.of("#web-prod"), messenger.destinations());
    }

    @Test
    void aSettingThatNamesOnlyThePipelineLeavesTheAuthorsToThePipelinesExecution() {
        named = Map.of("web/prod", PIPELINE);
        deployedDm = List.of(PIPELINE);
        routes = new ChannelRoutes(List.of(), Optional.empty());
        pipelineDeploying(PIPELINE, "prod");
        executionShipping(PIPELINE, "exec-1", SHA_1, "d-PIPELINE1");
        deployments.put(deployment("d-PIPELINE1", "prod", "Succeeded", "user"));

        Outcome outcome = send("d-PIPELINE1", "prod", "SUCCESS");

        assertEquals(List.of(), messenger.posts(), outcome.summary());
        assertEquals(Optional.empty(), shipments.last("web/prod", new Deadline(NOW.plusSeconds(60), clock)));
    }
}
