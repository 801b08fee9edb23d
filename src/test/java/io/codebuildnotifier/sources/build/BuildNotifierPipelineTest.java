package io.codebuildnotifier.sources.build;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.NotifierFixture.NOW;
import static io.codebuildnotifier.sources.build.NotifierFixture.OTHER_SHA;
import static io.codebuildnotifier.sources.build.NotifierFixture.SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.notification.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Builds that CodePipeline started (source type CODEPIPELINE, initiator {@code codepipeline/NAME}): placed on
 * the branch of the pipeline's source action that gave their commit, then notified as branch builds.
 */
class BuildNotifierPipelineTest {
    private static final String PIPELINE = "widgets-release";
    private final NotifierFixture world = new NotifierFixture();

    private static Pipelines.Action gitHubSource(String name, String branch, String output) {
        return new Pipelines.Action("Source", name, "Source", "CodeStarSourceConnection", Map.of(
                "ConnectionArn", "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc",
                "FullRepositoryId", "acme/widgets", "BranchName", branch), List.of(output));
    }

    private static Pipelines.Action codeCommitSource(String name, String repository, String branch, String output) {
        return new Pipelines.Action("Source", name, "Source", "CodeCommit",
                Map.of("RepositoryName", repository, "BranchName", branch), List.of(output));
    }

    private static Pipelines.Action buildAction() {
        return new Pipelines.Action("Build", "Build", "Build", "CodeBuild", Map.of("ProjectName", "widgets"));
    }

    private static Pipelines.ActionRun run(String executionId, String stage, String action, String externalId) {
        return new Pipelines.ActionRun(executionId, stage, action, "Build", "CodeBuild", "Failed", NOW, NOW,
                externalId, "", "", "", "");
    }

    @Test
    void aBuildOfAPipelineWithOneSourceIsPlacedOnItsBranchAndNotified() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(gitHubSource("App", "main", "SourceArtifact"),
                buildAction())));
        Build build = world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10);

        Outcome.Recorded outcome = assertInstanceOf(Outcome.Recorded.class, world.handle(build));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals("source action Source/App of pipeline widgets-release", outcome.resolvedBy());
        assertTrue(outcome.decision().notifies(), outcome.decision().toString());
        // the commit's author and committer, and the branch's channel
        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
        HistoryEntry entry = world.store.entriesOf("widgets:branch/main", world.deadline).get(0);
        assertEquals("https://github.com/acme/widgets", entry.gitRepoUrl());
        assertEquals(SHA, entry.commitHash());
        assertEquals(2, world.pipelines.calls(), "GetPipeline, and the latest action runs (the build is not among "
                + "them here, so its placement is the only source's, unconfirmed)");
        assertEquals(List.of("commit " + SHA), world.git.calls(), "the branch came from the pipeline, not the host");
    }

    @Test
    void withOneSourceTheExecutionThatRanTheBuildConfirmsItsCommit() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(gitHubSource("App", "main", "SourceArtifact"),
                buildAction())));
        world.pipelines.put(PIPELINE, new Pipelines.Execution("exec-2", "Failed", "Webhook", "", NOW, NOW, List.of(
                new Pipelines.SourceRevision("SourceArtifact", SHA, "Fix it", ""))));
        world.pipelines.put(PIPELINE, run("exec-2", "Build", "Build", "widgets:b1"));

        Outcome.Recorded outcome = assertInstanceOf(Outcome.Recorded.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals("source action Source/App of pipeline widgets-release, execution exec-2", outcome.resolvedBy());
    }

    @Test
    void withOneSourceACommitItsExecutionDidNotGiveIsSkipped() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(gitHubSource("App", "main", "SourceArtifact"),
                buildAction())));
        world.pipelines.put(PIPELINE, new Pipelines.Execution("exec-2", "Failed", "Webhook", "", NOW, NOW, List.of(
                new Pipelines.SourceRevision("SourceArtifact", OTHER_SHA, "Something else", ""))));
        world.pipelines.put(PIPELINE, run("exec-2", "Build", "Build", "widgets:b1"));

        Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertTrue(skipped.reason().contains("execution exec-2 of pipeline widgets-release, which ran the build, gave "
                + "revision " + OTHER_SHA.substring(0, 7) + ", not commit " + SHA.substring(0, 7)), skipped.reason());
        assertEquals(List.of(), world.messenger.destinations());
    }

    @Test
    void aBuildOfAPipelineWhoseBranchIsNotWhitelistedIsSkipped() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(gitHubSource("App", "release/2.x",
                "SourceArtifact"), buildAction())));

        Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("branch/release/2.x (source action Source/App of pipeline widgets-release) is neither a pull "
                + "request nor a whitelisted branch [main]", skipped.reason());
        assertEquals(List.of(), world.messenger.destinations());
        assertEquals(List.of(), world.git.calls());
    }

    @Test
    void withTwoSourcesTheExecutionThatRanTheBuildSaysWhichGaveItsCommit() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(
                codeCommitSource("Infra", "widgets-infra", "release", "InfraSource"),
                gitHubSource("App", "main", "AppSource"), buildAction())));
        world.pipelines.put(PIPELINE, new Pipelines.Execution("exec-2", "Failed", "Webhook", "", NOW, NOW, List.of(
                new Pipelines.SourceRevision("InfraSource", OTHER_SHA, "Bump the base image", ""),
                new Pipelines.SourceRevision("AppSource", SHA, "Fix it", ""))));
        world.pipelines.put(PIPELINE, run("exec-1", "Build", "Build", "widgets:earlier"));
        world.pipelines.put(PIPELINE, run("exec-2", "Build", "Build", "widgets:b1"));
        Build build = world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10);

        Outcome.Recorded outcome = assertInstanceOf(Outcome.Recorded.class, world.handle(build));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals("source action Source/App of pipeline widgets-release, execution exec-2", outcome.resolvedBy());
        assertEquals("https://github.com/acme/widgets",
                world.store.entriesOf("widgets:branch/main", world.deadline).get(0).gitRepoUrl());
        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
    }

    @Test
    void withTwoSourcesACommitOfTheOtherSourceGoesOnItsBranch() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(
                codeCommitSource("Infra", "widgets-infra", "main", "InfraSource"),
                gitHubSource("App", "release", "AppSource"), buildAction())));
        world.pipelines.put(PIPELINE, new Pipelines.Execution("exec-2", "Failed", "Webhook", "", NOW, NOW, List.of(
                new Pipelines.SourceRevision("InfraSource", SHA, "Fix it", ""),
                new Pipelines.SourceRevision("AppSource", OTHER_SHA, "Other", ""))));
        world.pipelines.put(PIPELINE, run("exec-2", "Build", "Build", "widgets:b1"));

        Outcome.Recorded outcome = assertInstanceOf(Outcome.Recorded.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals("source action Source/Infra of pipeline widgets-release, execution exec-2", outcome.resolvedBy());
        assertEquals("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/widgets-infra",
                world.store.entriesOf("widgets:branch/main", world.deadline).get(0).gitRepoUrl());
    }

    @Test
    void withTwoSourcesAndNoRunOfTheBuildTheBuildIsSkipped() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(
                codeCommitSource("Infra", "widgets-infra", "main", "InfraSource"),
                gitHubSource("App", "main", "AppSource"), buildAction())));
        world.pipelines.put(PIPELINE, run("exec-1", "Build", "Build", "widgets:someone-else"));

        Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("pipeline widgets-release has 2 source actions, and none of its latest 50 action runs ran the "
                + "build, so which one gave commit a1b2c3d is not known", skipped.reason());
    }

    @Test
    void withTwoSourcesAndACommitThatNoneGaveTheBuildIsSkipped() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(
                codeCommitSource("Infra", "widgets-infra", "main", "InfraSource"),
                gitHubSource("App", "main", "AppSource"), buildAction())));
        world.pipelines.put(PIPELINE, new Pipelines.Execution("exec-2", "Failed", "Webhook", "", NOW, NOW, List.of(
                new Pipelines.SourceRevision("InfraSource", OTHER_SHA, "", ""))));
        world.pipelines.put(PIPELINE, run("exec-2", "Build", "Build", "widgets:b1"));

        Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("pipeline widgets-release has 2 source actions, and none of the revisions of its execution "
                + "exec-2 that ran the build is commit a1b2c3d", skipped.reason());
    }

    @Test
    void aBuildOfAPipelineThatIsGoneIsSkippedSayingSo() {
        Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("pipeline widgets-release, which started the build, no longer exists", skipped.reason());
        assertEquals(List.of(), world.messenger.destinations());
    }

    @Test
    void aSourceThatIsNotAGitRepositoryIsSkippedSayingSo() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(new Pipelines.Action("Source", "Bundle",
                "Source", "S3", Map.of("S3Bucket", "artifacts", "S3ObjectKey", "app.zip"), List.of("Bundle")),
                buildAction())));

        Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("the source action Source/Bundle of pipeline widgets-release (S3) reads no GitHub or CodeCommit "
                + "repository", skipped.reason());
    }

    @Test
    void anInitiatorThatNamesNoPipelineIsSkipped() {
        String id = "widgets:b1";
        Build build = new Build(id, "arn:aws:codebuild:eu-west-1:123456789012:build/" + id, "widgets", NOW,
                FAILED, "", SHA, "CODEPIPELINE", "", "someone", "", Map.of(), List.of());
        world.builds.add(build);

        Outcome.Skipped skipped = assertInstanceOf(Outcome.Skipped.class, world.handle(build));

        assertEquals("CodePipeline started the build, but its initiator 'someone' names no pipeline", skipped.reason());
        assertEquals(0, world.pipelines.calls());
    }

    @Test
    void withoutPipelinesAPipelineBuildIsSkippedAsBefore() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(gitHubSource("App", "main", "Src"))));
        BuildNotifier withoutPipelines = new BuildNotifier(world.policy(), world.builds, world.git, world.store,
                world.store, new io.codebuildnotifier.notification.Dispatcher(new io.codebuildnotifier.people.Recipients(
                world.directory, world.profiles, world.aliases), world.directory, world.queue(), List.of(),
                new io.codebuildnotifier.notification.Dispatcher.Terms("Slack", "CBN_SLACK_ADMIN_USERNAMES"),
                world.notices, world.clock), world.store, world.clock);
        Build build = world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10);

        Outcome outcome = withoutPipelines.handle(new BuildEvent(build.arn(), "FAILED"), world.invocation("inv-1"));

        assertEquals("pipeline widgets-release started the build, and CodePipeline is not read here",
                assertInstanceOf(Outcome.Skipped.class, outcome).reason());
    }

    @Test
    void withCommitRollupsAPipelineBuildJoinsItsCommitsRollup() {
        world.rollups();
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(gitHubSource("App", "main", "SourceArtifact"))));

        Outcome.Recorded outcome = assertInstanceOf(Outcome.Recorded.class,
                world.handle(world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10)));

        assertEquals("branch/main", outcome.sourceRef());
        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
    }

    @Test
    void aRepeatedEventOfAPipelineBuildNotifiesOnce() {
        world.pipelines.put(new Pipelines.Definition(PIPELINE, List.of(gitHubSource("App", "main", "SourceArtifact"))));
        Build build = world.pipelineBuild("b1", FAILED, PIPELINE, SHA, 10);
        assertInstanceOf(Outcome.Recorded.class, world.handle(build));

        assertInstanceOf(Outcome.Duplicate.class, world.handle(build, "inv-2"));
        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
    }
}
