package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.SignedSlack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Retry build button, end to end: a failed build's DM posted by the real events function (its Retry button as the
 * loopback Slack keeps it), clicked in Slack, the click signed and sent to the real interactions function, which
 * calls CodeBuild's RetryBuild, updates the DM with chat.update and answers at the click's response_url.
 */
@ExtendWith(SandboxExtension.class)
class RetryButtonEndToEndTest {
    static final String SHA = "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;
    SlackSide slack;
    /** The sandbox keeps every retry of the JVM's tests: this test's are those after these. */
    int retriesBefore;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox);
        slack = new SlackSide(world);
        world.gitHubCommit(SHA, "Jane Doe", "jane@example.com", "Validate widget sizes");
        retriesBefore = sandbox.buildRetries().size();
    }

    /** The builds RetryBuild started in this test. */
    private List<Sandbox.BuildRetry> retries() {
        List<Sandbox.BuildRetry> all = sandbox.buildRetries();
        return all.subList(retriesBefore, all.size());
    }

    /** A failed build of Jane's PR, told to her by the events function; the DM as Slack keeps it. */
    private Sandbox.SlackMessageHistory failedBuildDm() {
        String arn = world.build(BuildFixture.of(World.PROJECT).at("pr/42", SHA).startedAt(1_793_700_000L)
                .number(41).status("FAILED"));
        Outcome outcome = world.send(arn, "FAILED");
        assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        assertEquals(List.of(Cast.JANE.slackId()), world.takePosts());
        Sandbox.SlackMessageHistory dm = sandbox.slackMessages().getLast();
        assertTrue(SlackSide.interactive(dm.current()), "the failed build's DM carries its Retry button");
        return dm;
    }

    private Sandbox.SlackMessageHistory now(Sandbox.SlackMessageHistory message) {
        return sandbox.slackMessage(message.channel(), message.ts()).orElseThrow();
    }

    @Test
    void theAuthorRetriesTheBuildAndTheMessageSaysSo() {
        Sandbox.SlackMessageHistory dm = failedBuildDm();
        String trigger = SlackSide.trigger();

        JsonNode response = slack.sendPayload(slack.click(Cast.JANE, dm, Actions.RETRY_BUILD, trigger));

        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        List<Sandbox.BuildRetry> retries = retries();
        assertEquals(1, retries.size(), retries.toString());
        assertTrue(retries.getFirst().retriedId().contains(World.PROJECT + ":"), retries.toString());
        assertFalse(retries.getFirst().token() == null || retries.getFirst().token().isBlank(),
                "an idempotency token: " + retries);
        Sandbox.SlackMessageHistory updated = now(dm);
        assertEquals(1, updated.updates(), "chat.update once");
        String shown = SlackSide.shown(updated.current());
        assertTrue(shown.contains("<@" + Cast.JANE.slackId() + "> retried this build"), shown);
        assertTrue(shown.contains("build #" + retries.getFirst().newNumber()), shown);
        assertFalse(SlackSide.interactive(updated.current()), "the buttons are gone: " + updated.current());
        List<JsonNode> answers = slack.answers(trigger);
        assertEquals(1, answers.size(), sandbox.slackResponses().toString());
        assertEquals("ephemeral", answers.getFirst().path("response_type").asText(), answers.toString());
        assertTrue(SlackSide.shown(answers.getFirst()).contains("Retrying " + World.PROJECT), answers.toString());
    }

    @Test
    void aStrangerIsNotAllowedAndNothingHappens() {
        Sandbox.SlackMessageHistory dm = failedBuildDm();
        String trigger = SlackSide.trigger();

        JsonNode response = slack.sendPayload(slack.click(Cast.BOB, dm, Actions.RETRY_BUILD, trigger));

        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        assertEquals(List.of(), retries());
        assertEquals(0, now(dm).updates(), "the message is unchanged");
        List<JsonNode> answers = slack.answers(trigger);
        assertEquals(1, answers.size(), sandbox.slackResponses().toString());
        assertEquals("ephemeral", answers.getFirst().path("response_type").asText());
        assertTrue(SlackSide.shown(answers.getFirst()).contains("not allowed"), answers.toString());
    }

    @Test
    void aDoubleClickStartsOneBuild() {
        Sandbox.SlackMessageHistory dm = failedBuildDm();
        ObjectNode first = slack.click(Cast.JANE, dm, Actions.RETRY_BUILD, SlackSide.trigger());
        // the second click comes before Slack shows the update: the same message, buttons and all
        ObjectNode second = slack.click(Cast.JANE, dm, Actions.RETRY_BUILD, SlackSide.trigger());

        slack.sendPayload(first);
        slack.sendPayload(second);

        assertEquals(1, retries().size(), retries().toString());
        assertEquals(2, sandbox.count("codebuild", "RetryBuild"), "both clicks asked, with the same token");
        List<String> tokens = sandbox.calls().stream().filter(c -> c.operation().equals("RetryBuild"))
                .map(c -> c.params().toString()).toList();
        assertEquals(1, tokens.stream().distinct().count(), tokens.toString());
    }

    @Test
    void aSlackRetryOfTheSameClickActsOnce() {
        Sandbox.SlackMessageHistory dm = failedBuildDm();
        String trigger = SlackSide.trigger();
        String body = SignedSlack.payload(slack.click(Cast.JANE, dm, Actions.RETRY_BUILD, trigger));

        slack.send(body, SignedSlack.FORM);
        JsonNode retried = slack.send(body, SignedSlack.FORM, Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout"));

        assertEquals(200, retried.path("statusCode").asInt(), retried.toString());
        assertEquals(1, retries().size());
        assertEquals(1, sandbox.count("codebuild", "RetryBuild"), "the retry is known by its request id: not even asked");
        assertEquals(1, now(dm).updates());
        assertEquals(1, slack.answers(trigger).size(), "answered once");
    }
}
