package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.SignedSlack;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The slash command, end to end: {@code /codebuild …} signed and sent to the real interactions function, answered at
 * once (help, what it cannot read) or at the command's response_url (the rest, done in the same invocation: no work
 * queue); preferences kept in the history table (DynamoDB Local) and honoured by the real events function; deploys
 * started by CodePipeline's StartPipelineExecution once however often confirmed.
 */
@ExtendWith(SandboxExtension.class)
class SlashCommandEndToEndTest {
    static final String SHA_1 = "5151515151515151515151515151515151515151";
    static final String SHA_2 = "5252525252525252525252525252525252525252";

    /**
     * The project these tests build (their builds are recent, for the board), not {@link World#PROJECT}.
     */
    static final String PROJECT = "chatops-ci";
    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;
    SlackSide slack;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox).with("CBN_ADDITIONAL_CHANNEL", "#builds")
                .with("CBN_APPROVERS", Cast.BOB.slackId());
        slack = new SlackSide(world);
        world.gitHubCommit(SHA_1, "Jane Doe", "jane@example.com", "Bob Stone", "bob@example.com", "Add counter");
        world.gitHubCommit(SHA_2, "Jane Doe", "jane@example.com", "Bob Stone", "bob@example.com", "Fix counter");
    }

    /** A GitHub build of {@link #PROJECT}; its ARN. */
    private String build(String sourceVersion, String sha, long startSecond, String status) {
        return world.build(BuildFixture.of(PROJECT).at(sourceVersion, sha).startedAt(startSecond).status(status));
    }

    /** Types a command; its one answer at the response_url, as text. */
    private String ask(Cast.Person who, String text) {
        String trigger = SlackSide.trigger();
        JsonNode response = slack.send(slack.command(who, text, trigger), SignedSlack.FORM);
        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        List<JsonNode> answers = slack.answers(trigger);
        assertEquals(1, answers.size(), text + ": " + sandbox.slackResponses() + " " + slack.logged());
        assertEquals("ephemeral", answers.getFirst().path("response_type").asText(), answers.toString());
        return SlackSide.shown(answers.getFirst());
    }

    /** Types a command answered at once, in the response's body; nothing posted to the response_url. */
    private String askedAtOnce(Cast.Person who, String text) {
        String trigger = SlackSide.trigger();
        JsonNode response = slack.send(slack.command(who, text, trigger), SignedSlack.FORM);
        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        JsonNode body = SlackSide.body(response);
        assertEquals("ephemeral", body.path("response_type").asText(), text + ": " + response);
        assertEquals(List.of(), slack.answers(trigger));
        return SlackSide.shown(body);
    }

    /**
     * Two hours ago: the builds here start after it, and end before the reconciler's window (the last hour), which
     * another class's reconciliation lists account-wide in the JVM's shared sandbox.
     */
    private long now() {
        return java.time.Instant.now().getEpochSecond() - 7_200;
    }

    // ------------------------------------------------------------------ status

    @Test
    void statusTellsWhereTheBuildsStand() {
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_1);
        world.send(build(SHA_1, SHA_1, now() - 3_600, "FAILED"), "FAILED");
        world.send(build("pr/42", SHA_2, now() - 600, "SUCCEEDED"), "SUCCEEDED");
        world.takePosts();

        String recent = ask(Cast.JANE, "status");
        assertTrue(recent.contains(PROJECT + " · PR #42: SUCCEEDED"), "each project's latest build: " + recent);

        String project = ask(Cast.JANE, "status " + PROJECT);
        assertTrue(project.contains("Where " + PROJECT + " stands"), project);
        assertTrue(project.contains("main") && project.contains("FAILED"), project);
        assertTrue(project.contains("SUCCEEDED"), "the open PR's latest build: " + project);

        String unknown = ask(Cast.JANE, "status gizmos-ci");
        assertTrue(unknown.contains("No builds of a project or repository named gizmos-ci"), unknown);
    }

    @Test
    void statusWithNothingInTheHistory() {
        assertTrue(ask(Cast.JANE, "status").contains("No builds in the history yet."));
    }

    // ------------------------------------------------------------------ preferences

    @Test
    void aMutedPersonGetsNoDirectMessageAndTheChannelPostIsUnchanged() {
        String muted = ask(Cast.JANE, "mute " + PROJECT);
        assertTrue(muted.contains("Muted your DMs about " + PROJECT), muted);
        assertTrue(ask(Cast.JANE, "prefs").contains("Muted: " + PROJECT), "prefs");

        // main's builds are posted to the channel too
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_1);
        world.send(build(SHA_1, SHA_1, now() - 600, "FAILED"), "FAILED");
        assertEquals(List.of(Cast.BOB.slackId(), Cast.CHANNEL), world.takePosts(), "Jane muted it; Bob and the channel"
                + " are told");

        String unmuted = ask(Cast.JANE, "unmute " + PROJECT);
        assertTrue(unmuted.contains("Unmuted your DMs about " + PROJECT), unmuted);
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_2);
        world.send(build(SHA_2, SHA_2, now() - 300, "FAILED"), "FAILED");
        assertEquals(List.of(Cast.JANE.slackId(), Cast.BOB.slackId(), Cast.CHANNEL), world.takePosts());
    }

    @Test
    void muteAllForADurationAndUnmuteAll() {
        String muted = ask(Cast.JANE, "mute all for 2h");
        assertTrue(muted.contains("Muted all your DMs until "), muted);
        String prefs = ask(Cast.JANE, "prefs");
        assertTrue(prefs.contains("Muted: All your DMs, until "), prefs);
        assertTrue(ask(Cast.JANE, "unmute " + PROJECT).contains("not muted on its own"), "all, not the project");
        assertTrue(ask(Cast.JANE, "unmute all").contains("Unmuted all your DMs."));
        assertTrue(ask(Cast.JANE, "unmute all").contains("Nothing was muted."));
    }

    @Test
    void anOwnStrategyTellsThePersonWhenTheDefaultIsQuiet() {
        world.with("CBN_DEFAULT_NOTIFY_STRATEGY", "status_change");
        String chose = ask(Cast.BOB, "notify every_build");
        assertTrue(chose.contains("Your DMs now follow every_build"), chose);
        assertTrue(ask(Cast.BOB, "prefs").contains("DMs: every_build"));
        world.send(build("pr/42", SHA_1, now() - 600, "FAILED"), "FAILED");
        assertEquals(List.of(Cast.JANE.slackId(), Cast.BOB.slackId()), world.takePosts(), "a PR's: no channel post");

        world.send(build("pr/42", SHA_2, now() - 300, "FAILED"), "FAILED");

        assertEquals(List.of(Cast.BOB.slackId()), world.takePosts(),
                "status unchanged: only Bob's own every_build tells him");
        assertTrue(ask(Cast.BOB, "notify default").contains("default strategy again"));
        assertTrue(ask(Cast.BOB, "prefs").contains("DMs: the default strategy"));
    }

    // ------------------------------------------------------------------ deploys and runs

    @Test
    void deployAsksThenStartsThePipelineOnceHoweverOftenConfirmed() {
        world.recordedPipeline();
        int before = sandbox.pipelineStarts().size();
        String trigger = SlackSide.trigger();
        slack.send(slack.command(Cast.BOB, "deploy " + World.PIPELINE, trigger), SignedSlack.FORM);
        List<JsonNode> asked = slack.answers(trigger);
        assertEquals(1, asked.size(), sandbox.slackResponses().toString());
        assertTrue(SlackSide.shown(asked.getFirst()).contains("Deploy " + World.PIPELINE + "?"), asked.toString());
        assertEquals(before, sandbox.pipelineStarts().size(), "nothing started before the confirmation");

        String first = SlackSide.trigger();
        String second = SlackSide.trigger();
        slack.sendPayload(slack.clickAnswer(Cast.BOB, asked.getFirst(), Actions.CONFIRM_DEPLOY, first));
        slack.sendPayload(slack.clickAnswer(Cast.BOB, asked.getFirst(), Actions.CONFIRM_DEPLOY, second));

        List<Sandbox.PipelineStart> starts = sandbox.pipelineStarts().subList(before, sandbox.pipelineStarts().size());
        assertEquals(1, starts.size(), starts.toString());
        assertEquals(World.PIPELINE, starts.getFirst().pipeline());
        String started = SlackSide.shown(slack.answers(first).getFirst());
        assertTrue(started.contains("Started " + World.PIPELINE + ": execution " + starts.getFirst().executionId()),
                started);
        assertTrue(slack.answers(first).getFirst().path("replace_original").asBoolean(),
                "the confirmation is replaced: " + slack.answers(first));
        assertTrue(SlackSide.shown(slack.answers(second).getFirst()).contains(starts.getFirst().executionId()),
                "the second click is told the same execution");

        String runs = ask(Cast.JANE, "runs " + World.PIPELINE);
        assertTrue(runs.contains("The latest runs of " + World.PIPELINE), runs);
        assertTrue(runs.contains(starts.getFirst().executionId().substring(0, 8)), "the new run is listed: " + runs);
    }

    @Test
    void deployIsForApproversOnlyAndCancelStartsNothing() {
        world.recordedPipeline();
        int before = sandbox.pipelineStarts().size();
        assertTrue(ask(Cast.JANE, "deploy " + World.PIPELINE).contains("not allowed to deploy"));

        String trigger = SlackSide.trigger();
        slack.send(slack.command(Cast.BOB, "deploy " + World.PIPELINE, trigger), SignedSlack.FORM);
        JsonNode asked = slack.answers(trigger).getFirst();
        // Jane clicks the confirmation Bob was shown (she cannot see it; a forged click is refused all the same)
        String janes = SlackSide.trigger();
        slack.sendPayload(slack.clickAnswer(Cast.JANE, asked, Actions.CONFIRM_DEPLOY, janes));
        assertTrue(SlackSide.shown(slack.answers(janes).getFirst()).contains("not allowed to deploy"));
        String cancel = SlackSide.trigger();
        slack.sendPayload(slack.clickAnswer(Cast.BOB, asked, Actions.CANCEL_DEPLOY, cancel));
        assertTrue(SlackSide.shown(slack.answers(cancel).getFirst()).contains("Not deploying " + World.PIPELINE));

        assertEquals(before, sandbox.pipelineStarts().size());
    }

    @Test
    void runsOfAPipelineThatDoesNotExist() {
        String said = ask(Cast.JANE, "runs no-such-pipeline");
        assertTrue(said.contains("No executions of no-such-pipeline could be read"), said);
    }

    // ------------------------------------------------------------------ help, unknown, bad arguments

    @Test
    void helpAndNothingAreAnsweredAtOnce() {
        String help = askedAtOnce(Cast.JANE, "help");
        assertTrue(help.contains("/codebuild status [PROJECT|REPOSITORY]"), help);
        assertTrue(help.contains("/codebuild deploy PIPELINE"), help);
        assertTrue(askedAtOnce(Cast.JANE, "").contains("/codebuild mute"), "no text: the help");
    }

    @Test
    void anUnknownCommandAndBadArgumentsAreSaidWithTheHelp() {
        String unknown = askedAtOnce(Cast.JANE, "frobnicate now");
        assertTrue(unknown.contains("I don't know") && unknown.contains("frobnicate"), unknown);
        assertTrue(unknown.contains("/codebuild help"), "with the help: " + unknown);

        assertTrue(askedAtOnce(Cast.JANE, "mute widgets-ci for ever").contains("is not a duration"));
        assertTrue(askedAtOnce(Cast.JANE, "mute widgets-ci 2h").contains("mute [PROJECT|all] [for DURATION]"));
        assertTrue(askedAtOnce(Cast.JANE, "notify sometimes").contains("is not a strategy"));
        assertTrue(askedAtOnce(Cast.JANE, "notify").contains("Choose how your DMs come"));
        assertTrue(askedAtOnce(Cast.JANE, "deploy").contains("deploy takes one pipeline name"));
        assertTrue(askedAtOnce(Cast.JANE, "runs a b").contains("runs takes one pipeline name"));
        assertTrue(askedAtOnce(Cast.JANE, "status a b").contains("status takes one project or repository name"));
        assertTrue(askedAtOnce(Cast.JANE, "prefs please").contains("prefs takes no arguments"));
        assertTrue(askedAtOnce(Cast.JANE, "deploy <https://evil.example|web>").contains("is not a pipeline name"));

        assertEquals(0, world.allItems().stream().filter(i -> i.get("source_id").s().startsWith("prefs:")).count(),
                "nothing saved");
    }
}
