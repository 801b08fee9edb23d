package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Streaks, flaky rebuilds and who broke and fixed a branch, through the real handler with DynamoDB Local:
 * the answers come from the history the decision reads, and the fix reaches everyone told of the breakage.
 */
@ExtendWith(SandboxExtension.class)
class StoryEndToEndTest {
    static final String JANE = Cast.JANE.slackId();
    static final String BOB = Cast.BOB.slackId();
    static final String SHA_1 = "5151515151515151515151515151515151515151";
    static final String SHA_2 = "5252525252525252525252525252525252525252";
    static final String SHA_3 = "5353535353535353535353535353535353535353";
    static final String SHA_4 = "5454545454545454545454545454545454545454";
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
        world = World.fresh(dynamo, sandbox).with("CBN_THREADS", "false");
        world.gitHubCommit(SHA_1, "Jane Doe", "jane@example.com", "Break the widget counter");
        world.gitHubCommit(SHA_2, "Jane Doe", "jane@example.com", "Try again");
        world.gitHubCommit(SHA_3, "Bob Stone", "bob@example.com", "Really fix the widget counter");
    }

    private Notification told(String sourceVersion, String sha, long start, int number, String status) {
        String arn = world.build(BuildFixture.of(World.PROJECT).at(sourceVersion, sha).startedAt(start).number(number)
                .status(status));
        Outcome outcome = world.send(arn, status);
        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        return recorded.notification().orElseThrow(() -> new AssertionError(outcome.summary()));
    }

    @Test
    void aPullRequestFailsFailsAgainAndPasses() {
        sandbox.putGitHubPull("acme", "widgets", 77, "feature/counter", SHA_3);
        Notification first = told("pr/77", SHA_1, 1_790_000_000L, 41, "FAILED");
        assertEquals(Optional.of("New failure: the first build of pr/77"), first.fact(FactKey.STREAK));
        assertEquals(Optional.of("Change feature/counter"), first.fact(FactKey.PR_TITLE), "the PR's title");
        assertEquals(Optional.of("1m 30s"), first.fact(FactKey.DURATION));

        Notification second = told("pr/77", SHA_2, 1_790_003_600L, 42, "FAILED");
        assertEquals(Optional.of("2nd failure in a row, failing since 14:13 UTC (build #41, 5151515 by Jane Doe)"),
                second.fact(FactKey.STREAK));

        Notification fixed = told("pr/77", SHA_3, 1_790_007_200L, 43, "SUCCEEDED");
        assertEquals(Optional.of("Fixed after 2 failed builds (2h 01m)"), fixed.fact(FactKey.STREAK));
        assertTrue(fixed.fact(FactKey.FIXED_BY).isEmpty(), "who fixed it is said on branches");
        @SuppressWarnings("unchecked")
        Map<String, Object> streak = (Map<String, Object>) fixed.metadata().payload().get("streak");
        assertEquals(Map.of("status", "passing", "count", 1, "since", 1_790_007_200L), streak);
    }

    @Test
    void aFlakyRebuildIsSaidAndMarked() {
        told("pr/78", SHA_1, 1_790_000_000L, 50, "FAILED");
        Notification rebuilt = told("pr/78", SHA_1, 1_790_000_600L, 51, "SUCCEEDED");

        assertEquals(Optional.of("Flaky? commit 5151515 failed in build #50 and passed in #51"),
                rebuilt.fact(FactKey.FLAKY));
        assertEquals(true, rebuilt.metadata().payload().get("flaky"));
        List<Map<String, AttributeValue>> items = world.historyItems().stream()
                .filter(i -> i.get("source_id").s().equals("widgets-ci:pr/78")).toList();
        assertEquals(2, items.size());
        assertTrue(items.stream().allMatch(i -> i.containsKey("flaky") && i.get("flaky").bool()), items.toString());
        assertTrue(items.stream().allMatch(i -> i.containsKey("build_number") && i.containsKey("end_time")));
    }

    @Test
    void aBranchBrokenByOneAuthorAndFixedByAnotherTellsBoth() {
        world.with("CBN_COMMIT_ROLLUP", "false");
        world.gitHubCommit(SHA_4, "Bob Stone", "bob@example.com", "Start the counter");
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_4);
        told(SHA_4, SHA_4, 1_789_999_000L, 59, "SUCCEEDED");
        world.takePosts();
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_1);
        Notification broken = told(SHA_1, SHA_1, 1_790_000_000L, 60, "FAILED");
        assertEquals(Optional.of("Broken by Jane Doe in 5151515"), broken.fact(FactKey.BROKEN_BY));
        assertEquals(List.of(JANE), world.takePosts());

        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_3);
        Notification fixed = told(SHA_3, SHA_3, 1_790_000_900L, 61, "SUCCEEDED");

        assertEquals(Optional.of("Fixed by Bob Stone in 5353535; broken by Jane Doe in 5151515"),
                fixed.fact(FactKey.FIXED_BY));
        // what Slack received, for other apps: the message metadata of Jane's DM
        Sandbox.SlackPost toJane = sandbox.posts().stream().filter(p -> p.channel().equals(JANE)).findFirst()
                .orElseThrow();
        com.fasterxml.jackson.databind.JsonNode metadata;
        try {
            metadata = new com.fasterxml.jackson.databind.ObjectMapper().readTree(toJane.metadataJson());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals("codebuild_build_finished", metadata.path("event_type").asText());
        com.fasterxml.jackson.databind.JsonNode payload = metadata.path("event_payload");
        assertEquals("widgets-ci", payload.path("project").asText());
        assertEquals(61, payload.path("build_number").asInt());
        assertEquals("SUCCEEDED", payload.path("status").asText());
        assertEquals("branch/main", payload.path("source_ref").asText());
        assertEquals("main", payload.path("branch").asText());
        assertEquals(SHA_3, payload.path("commit").asText());
        assertEquals(90, payload.path("duration_seconds").asInt());
        assertEquals("passing", payload.path("streak").path("status").asText());
        assertEquals(1, payload.path("streak").path("count").asInt());
        assertEquals(false, payload.path("flaky").asBoolean());
        assertEquals(SHA_1, payload.path("broken_by").path("commit").asText());
        assertEquals("jane@example.com", payload.path("broken_by").path("author_email").asText());
        assertTrue(payload.path("failed_tests").isArray());
        assertEquals(List.of(BOB, JANE), world.takePosts(), "Jane hears of Bob's fix of what she broke");
        @SuppressWarnings("unchecked")
        Map<String, Object> brokenBy = (Map<String, Object>) fixed.metadata().payload().get("broken_by");
        assertEquals(Map.of("commit", SHA_1, "author_email", "jane@example.com"), brokenBy);
    }
}
