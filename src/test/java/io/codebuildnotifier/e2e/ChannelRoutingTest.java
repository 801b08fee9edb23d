package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CBN_CHANNEL_ROUTES through the real handler: wildcards, the first match, the catch-all, PRs left out. */
@ExtendWith(SandboxExtension.class)
class ChannelRoutingTest {
    static final String JANE = Cast.JANE.slackId();
    static final String SHA = "4444444444444444444444444444444444444444";
    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
        sandbox.putSlackChannel("C0WEBAPP01", "webapp-ci");
        sandbox.putSlackChannel("C0CI000001", "ci");
    }

    @BeforeEach
    void freshWorld() {
        // a new message per build here: with rollups every project of a commit shares one, with threads a branch one thread
        world = World.fresh(dynamo, sandbox).with("CBN_COMMIT_ROLLUP", "false").with("CBN_THREADS", "false");
        world.gitHubCommit(SHA, "Jane Doe", "jane@example.com", "Route builds");
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA);
    }

    private List<String> postsFor(String project, String sourceVersion, long start) {
        String arn = world.build(BuildFixture.of(project).at(sourceVersion, SHA).startedAt(start).status("FAILED"));
        Outcome outcome = world.send(arn, "FAILED");
        assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        return world.takePosts();
    }

    @Test
    void theFirstMatchingRuleWinsAndTheCatchAllTakesTheRest() {
        world.with("CBN_CHANNEL_ROUTES", "build:webapp-*=#webapp-ci, build:*-nightly=#ci")
                .with("CBN_ADDITIONAL_CHANNEL", "#builds");

        assertEquals(List.of(JANE, "#webapp-ci"), postsFor("webapp-api", SHA, 1_790_000_000L));
        assertEquals(List.of(JANE, "#webapp-ci"), postsFor("webapp-nightly", SHA, 1_790_000_100L),
                "the first rule that matches");
        assertEquals(List.of(JANE, "#ci"), postsFor("docs-nightly", SHA, 1_790_000_200L));
        assertEquals(List.of(JANE, "#builds"), postsFor("billing", SHA, 1_790_000_300L), "the catch-all");
        assertEquals(List.of(JANE), postsFor("webapp-web", "pr/42", 1_790_000_400L), "pull requests: DMs only");
    }

    @Test
    void withoutACatchAllAProjectNoRuleMatchesGetsDirectMessagesOnly() {
        world.with("CBN_CHANNEL_ROUTES", "build:webapp-*=#webapp-ci");

        assertEquals(List.of(JANE), postsFor("billing", SHA, 1_790_000_000L));
        assertEquals(List.of(JANE, "#webapp-ci"), postsFor("webapp-api", SHA, 1_790_000_100L));
    }

    @Test
    void aMalformedRuleFailsAtStartNamingTheVariable() {
        for (String bad : List.of("webapp-*=#ci", "build:webapp-*", "deploys:x=#ci", "build:=#ci", "build:x=#not a channel")) {
            MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class,
                    () -> world.with("CBN_CHANNEL_ROUTES", bad).handler(), bad);
            assertTrue(e.getMessage().startsWith("CBN_CHANNEL_ROUTES: "), e.getMessage());
        }
    }
}
