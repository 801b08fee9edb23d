package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.notification.ActionIds;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Action;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sandbox.BlockKitRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A notification's actions as Block Kit: buttons with their arguments as JSON values, a member picker, within limits. */
class ActionButtonsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode blocks(Notification n) throws Exception {
        SlackWire wire = SlackWire.of(SlackMessages.render(n));
        assertEquals(List.of(), BlockKitRules.problems(wire.blocksJson(), wire.attachmentsJson()));
        return JSON.readTree(wire.attachmentsJson()).get(0).path("blocks");
    }

    private static List<JsonNode> actionsBlocks(JsonNode blocks) {
        List<JsonNode> found = new ArrayList<>();
        blocks.forEach(b -> {
            if (b.path("type").asText().equals("actions")) {
                found.add(b);
            }
        });
        return found;
    }

    private static Notification failedBuild(List<Action> actions) {
        return BlockKitMessagesTest.failedBuild(f -> f, BlockKitMessagesTest.JANE, Notification.Tests.NONE)
                .withActions(actions);
    }

    private static Action retry(String people) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put(ActionIds.BUILD_ID, "widgets-ci:0b1c2d3e");
        args.put(ActionIds.PEOPLE, people);
        return Action.button(ActionIds.RETRY_BUILD, "Retry build", args, Action.Style.DEFAULT);
    }

    @Test
    void aFailedBuildsRetryButtonJoinsItsLinkButtons() throws Exception {
        int without = blocks(failedBuild(List.of())).size();
        JsonNode blocks = blocks(failedBuild(List.of(retry("U0JANE0001,U0BOB00002"))));

        assertEquals(without, blocks.size(), "no block more: the button joins the link buttons' block");
        JsonNode elements = actionsBlocks(blocks).getLast().path("elements");
        JsonNode retry = elements.get(0);
        assertEquals("retry_build", retry.path("action_id").asText());
        assertEquals("Retry build", retry.path("text").path("text").asText());
        assertEquals("{\"build\":\"widgets-ci:0b1c2d3e\",\"people\":\"U0JANE0001,U0BOB00002\"}",
                retry.path("value").asText(), "compact JSON, in order");
        assertTrue(retry.path("url").isMissingNode());
        assertEquals(List.of("[Retry build]", "[View build]", "[View logs]"),
                List.of(elements.get(0), elements.get(1), elements.get(2)).stream()
                        .map(e -> "[" + e.path("text").path("text").asText() + "]").toList());
        assertTrue(SlackMessages.readable(failedBuild(List.of(retry("")))).contains("[Retry build] [View build]"));
    }

    @Test
    void approveIsPrimaryAndRejectDanger() throws Exception {
        Map<String, String> args = Map.of(ActionIds.PIPELINE, "web-release");
        Notification approval = new Notification(new NotificationKey("approval:x"), Notification.Kind.APPROVAL,
                Notification.Severity.WARNING, "web-release is waiting for approval at Prod / Approve",
                List.of(new Fact(FactKey.PIPELINE, "web-release")), List.of(new Link(LinkKey.CONSOLE,
                "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/web-release/view", "View pipeline")),
                List.of(), List.of(Action.button(ActionIds.APPROVE, "Approve", args, Action.Style.PRIMARY),
                Action.button(ActionIds.REJECT, "Reject", args, Action.Style.DANGER)));

        JsonNode elements = actionsBlocks(blocks(approval)).getLast().path("elements");

        assertEquals(List.of("approve:primary", "reject:danger", ":"), List.of(elements.get(0), elements.get(1),
                elements.get(2)).stream().map(e -> e.path("action_id").asText().replaceAll("^link-.*", "")
                + ":" + e.path("style").asText("")).toList());
        assertEquals("{\"pipeline\":\"web-release\"}", elements.get(0).path("value").asText());
    }

    @Test
    void thePersonNotFoundNoticeCarriesAMemberPickerNamingTheAddress() throws Exception {
        Notification notice = new Notification(NotificationKey.build("widgets-ci:1"),
                Notification.Kind.PERSON_NOT_FOUND, Notification.Severity.WARNING, "No chat member found",
                List.of(new Fact(FactKey.EMAIL, "jane@old-mail.com"), new Fact(FactKey.ERROR, "users_not_found")),
                List.of(), List.of(), List.of(Action.userPicker(ActionIds.LINK_PERSON, "Link jane@old-mail.com to",
                Map.of(ActionIds.EMAIL, "jane@old-mail.com"))));
        int without = blocks(notice.withActions(List.of())).size();

        JsonNode blocks = blocks(notice);

        assertEquals(without + 1, blocks.size(), "the picker's own actions block");
        JsonNode picker = actionsBlocks(blocks).getLast();
        assertEquals("{\"email\":\"jane@old-mail.com\"}", picker.path("block_id").asText(),
                "a users_select has no value: its block names the arguments");
        assertEquals("users_select", picker.path("elements").get(0).path("type").asText());
        assertEquals("link_person", picker.path("elements").get(0).path("action_id").asText());
        assertEquals("Link jane@old-mail.com to", picker.path("elements").get(0).path("placeholder").path("text")
                .asText());
        assertTrue(SlackMessages.readable(notice).contains("[Link jane@old-mail.com to \u25be]"));
    }

    @Test
    void anActionWhoseArgumentsDoNotFitIsLeftOutAndLabelsAreClipped() throws Exception {
        Action huge = Action.button(ActionIds.RETRY_BUILD, "R".repeat(200), Map.of(ActionIds.BUILD_ID,
                "x".repeat(3000)), Action.Style.DEFAULT);
        Action long_ = Action.button("other", "L".repeat(200), Map.of(ActionIds.BUILD_ID, "b"), Action.Style.DEFAULT);
        Action twice = Action.button("other", "again", Map.of(), Action.Style.DEFAULT);

        JsonNode elements = actionsBlocks(blocks(failedBuild(List.of(huge, long_, twice)))).getLast().path("elements");

        assertEquals("other", elements.get(0).path("action_id").asText());
        assertEquals(75, elements.get(0).path("text").path("text").asText().length());
        assertEquals(3, elements.size(), "the long one and the two links; the huge one and the second 'other' left out");
    }
}
