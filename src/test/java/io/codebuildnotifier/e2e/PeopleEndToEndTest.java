package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Robots, GitHub noreply authors and admin notices once a day, through the real handler, DynamoDB
 * Local and the loopback fakes of GitHub and Slack.
 */
@ExtendWith(SandboxExtension.class)
class PeopleEndToEndTest {
    static final String JANE = Cast.JANE.slackId();
    static final String BOB = Cast.BOB.slackId();
    static final String ADMIN = Cast.ADMIN.slackId();
    static final String SHA_1 = "1111111111111111111111111111111111111111";
    static final String SHA_2 = "2222222222222222222222222222222222222222";
    /** A GitHub user whose profile shows Bob's workspace email. */
    static final String LOGIN = "bob-e2e";
    static final String BOB_NOREPLY = "4242+" + LOGIN + "@users.noreply.github.com";
    static final String USER_CALL = "GET /users/" + LOGIN;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        ObjectNode user = JSON.createObjectNode().put("login", LOGIN).put("id", 4242).put("type", "User")
                .put("name", "Bob Stone").put("email", Cast.BOB.email());
        sandbox.putGitHubUser(user);
        sandbox.putGitHubUser(JSON.createObjectNode().put("login", "quiet-e2e").put("id", 4343).put("type", "User")
                .putNull("email"));
    }

    private List<Sandbox.SlackPost> adminPosts() {
        return sandbox.posts().stream().filter(p -> p.channel().equals(ADMIN)).toList();
    }

    private long slackLookupsOf(String email) {
        return sandbox.calls().stream().filter(c -> c.service().equals("slack")
                && c.operation().equals("users.lookupByEmail") && email.equals(c.params().get("email"))).count();
    }

    @Test
    void aWebFlowMergeCommitSendsNoAdminNotice() {
        world.gitHubCommit(SHA_1, "Jane Doe", "jane@example.com", "GitHub", "noreply@github.com",
                "Merge pull request #42 from acme/widget-size\n\nAdd widget size");

        Outcome outcome = world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");

        assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        assertEquals(0, slackLookupsOf("noreply@github.com"));
        assertEquals(List.of(JANE), world.takePosts(), outcome.summary());
    }

    @Test
    void aBotsCommitNotifiesNobodyAndNoAdmin() {
        world.gitHubCommit(SHA_1, "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com",
                "GitHub", "noreply@github.com", "Bump jackson-databind from 2.21.0 to 2.22.4");

        Outcome outcome = world.send(world.gitHubBuild("pr/43", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");

        assertEquals(List.of(), world.takePosts(), outcome.summary());
        assertEquals(0, sandbox.calls().stream().filter(c -> c.operation().startsWith("GET /users/")).count());
    }

    @Test
    void aNoreplyAuthorIsResolvedThroughTheirGitHubUserOnceForManyBuilds() {
        world.gitHubCommit(SHA_1, "Bob Stone", BOB_NOREPLY, "GitHub", "noreply@github.com", "Merge #7");
        world.gitHubCommit(SHA_2, "Bob Stone", BOB_NOREPLY, "GitHub", "noreply@github.com", "Merge #8");

        Outcome first = world.send(world.gitHubBuild("pr/7", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(1, sandbox.count("github", USER_CALL));
        assertEquals(List.of(BOB), world.takePosts(), first.summary());
        // a cold instance remembers nothing of its own; the table does
        Outcome second = world.anotherInstance().handle(new java.io.ByteArrayInputStream(World.event(
                world.gitHubBuild("pr/8", SHA_2, 1_790_000_600L, "FAILED"), "FAILED")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);

        assertEquals(List.of(BOB), world.takePosts(), second.summary());
        assertEquals(0, sandbox.count("github", USER_CALL), "the profile is cached in the table");
        Map<String, AttributeValue> cached = world.allItems().stream()
                .filter(i -> i.get("source_id").s().equals("github-user:" + LOGIN)).findFirst().orElseThrow();
        assertEquals(Cast.BOB.email(), cached.get("email").s());
    }

    @Test
    void aNoreplyAuthorWithoutAPublicEmailIsFoundThroughTheAliasTableAndTheMissIsCached() {
        world.alias("77+quiet-e2e@users.noreply.github.com", "jane@example.com");
        world.gitHubCommit(SHA_1, "Jane Doe", "77+quiet-e2e@users.noreply.github.com", "Polish");

        world.send(world.gitHubBuild("pr/7", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");

        assertEquals(List.of(JANE), world.takePosts());
        Map<String, AttributeValue> cached = world.allItems().stream()
                .filter(i -> i.get("source_id").s().equals("github-user:quiet-e2e")).findFirst().orElseThrow();
        assertTrue(cached.get("no_email").s().contains("no public email"), cached.toString());
    }

    @Test
    void aRateLimitedGitHubFallsBackToTheAliasTableAndIsAskedAgainLater() {
        world.alias(BOB_NOREPLY, "bob@example.com");
        world.gitHubCommit(SHA_1, "Bob Stone", BOB_NOREPLY, "Polish");
        world.gitHubCommit(SHA_2, "Bob Stone", BOB_NOREPLY, "Polish more");
        sandbox.failNext("github", USER_CALL, 1, new Sandbox.Fault.HttpStatus(403,
                "{\"message\":\"API rate limit exceeded\"}", Map.of("x-ratelimit-remaining", "0")));

        Outcome first = world.send(world.gitHubBuild("pr/7", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");

        assertEquals(List.of(BOB), world.takePosts(), first.summary());
        assertTrue(world.allItems().stream().noneMatch(i -> i.get("source_id").s().startsWith("github-user:")),
                "an unavailable profile is not cached");
        world.send(world.gitHubBuild("pr/8", SHA_2, 1_790_000_600L, "FAILED"), "FAILED");
        assertEquals(1, sandbox.count("github", USER_CALL), "asked again once GitHub answers");
        assertEquals(List.of(BOB), world.takePosts());
    }

    @Test
    void anAddressNobodyHasIsReportedOnceADayNamingTheProjectAndCommit() {
        world.gitHubCommit(SHA_1, "Carol", Cast.CAROL.email(), "Refactor");
        world.gitHubCommit(SHA_2, "Carol", Cast.CAROL.email(), "Refactor more");

        world.send(world.gitHubBuild("pr/7", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        List<Sandbox.SlackPost> notices = adminPosts();
        world.takePosts();
        Outcome second = world.send(world.gitHubBuild("pr/8", SHA_2, 1_790_000_600L, "FAILED"), "FAILED");

        assertEquals(1, notices.size());
        String text = notices.get(0).text();
        assertTrue(text.contains(Cast.CAROL.email()) && text.contains("widgets-ci") && text.contains("1111111"), text);
        assertEquals(List.of(), world.takePosts(), "no second notice today: " + second.summary());
        Map<String, AttributeValue> noted = world.allItems().stream()
                .filter(i -> i.get("source_id").s().equals("notice:" + Cast.CAROL.email())).findFirst().orElseThrow();
        assertEquals(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), noted.get("version_key").s());
        assertFalse(noted.get("notice_for").s().isEmpty());
    }

    @Test
    void aRetryAfterTheNoticeFailedSendsItOnce() {
        world.gitHubCommit(SHA_1, "Jane Doe", "jane@example.com", "Carol", Cast.CAROL.email(), "Refactor");
        String arn = world.gitHubBuild("pr/7", SHA_1, 1_790_000_000L, "FAILED");
        // Jane's DM goes out, then Slack fails for good on the notice
        sandbox.failAfter("slack", "chat.postMessage", 1, 4, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> world.send(arn, "FAILED"));
        assertEquals(List.of(JANE), world.takePosts());

        Outcome retry = world.send(arn, "FAILED"); // Lambda's retry: the notice is still owed
        assertEquals(List.of(ADMIN), world.takePosts(), retry.summary());
        assertInstanceOf(Outcome.Duplicate.class, world.send(arn, "FAILED"));
        assertEquals(List.of(), world.takePosts());
    }
}
