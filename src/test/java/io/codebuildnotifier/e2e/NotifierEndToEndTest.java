package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The notifier end to end: the real handler, DynamoDB Local, and loopback fakes of CodeBuild,
 * Secrets Manager, CodeCommit, GitHub and Slack reached by the real clients.
 */
@ExtendWith(SandboxExtension.class)
class NotifierEndToEndTest {
    static final String JANE = Cast.JANE.slackId();
    static final String BOB = Cast.BOB.slackId();
    static final String ADMIN = Cast.ADMIN.slackId();
    static final String CHANNEL = Cast.CHANNEL;
    static final String SHA_1 = "1111111111111111111111111111111111111111";
    static final String SHA_2 = "2222222222222222222222222222222222222222";
    static final String SHA_3 = "3333333333333333333333333333333333333333";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox);
        world.gitHubCommit(SHA_1, "Jane Doe", "jane@example.com", "Add widget counter\n\nLonger body.");
        world.gitHubCommit(SHA_2, "Jane Doe", "jane@example.com", "Bob Stone", "bob@example.com",
                "Fix widget counter");
        world.gitHubCommit(SHA_3, "Jane Doe", "jane@example.com", "Polish widget counter");
    }

    static Stream<Arguments> strategies() {
        // a PR that fails, fails again, passes, passes again: who hears each time
        return Stream.of(
                Arguments.of("fail_or_status_change", List.of(true, true, true, false)),
                Arguments.of("status_change", List.of(true, false, true, false)),
                Arguments.of("every_build", List.of(true, true, true, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void pullRequestFailsFailsPassesPasses(String strategy, List<Boolean> notified) {
        world.with("CBN_DEFAULT_NOTIFY_STRATEGY", strategy);
        String[][] builds = {{SHA_1, "FAILED"}, {SHA_1, "FAILED"}, {SHA_2, "SUCCEEDED"}, {SHA_3, "SUCCEEDED"}};
        for (int i = 0; i < builds.length; i++) {
            String arn = world.gitHubBuild("pr/42", builds[i][0], 1_790_000_000L + i * 600, builds[i][1]);
            Outcome outcome = world.send(arn, builds[i][1]);
            assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
            List<String> expected = !notified.get(i) ? List.of()
                    : builds[i][0].equals(SHA_2) ? List.of(JANE, BOB) : List.of(JANE);
            assertEquals(expected, world.takePosts(), "build " + (i + 1) + ": " + outcome.summary());
        }
        assertEquals(4, world.historyItems().stream()
                .filter(item -> item.get("source_id").s().equals("widgets-ci:pr/42")).count());
    }

    @Test
    void timedOutAfterFailedIsNotAStatusChange() {
        world.with("CBN_DEFAULT_NOTIFY_STRATEGY", "status_change");
        world.send(world.gitHubBuild("pr/7", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        world.takePosts();
        Outcome outcome = world.send(world.gitHubBuild("pr/7", SHA_2, 1_790_000_600L, "TIMED_OUT"), "TIMED_OUT");
        assertEquals(List.of(), world.takePosts(), outcome.summary());
        assertTrue(world.historyItems().stream().anyMatch(item -> item.get("status").s().equals("TIMED_OUT")));
    }

    @Test
    void pushToWhitelistedBranchResolvedFromShaAlsoPostsToTheChannel() {
        world.with("CBN_ADDITIONAL_CHANNEL", "#builds");
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_3);
        Outcome outcome = world.send(world.gitHubBuild(SHA_3, SHA_3, 1_790_000_000L, "FAILED"), "FAILED");

        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        assertEquals("branch/main", recorded.sourceRef());
        assertEquals(List.of(JANE, CHANNEL), world.takePosts());
        Map<String, AttributeValue> entry = item("widgets-ci:branch/main");
        assertEquals("main", entry.get("branch_name").s());
        assertEquals(SHA_3, entry.get("commit_hash").s());
        assertEquals("jane@example.com", entry.get("author_email").s());
        assertEquals("Polish widget counter", entry.get("commit_subject").s());
        assertEquals("https://github.com/acme/widgets", entry.get("git_repo_url").s());
        assertEquals("FAILED", entry.get("status").s());
        assertEquals(entry.get("start_time").n() + "_" + entry.get("start_time").n(), entry.get("version_key").s());
        Map<String, AttributeValue> summary = item("project_summary");
        assertEquals("FAILED", summary.get("projects").m().get("widgets-ci").m().get("status").s());
        Map<String, AttributeValue> branchEntry = item("widgets-ci");
        assertEquals("branch/main", branchEntry.get("source_ref").s());
    }

    @Test
    void pullRequestBuildsDoNotGoToTheChannel() {
        world.with("CBN_ADDITIONAL_CHANNEL", "builds");
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(List.of(JANE), world.takePosts());
        assertTrue(world.historyItems().stream().noneMatch(i -> i.get("source_id").s().equals("project_summary")));
    }

    @Test
    void pushToABranchThatIsNeitherWhitelistedNorAPullRequestWritesAndSendsNothing() {
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_1);
        Outcome outcome = world.send(world.gitHubBuild(SHA_3, SHA_3, 1_790_000_000L, "FAILED"), "FAILED");

        assertInstanceOf(Outcome.Skipped.class, outcome, outcome.summary());
        assertEquals(List.of(), world.takePosts());
        assertEquals(List.of(), world.historyItems());
    }

    @Test
    void aWhitelistedBranchTheRepositoryLacksIsNotAskedForAgainAndAgain() {
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_1);
        world.send(world.gitHubBuild(SHA_3, SHA_3, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(1, sandbox.count("github", "GET /repos/acme/widgets/branches/master"));
        world.send(world.gitHubBuild(SHA_2, SHA_2, 1_790_000_600L, "FAILED"), "FAILED");
        assertEquals(1, sandbox.count("github", "GET /repos/acme/widgets/branches/master"), "remembered missing");
        assertEquals(2, sandbox.count("github", "GET /repos/acme/widgets/branches/main"), "heads move: asked each time");
    }

    @Test
    void namedBranchThatIsNotWhitelistedIsSkipped() {
        Outcome outcome = world.send(world.gitHubBuild("refs/heads/feature/x", SHA_1, 1_790_000_000L, "FAILED"),
                "FAILED");
        assertInstanceOf(Outcome.Skipped.class, outcome, outcome.summary());
        assertEquals(List.of(), world.historyItems());
    }

    @Test
    void retryOfAKnownPullRequestCommitKeepsItsFirstStart() {
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        world.takePosts();
        Outcome retry = world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_003_600L, "SUCCEEDED"), "SUCCEEDED");

        assertEquals("pr/42", ((Outcome.Recorded) retry).sourceRef());
        assertEquals(List.of(JANE), world.takePosts(), "failed then passed: a status change");
        assertTrue(world.historyItems().stream().anyMatch(i ->
                        i.get("version_key").s().equals("1790000000250_1790003600250")),
                () -> "version keys: " + world.historyItems().stream().map(i -> i.get("version_key").s()).toList());
    }

    @Test
    void retryOfAnOldBranchCommitIsMappedBackThroughTheHistory() {
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_1);
        world.send(world.gitHubBuild(SHA_1, SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_2); // main moved on
        world.takePosts();

        Outcome retry = world.send(world.gitHubBuild(SHA_1, SHA_1, 1_790_007_200L, "SUCCEEDED"), "SUCCEEDED");

        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, retry, retry.summary());
        assertEquals("branch/main", recorded.sourceRef());
        assertTrue(world.historyItems().stream().anyMatch(i ->
                i.get("version_key").s().equals("1790000000250_1790007200250")
                        && i.get("branch_name").s().equals("main")));
    }

    @Test
    void pushBuildIsNeverMappedOntoAPullRequest() {
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        world.takePosts();
        Outcome push = world.send(world.gitHubBuild(SHA_1, SHA_1, 1_790_000_100L, "FAILED"), "FAILED");
        assertInstanceOf(Outcome.Skipped.class, push, push.summary());
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void exportedWebhookVariablesWinAndGiveThePullRequestItsBranch() {
        world.with("CBN_OVERRIDE_NOTIFY_STRATEGY", "feature-x:status_change");
        Map<String, String> exported = Map.of("CODEBUILD_WEBHOOK_TRIGGER", "pr/9",
                "CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/feature-x");
        Outcome first = world.send(world.gitHubBuildExporting(SHA_1, SHA_1, 1_790_000_000L, "FAILED", exported),
                "FAILED");
        assertEquals("pr/9", ((Outcome.Recorded) first).sourceRef());
        assertEquals("feature-x", item("widgets-ci:pr/9").get("branch_name").s());
        world.takePosts();

        Outcome second = world.send(world.gitHubBuildExporting(SHA_2, SHA_2, 1_790_000_600L, "FAILED", exported),
                "FAILED");
        assertEquals(List.of(), world.takePosts(), "status_change for feature-x: failed again is no change");
        assertTrue(((Outcome.Recorded) second).decision().reason().startsWith("status_change"), second.summary());
        assertEquals(0, sandbox.count("github", "GET /repos/acme/widgets/pulls/9"), "the export named the branch");
    }

    @Test
    void perBranchOverridesReachPullRequestsThroughTheGitHost() {
        world.with("CBN_OVERRIDE_NOTIFY_STRATEGY", "feature-x:status_change");
        sandbox.putGitHubPull("acme", "widgets", 42, "feature-x", SHA_2);
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        world.takePosts();
        Outcome second = world.send(world.gitHubBuild("pr/42", SHA_2, 1_790_000_600L, "FAILED"), "FAILED");
        assertEquals(List.of(), world.takePosts(), second.summary());
        assertEquals("feature-x", item("widgets-ci:pr/42").get("branch_name").s());
    }

    @Test
    void withoutOverridesThePullRequestIsLookedUpOnceForItsTitleOnlyWhenSomeoneHears() {
        sandbox.putGitHubPull("acme", "widgets", 42, "feature-x", SHA_1);
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(1, sandbox.calls().stream().filter(c -> c.operation().contains("/pulls/")).count(),
                "one call, for the title of a notified build");
        world.with("CBN_DEFAULT_NOTIFY_STRATEGY", "status_change");
        world.send(world.gitHubBuild("pr/42", SHA_2, 1_790_000_600L, "FAILED"), "FAILED");
        assertEquals(1, sandbox.calls().stream().filter(c -> c.operation().contains("/pulls/")).count(),
                "a quiet build asks nothing more");
    }

    @Test
    void aHeadRefExportedAloneDoesNotTurnAPullRequestIntoABranch() {
        String arn = world.gitHubBuildExporting("pr/42", SHA_1, 1_790_000_000L, "FAILED",
                Map.of("CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/feature-x"));
        assertEquals("pr/42", ((Outcome.Recorded) world.send(arn, "FAILED")).sourceRef());
    }

    @Test
    void codeCommitPushResolvedFromShaThroughGetBranch() {
        String sha = "5eb06e04c6953cfcb19cb7647f172545e5bb0075";
        com.fasterxml.jackson.databind.node.ObjectNode commit = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("commitId", sha).put("message", "Ship it");
        commit.putObject("author").put("name", "Jane Doe").put("email", "jane@example.com").put("date", "1700000000 +0000");
        sandbox.putCodeCommitCommit("billing", commit);
        sandbox.putCodeCommitBranch("billing", "main", sha);
        String arn = world.build(BuildFixture.of("billing-ci").codeCommit("billing").at(sha, sha)
                .startedAt(1_790_000_000L).status("FAILED"));
        Outcome outcome = world.send(arn, "FAILED");
        assertEquals("branch/main", ((Outcome.Recorded) outcome).sourceRef(), outcome.summary());
        assertEquals(List.of(JANE), world.takePosts());
    }

    @Test
    void aNotifiedCodeCommitPullRequestShowsItsTitleFromGetPullRequest() {
        String sha = "8eb06e04c6953cfcb19cb7647f172545e5bb0075";
        com.fasterxml.jackson.databind.node.ObjectNode commit = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("commitId", sha).put("message", "Bill better");
        commit.putObject("author").put("name", "Jane Doe").put("email", "jane@example.com")
                .put("date", "1700000000 +0000");
        sandbox.putCodeCommitCommit("billing", commit);
        sandbox.putCodeCommitPullRequest("billing", "13", "feature-y", "main");

        Outcome outcome = world.send(world.build(BuildFixture.of("billing-ci").codeCommit("billing").at("pr/13", sha)
                .startedAt(1_790_000_000L).status("FAILED")), "FAILED");

        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        assertEquals(java.util.Optional.of("Merge feature-y into main"), recorded.notification().orElseThrow()
                .fact(io.codebuildnotifier.notification.Notification.FactKey.PR_TITLE));
        assertEquals(1, sandbox.count("codecommit", "GetPullRequest"), "one call, for the notified build");
        assertTrue(World.attachmentText(sandbox.posts().get(0)).contains("Merge feature-y into main"));
    }

    @Test
    void perBranchOverridesReachCodeCommitPullRequestsThroughGetPullRequest() {
        world.with("CBN_OVERRIDE_NOTIFY_STRATEGY", "feature-x:status_change");
        String[] shas = {"6eb06e04c6953cfcb19cb7647f172545e5bb0075", "7eb06e04c6953cfcb19cb7647f172545e5bb0075"};
        for (String sha : shas) {
            com.fasterxml.jackson.databind.node.ObjectNode commit = new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode().put("commitId", sha).put("message", "Bill better");
            commit.putObject("author").put("name", "Jane Doe").put("email", "jane@example.com")
                    .put("date", "1700000000 +0000");
            sandbox.putCodeCommitCommit("billing", commit);
        }
        sandbox.putCodeCommitPullRequest("billing", "11", "feature-x", "main");
        world.send(world.build(BuildFixture.of("billing-ci").codeCommit("billing").at("pr/11", shas[0])
                .startedAt(1_790_000_000L).status("FAILED")), "FAILED");
        world.takePosts();

        Outcome second = world.send(world.build(BuildFixture.of("billing-ci").codeCommit("billing").at("pr/11", shas[1])
                .startedAt(1_790_000_600L).status("FAILED")), "FAILED");

        assertEquals(1, sandbox.count("codecommit", "GetPullRequest"), "the PR's branch, from CodeCommit");
        assertEquals(List.of(), world.takePosts(), "status_change for feature-x: failed again is no change; "
                + second.summary());
        assertEquals("feature-x", item("billing-ci:pr/11").get("branch_name").s());
    }

    @Test
    void primingWarmsTheClientsWithoutReadingTheSecret() {
        io.codebuildnotifier.function.EventsFunction app = io.codebuildnotifier.function.EventsFunction.fromEnvironment(
                Map.of("CBN_DYNAMO_TABLE", world.historyTable, "CBN_SLACK_API_URL", sandbox.slackApiUrl(),
                        "CBN_GITHUB_API_URL", sandbox.githubApiUrl()));
        new io.codebuildnotifier.function.EventsHandler(app).beforeCheckpoint(null);
        assertEquals(1, sandbox.count("codebuild", "BatchGetBuilds"));
        // only a name that does not exist is asked for (PrimingTest has the details)
        assertEquals(List.of(), sandbox.calls().stream().filter(c -> c.service().equals("secretsmanager"))
                .map(c -> c.params().get("SecretId")).filter(Sandbox.SLACK_SECRET_NAME::equals).toList());
        assertEquals(List.of("api.test"), sandbox.calls().stream().filter(c -> c.service().equals("slack"))
                .map(Sandbox.Call::operation).toList());
        assertEquals(List.of(), sandbox.posts());
        assertEquals(List.of(), world.allItems());
    }

    @Test
    void aRotatedSlackTokenIsReadAgain() {
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        world.takePosts();
        sandbox.putSecret(Sandbox.SLACK_SECRET_NAME, "{\"token\":\"xoxb-rotated\"}");
        world.send(world.gitHubBuild("pr/43", SHA_3, 1_790_000_600L, "FAILED"), "FAILED");
        assertEquals(1, sandbox.count("secretsmanager", "GetSecretValue"), "read again once, after invalid_auth");
        assertEquals(List.of(JANE), world.takePosts());
    }

    @Test
    void theSameEventAtOnceOnTwoInstancesNotifiesOnce() throws Exception {
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        String event = World.event(arn, "FAILED");
        var first = world.anotherInstance();
        var second = world.anotherInstance();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> invokeLikeLambda(first, event));
            var b = pool.submit(() -> invokeLikeLambda(second, event));
            List<Outcome> outcomes = List.of(a.get(), b.get());
            assertEquals(List.of(JANE), world.takePosts(), outcomes.toString());
        } finally {
            pool.shutdown();
        }
    }

    /** Invokes as Lambda does: a transient failure is retried (without Lambda's minutes of delay). */
    private static Outcome invokeLikeLambda(io.codebuildnotifier.function.EventsHandler handler,
                                            String event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return handler.handle(new java.io.ByteArrayInputStream(
                        event.getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);
            } catch (TransientFailure e) {
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    @Test
    void reconciliationFindsLostEventsAndLeavesProcessedBuildsAlone() {
        long now = java.time.Instant.now().getEpochSecond();
        world.with("CBN_ADDITIONAL_CHANNEL", "#builds");
        String seen = world.gitHubBuild("pr/42", SHA_1, now - 1800, "FAILED");
        world.send(seen, "FAILED");
        String lost = world.gitHubBuild("pr/42", SHA_2, now - 1200, "SUCCEEDED");
        String feature = world.gitHubBuild(SHA_3, SHA_3, now - 900, "FAILED");
        String running = world.gitHubBuild("pr/43", SHA_3, now - 60, "FAILED"); // too recent: its event may come
        world.takePosts();

        Outcome run = world.deliver(World.scheduledEvent());
        assertInstanceOf(Outcome.Reconciled.class, run, run.summary());
        assertTrue(run.summary().startsWith("reconciled 3 finished builds: 1 already processed, 1 recovered, 1 skipped"),
                run.summary());
        assertEquals(List.of(JANE, BOB), world.takePosts(), "the lost pass: a status change, author and committer");

        Outcome again = world.deliver(World.scheduledEvent());
        assertTrue(again.summary().startsWith("reconciled 3 finished builds: 3 already processed, 0 recovered"),
                again.summary());
        assertEquals(List.of(), world.takePosts());
        assertInstanceOf(Outcome.Duplicate.class, world.send(lost, "SUCCEEDED"), "a late event for it now");

        // the build too recent to reconcile was left alone: its own event is handled as any first event
        Outcome late = world.send(running, "FAILED");
        assertInstanceOf(Outcome.Recorded.class, late, late.summary());
        assertEquals(List.of(JANE), world.takePosts(), "the running build's event notifies: " + late.summary());
        // the push of a branch that is not whitelisted was skipped, and its event tells nobody either
        Outcome pushed = world.send(feature, "FAILED");
        assertFalse(pushed instanceof Outcome.Recorded, pushed.summary());
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void aliasTableFindsTheSlackAccountOfANoreplyAddress() {
        world.alias("jane.doe@users.noreply.github.com", "jane@example.com");
        world.gitHubCommit(SHA_3, "Jane Doe", "jane.doe@users.noreply.github.com", "Merge pull request #42");
        world.send(world.gitHubBuild("pr/42", SHA_3, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(List.of(JANE), world.takePosts());
    }

    @Test
    void adminsHearAboutAnAuthorNobodyCanFind() {
        world.gitHubCommit(SHA_3, "Carol", "carol@example.com", "Refactor");
        Outcome outcome = world.send(world.gitHubBuild("pr/42", SHA_3, 1_790_000_000L, "FAILED"), "FAILED");

        List<Sandbox.SlackPost> posts = sandbox.posts();
        assertEquals(1, posts.size(), outcome.summary());
        assertEquals(ADMIN, posts.get(0).channel());
        assertTrue(posts.get(0).text().contains("carol@example.com"), posts.get(0).text());
        assertTrue(posts.get(0).text().contains("users_not_found"), posts.get(0).text());
    }

    @Test
    void adminsCanBeGivenByIdOrEmail() {
        world.with("CBN_SLACK_ADMIN_USERNAMES", BOB + "," + Cast.ADMIN.email());
        world.gitHubCommit(SHA_3, "Carol", "carol@example.com", "Refactor");
        world.send(world.gitHubBuild("pr/42", SHA_3, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(List.of(BOB, ADMIN), world.takePosts());
    }

    @Test
    void deletedUsersAndBotsAreNeverMessaged() {
        world.gitHubCommit(SHA_3, Cast.DAN.name(), Cast.DAN.email(), Cast.ROBOT.name(), Cast.ROBOT.email(), "Bump deps");
        world.send(world.gitHubBuild("pr/42", SHA_3, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(List.of(ADMIN, ADMIN), world.takePosts(), "only the admin, once per unreachable email");
    }

    @Test
    void codeCommitBuild() {
        String sha = "4eb06e04c6953cfcb19cb7647f172545e5bb0074";
        com.fasterxml.jackson.databind.node.ObjectNode commit = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("commitId", sha).put("message", "Charge VAT on invoices\n");
        commit.putObject("author").put("name", "Bob Stone").put("email", "bob@example.com").put("date", "1700000000 +0000");
        commit.putObject("committer").put("name", "Bob Stone").put("email", "bob@example.com").put("date", "1700000000 +0000");
        sandbox.putCodeCommitCommit("billing", commit);
        String arn = world.build(BuildFixture.of("billing-ci").codeCommit("billing").at("refs/heads/main", sha)
                .startedAt(1_790_000_000L).status("FAILED"));

        Outcome outcome = world.send(arn, "FAILED");

        assertEquals("branch/main", ((Outcome.Recorded) outcome).sourceRef());
        List<Sandbox.SlackPost> posts = sandbox.posts();
        assertEquals(BOB, posts.get(0).channel());
        assertTrue(World.attachmentText(posts.get(0)).contains(
                "https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/billing/commit/" + sha),
                posts.get(0).attachmentsJson());
        assertEquals(1, sandbox.count("codecommit", "GetCommit"));
    }

    @Test
    void stoppedAndInProgressEventsAreIgnoredWithoutCallingAnything() {
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "STOPPED");
        assertInstanceOf(Outcome.Ignored.class, world.send(arn, "STOPPED"));
        assertInstanceOf(Outcome.Ignored.class, world.send(arn, "IN_PROGRESS"));
        assertEquals(List.of(), sandbox.calls());
        assertEquals(List.of(), world.historyItems());
    }

    @Test
    void malformedAndIrrelevantEventsAreRejectedWithoutRetry() {
        assertInstanceOf(Outcome.Rejected.class, world.deliver("{not json"));
        assertInstanceOf(Outcome.Rejected.class, world.deliver("{\"detail-type\":\"EC2 Instance State-change\"}"));
        assertInstanceOf(Outcome.Rejected.class, world.deliver(
                "{\"detail-type\":\"CodeBuild Build State Change\",\"source\":\"aws.codebuild\",\"detail\":{}}"));
        assertInstanceOf(Outcome.Rejected.class, world.deliver(World.event(
                "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:nope", "SUPERSEDED")));
        assertEquals(List.of(), sandbox.calls());
    }

    @Test
    void aBuildCodeBuildNoLongerKnowsIsAPermanentError() {
        Outcome outcome = world.send("arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:00000000-0000-4000-8000-000000000000", "FAILED");
        assertInstanceOf(Outcome.Rejected.class, outcome);
        assertTrue(outcome.summary().contains("does not know"), outcome.summary());
    }

    @Test
    void aCommitTheGitHostDoesNotKnowIsAPermanentError() {
        String arn = world.gitHubBuild("pr/42", "9999999999999999999999999999999999999999", 1_790_000_000L, "FAILED");
        assertInstanceOf(Outcome.Rejected.class, world.send(arn, "FAILED"));
        assertEquals(List.of(), world.historyItems());
    }

    @Test
    void aSlackHiccupIsRetriedWithinTheInvocation() {
        sandbox.failNext("slack", "chat.postMessage", 1, Sandbox.Fault.status(503));
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(List.of(JANE), world.takePosts());
        assertEquals(1, world.waits.size());
    }

    @Test
    void slackRateLimitsAreWaitedOutAsSlackAsks() {
        sandbox.failNext("slack", "chat.postMessage", 2, Sandbox.Fault.slackRateLimited(3));
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(List.of(JANE), world.takePosts());
        assertEquals(List.of(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(3)), world.waits);
    }

    @Test
    void aSlackOutageFailsTheInvocationAndTheRetryDeliversOnce() {
        world.gitHubCommit(SHA_3, "Jane Doe", "jane@example.com", "Bob Stone", "bob@example.com", "Fix");
        String arn = world.gitHubBuild("pr/42", SHA_3, 1_790_000_000L, "FAILED");
        // Jane's message goes out, then Slack fails for good on Bob's
        sandbox.failAfter("slack", "chat.postMessage", 1, 4, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> world.send(arn, "FAILED"));
        assertEquals(List.of(JANE), world.takePosts());

        Outcome retry = world.send(arn, "FAILED"); // Lambda's retry
        assertInstanceOf(Outcome.Recorded.class, retry, retry.summary());
        assertEquals(List.of(BOB), world.takePosts(), "only what is missing");
        assertInstanceOf(Outcome.Duplicate.class, world.send(arn, "FAILED"));
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void gitHostOutageFailsTheInvocationSoLambdaRetries() {
        sandbox.failNext("github", "*", 8, Sandbox.Fault.status(502));
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        assertThrows(TransientFailure.class, () -> world.send(arn, "FAILED"));
        assertEquals(List.of(), world.historyItems());
        world.takePosts();
        sandbox.clearFaults();
        world.send(arn, "FAILED");
        assertEquals(List.of(JANE), world.takePosts());
    }

    @Test
    void theSameEventTwiceNotifiesOnce() {
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        world.send(arn, "FAILED");
        Outcome again = world.send(arn, "FAILED");
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(List.of(JANE), world.takePosts());
    }

    @Test
    void aMissingSecretFailsLoudlyNamingIt() {
        world.with("CBN_SLACK_SECRET_NAME", "nope/missing");
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class, () -> world.send(arn, "FAILED"));
        assertTrue(e.getMessage().contains("nope/missing"), e.getMessage());
    }

    @Test
    void aSecretThatIsNotJsonFailsLoudlyWithoutShowingIt() {
        sandbox.putSecret(Sandbox.SLACK_SECRET_NAME, "xoxb-pasted-without-json");
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class, () -> world.send(arn, "FAILED"));
        assertTrue(e.getMessage().contains("\"token\""), e.getMessage());
        assertFalse(e.getMessage().contains("xoxb-pasted"), e.getMessage());
        sandbox.putSecret(Sandbox.SLACK_SECRET_NAME, "{\"token\":\"" + World.TOKEN + "\"}");
    }

    @Test
    void aMissingTableFailsLoudlyNamingIt() {
        world.with("CBN_DYNAMO_TABLE", "no-such-table");
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class, () -> world.send(arn, "FAILED"));
        assertTrue(e.getMessage().contains("no-such-table"), e.getMessage());
    }

    @Test
    void aRevokedSlackTokenFailsLoudly() {
        sandbox.setSlackToken("xoxb-some-other-token");
        String arn = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class, () -> world.send(arn, "FAILED"));
        assertTrue(e.getMessage().contains("invalid_auth"), e.getMessage());
        assertFalse(e.getMessage().contains(World.TOKEN));
        sandbox.setSlackToken(World.TOKEN);
    }

    @Test
    void userTextInMessagesIsEscaped() {
        world.gitHubCommit(SHA_3, "<@" + BOB + "> & co", "jane@example.com", "<!channel> see <https://evil.example|here>");
        world.send(world.gitHubBuild("pr/42", SHA_3, 1_790_000_000L, "FAILED"), "FAILED");
        Sandbox.SlackPost post = sandbox.posts().get(0);
        String all = post.text() + "\n" + World.attachmentText(post);
        assertFalse(all.contains("<!channel>"), all);
        assertFalse(all.contains("<@" + BOB + ">"), all);
        assertFalse(all.contains("<https://evil"), all);
        assertTrue(all.contains("&lt;!channel&gt;"), all);
    }

    @Test
    void aLateEventForAnOlderBuildIsComparedWithWhatCameBeforeIt() {
        world.with("CBN_DEFAULT_NOTIFY_STRATEGY", "status_change");
        String older = world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED");
        String newer = world.gitHubBuild("pr/42", SHA_2, 1_790_000_600L, "SUCCEEDED");
        world.send(newer, "SUCCEEDED");
        world.takePosts();
        Outcome late = world.send(older, "FAILED");
        assertTrue(late.summary().contains("a newer build of pr/42"), late.summary());
        assertEquals(List.of(), world.takePosts(), "nobody wants a stale 'failed' after a newer 'passed'");
        assertEquals(2, world.historyItems().stream()
                .filter(item -> item.get("source_id").s().equals("widgets-ci:pr/42")).count());
    }

    private Map<String, AttributeValue> item(String sourceId) {
        return world.historyItems().stream().filter(i -> i.get("source_id").s().equals(sourceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + sourceId + " in " + world.historyItems()));
    }
}
