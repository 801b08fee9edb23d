package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.codebuildnotifier.adapter.aws.DynamoAliasBook;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Link a person, end to end: a build by an address Slack does not know ends in the admins' PERSON_NOT_FOUND notice
 * (the alias table is set, so it carries a member picker); an admin picks the person, the alias row is written in
 * DynamoDB Local and read back by the real {@link DynamoAliasBook}, the notice amended, and the next build by that
 * address finds the person. A non-admin's pick is refused.
 */
@ExtendWith(SandboxExtension.class)
class LinkPersonEndToEndTest {
    static final String OLD_MAIL = "jane@old-mail.com";
    static final String SHA_1 = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a01";
    static final String SHA_2 = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a02";

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
        world = World.fresh(dynamo, sandbox);
        slack = new SlackSide(world);
        world.gitHubCommit(SHA_1, "Jane Doe", OLD_MAIL, "Resize widgets");
        world.gitHubCommit(SHA_2, "Jane Doe", OLD_MAIL, "Resize widgets again");
    }

    /** Jane's build from her old address: nobody to DM, the admin told with a picker. */
    private Sandbox.SlackMessageHistory notice() {
        world.send(world.gitHubBuild("pr/7", SHA_1, 1_793_700_000L, "FAILED"), "FAILED");
        assertEquals(List.of(Cast.ADMIN.slackId()), world.takePosts(), "only the admin's notice");
        Sandbox.SlackMessageHistory notice = sandbox.slackMessages().getLast();
        String shown = SlackSide.shown(notice.current());
        assertTrue(shown.contains(OLD_MAIL), shown);
        assertTrue(SlackSide.interactive(notice.current()), "a member picker: " + notice.current());
        return notice;
    }

    private Optional<String> aliasOf(String email) {
        return new DynamoAliasBook(dynamo.client(), world.aliasTable).workspaceEmail(email,
                Deadline.in(Duration.ofSeconds(10)));
    }

    @Test
    void anAdminLinksTheAddressAndTheNextBuildFindsThePerson() {
        Sandbox.SlackMessageHistory notice = notice();
        String trigger = SlackSide.trigger();

        JsonNode response = slack.sendPayload(slack.pick(Cast.ADMIN, notice, Actions.LINK_PERSON, Cast.JANE, trigger));

        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        assertEquals(Optional.of(Cast.JANE.email()), aliasOf(OLD_MAIL), "the alias row, read by the real alias book");
        Sandbox.SlackMessageHistory amended = sandbox.slackMessage(notice.channel(), notice.ts()).orElseThrow();
        assertEquals(1, amended.updates());
        String shown = SlackSide.shown(amended.current());
        assertTrue(shown.contains("> linked ") && shown.contains(OLD_MAIL) && shown.contains(Cast.JANE.email()),
                shown);
        assertFalse(SlackSide.interactive(amended.current()), "the picker is gone: " + amended.current());
        List<JsonNode> answers = slack.answers(trigger);
        assertEquals(1, answers.size(), sandbox.slackResponses().toString());
        assertTrue(SlackSide.shown(answers.getFirst()).contains("Linked " + OLD_MAIL), answers.toString());

        world.restartEvents();
        world.send(world.gitHubBuild("pr/7", SHA_2, 1_793_700_600L, "FAILED"), "FAILED");
        assertEquals(List.of(Cast.JANE.slackId()), world.takePosts(), "Jane is found through the new alias");
    }

    @Test
    void aNonAdminIsRefusedAndNothingIsWritten() {
        Sandbox.SlackMessageHistory notice = notice();
        String trigger = SlackSide.trigger();

        slack.sendPayload(slack.pick(Cast.BOB, notice, Actions.LINK_PERSON, Cast.BOB, trigger));

        assertEquals(Optional.empty(), aliasOf(OLD_MAIL));
        assertEquals(0, sandbox.slackMessage(notice.channel(), notice.ts()).orElseThrow().updates());
        List<JsonNode> answers = slack.answers(trigger);
        assertEquals(1, answers.size());
        assertTrue(SlackSide.shown(answers.getFirst()).contains("Only the notifier's admins"), answers.toString());
    }

    @Test
    void withoutAnAliasTableTheNoticeHasNoPicker() {
        world.with("CBN_SLACK_ALIAS_TABLE", "");
        world.send(world.gitHubBuild("pr/7", SHA_1, 1_793_700_000L, "FAILED"), "FAILED");
        assertEquals(List.of(Cast.ADMIN.slackId()), world.takePosts());
        assertFalse(SlackSide.interactive(sandbox.slackMessages().getLast().current()));
    }
}
