package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.ImmediateQueue;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryGitHost;
import io.codebuildnotifier.testkit.InMemoryNotices;
import io.codebuildnotifier.testkit.InMemoryPipelines;
import io.codebuildnotifier.testkit.InMemoryProfiles;
import io.codebuildnotifier.testkit.InMemoryRunHistory;
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

/**
 * The pipeline source's notifiers on the test kit's fakes, at a fixed time: pipeline {@code web-release} (source
 * GitHub {@code acme/widgets} through a connection, a build, the approval {@code Prod / ApproveRelease}, a deploy),
 * approvals routed to {@code #releases} and runs to {@code #deploys}, Ada (U1) and Grace (U2) in the workspace.
 */
final class PipelineFixture {
    static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
    static final String PIPELINE = "web-release";
    static final String REGION = "us-east-1";
    static final String EXECUTION = "0d8f2b4c-1e3a-4c5b-8d7e-9f0a1b2c3d4e";
    static final String TOKEN = "6f2b4e1a-0c3d-4b5e-9f60-7a8b9c0d1e2f";
    static final String SHA = "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c";
    static final Commit COMMIT = new Commit(SHA, "Ada", "ada@example.com", "Grace", "grace@example.com",
            "Add widget size validation");
    static final String JANE = "arn:aws:iam::123456789012:user/jane";

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Deadline deadline = new Deadline(NOW.plus(Duration.ofMinutes(10)), clock);
    final InMemoryStore store = new InMemoryStore();
    final InMemoryPipelines pipelines = new InMemoryPipelines();
    final InMemoryRunHistory runs = new InMemoryRunHistory();
    final InMemoryGitHost git = new InMemoryGitHost().commit(COMMIT);
    final RecordingMessenger messenger = new RecordingMessenger();
    final InMemoryDirectory directory = new InMemoryDirectory()
            .member("ada@example.com", "U1").member("grace@example.com", "U2").admin("ops", "UADMIN");
    ChannelRoutes routes = new ChannelRoutes(ChannelRoutes.parse("approval:web-*=#releases,pipeline:web-*=#deploys"),
            Optional.empty());
    NotifyStrategy strategy = NotifyStrategy.FAIL_OR_STATUS_CHANGE;
    List<String> deployedDm = List.of();
    final InMemoryShipments shipments = new InMemoryShipments();

    PipelineFixture() {
        pipelines.put(new Pipelines.Definition(PIPELINE, List.of(
                new Pipelines.Action("Source", "Checkout", "Source", "CodeStarSourceConnection",
                        Map.of("FullRepositoryId", "acme/widgets", "BranchName", "main"), List.of("SourceArtifact")),
                new Pipelines.Action("Build", "Build", "Build", "CodeBuild", Map.of("ProjectName", "widgets-ci"),
                        List.of("BuildArtifact")),
                new Pipelines.Action("Prod", "ApproveRelease", "Approval", "Manual",
                        Map.of("CustomData", "Check the staging site first",
                                "ExternalEntityLink", "https://staging.example.com/release"), List.of()),
                new Pipelines.Action("Prod", "Deploy", "Deploy", "CodeDeploy",
                        Map.of("ApplicationName", "web", "DeploymentGroupName", "prod"), List.of()))));
        execution(EXECUTION, "InProgress");
    }

    void execution(String id, String status) {
        execution(id, status, SHA);
    }

    void execution(String id, String status, String sha) {
        pipelines.put(PIPELINE, new Pipelines.Execution(id, status, "Webhook", "", null, null, List.of(
                new Pipelines.SourceRevision("SourceArtifact", sha, "Add widget size validation",
                        "https://github.com/acme/widgets/commit/" + sha))));
    }

    Announcer announcer() {
        Sender sender = new Sender(messenger, store, new Pacer(Duration.ZERO, clock, new Patience(d -> { })));
        Dispatcher dispatcher = new Dispatcher(new Recipients(directory, new InMemoryProfiles(), new InMemoryAliasBook()),
                directory, new ImmediateQueue(sender), List.of("ops"),
                new Dispatcher.Terms("Slack", "CBN_SLACK_ADMIN_USERNAMES"), new InMemoryNotices(), clock);
        return new Announcer(store, dispatcher, clock);
    }

    /** Whether approval messages offer Approve and Reject (approvers are configured). */
    boolean approvalButtons;

    ApprovalNotifier approvals() {
        return new ApprovalNotifier(pipelines, announcer(), routes, REGION, clock, approvalButtons);
    }

    RunNotifier runNotifier() {
        return new RunNotifier(pipelines, runs, git, announcer(), routes, strategy, REGION, clock, deployedDm, shipments);
    }

    Invocation invocation(String id) {
        return new Invocation(id, deadline);
    }

    static ApprovalEvent approvalEvent(String state, Instant time) {
        return approvalEvent(EXECUTION, state, time);
    }

    static ApprovalEvent approvalEvent(String execution, String state, Instant time) {
        return new ApprovalEvent(ApprovalEvent.Origin.EVENTBRIDGE, PIPELINE, execution, "Prod", "ApproveRelease", state,
                time, "", null, "", "", REGION, "123456789012");
    }

    static ApprovalEvent snsEvent(String token, Instant expires) {
        return new ApprovalEvent(ApprovalEvent.Origin.SNS, PIPELINE, "", "Prod", "ApproveRelease", "STARTED",
                NOW.minusSeconds(60), token, expires,
                "https://console.aws.amazon.com/codepipeline/home?region=us-east-1#/approval/web-release/Prod/"
                        + "ApproveRelease/approve/" + token, "Check the staging site first", REGION, "");
    }

    static PipelineRunEvent runEvent(String execution, String state, Instant time) {
        return new PipelineRunEvent(PIPELINE, execution, state, "Webhook", "", time, REGION, "123456789012");
    }

    /** The approval waiting in {@code execution}, as GetPipelineState shows it. */
    void waiting(String execution, String token) {
        pipelines.state(PIPELINE, List.of(
                new Pipelines.ActionState("Prod", "ApproveRelease", execution, "InProgress", token, "", "", NOW),
                new Pipelines.ActionState("Prod", "Deploy", execution, "", "", "", "", null)));
    }

    /**
     * The approval request {@code actionExecution} in {@code execution}, as GetPipelineState shows it: waiting with
     * {@code token}, or decided ({@code status} not {@code InProgress}, no token) by {@code updatedBy}.
     */
    void request(String execution, String actionExecution, String status, String token, String updatedBy) {
        pipelines.state(PIPELINE, List.of(
                new Pipelines.ActionState("Prod", "ApproveRelease", execution, status, token, "", updatedBy, NOW,
                        actionExecution),
                new Pipelines.ActionState("Prod", "Deploy", execution, "", "", "", "", null)));
    }

    /** The approval request {@code actionExecution}'s run of {@code execution}, as ListActionExecutions gives it. */
    void approvalRun(String execution, String actionExecution, String status, String updatedBy, String summary) {
        pipelines.put(PIPELINE, new Pipelines.ActionRun(execution, "Prod", "ApproveRelease", "Approval", "Manual",
                status, NOW.minusSeconds(3600), NOW, "", "", summary, "", updatedBy, actionExecution));
    }

    /** The approval's run of {@code execution}, as ListActionExecutions gives it. */
    void approvalRun(String execution, String status, String updatedBy, String summary) {
        pipelines.put(PIPELINE, new Pipelines.ActionRun(execution, "Prod", "ApproveRelease", "Approval", "Manual",
                status, NOW.minusSeconds(3600), NOW, "", "", summary, "", updatedBy));
    }

    /** An action run of {@code execution}, {@code minutes} after it started. */
    void run(String execution, String stage, String action, String status, int startMinute, int endMinute,
             String summary, String errorCode) {
        Instant start = NOW.minusSeconds(3600);
        pipelines.put(PIPELINE, new Pipelines.ActionRun(execution, stage, action, "Build", "CodeBuild", status,
                start.plusSeconds(60L * startMinute), start.plusSeconds(60L * endMinute), "", "", summary, errorCode, ""));
    }
}
