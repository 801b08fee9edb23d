package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.interactions.Actions;
import io.codebuildnotifier.interactions.Answer;
import io.codebuildnotifier.interactions.Dialog;
import io.codebuildnotifier.interactions.Home;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.sandbox.BlockKitRules;
import io.codebuildnotifier.testkit.SignedSlack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SlackAnswers}: the JSON Slack reads, within its limits, with every person's text escaped. */
class SlackAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String json) throws Exception {
        return JSON.readTree(json);
    }

    /** What Slack posts back when a button with this value is clicked, as the interactions read it. */
    private static SlackRequests.Result click(String actionId, String valueJson) {
        return SlackRequests.parse(new SlackRequests.Verified(
                SignedSlack.payload(SignedSlack.blockActions(actionId, valueJson, "1.2.3")), SignedSlack.FORM, 0));
    }

    /** The args a click on this rendered button carries to the interactions. */
    private static Map<String, String> clicked(JsonNode button) {
        SlackRequests.Result result = click(button.path("action_id").asText(), button.path("value").asText());
        return ((Request.Click) assertInstanceOf(SlackRequests.Result.Parsed.class, result).request()).args();
    }

    @Test
    void anAnswerIsAnEphemeralResponseWithItsTitleLinesLinksAndButtons() throws Exception {
        Answer answer = new Answer("Deploy web-release?", List.of("It starts the pipeline now."),
                List.of(new Answer.LinkedText("the pipeline", "https://console.example/p")),
                List.of(new Answer.Button(Actions.CONFIRM_DEPLOY, "Deploy", Map.of(Actions.PIPELINE, "web-release",
                        Actions.NONCE, "1793000000.1"), Answer.Button.Style.PRIMARY),
                        new Answer.Button(Actions.CANCEL_DEPLOY, "Cancel", Map.of(), Answer.Button.Style.DEFAULT)),
                false, false);
        JsonNode body = read(SlackAnswers.responseBody(answer));
        assertEquals("ephemeral", body.path("response_type").asText());
        assertFalse(body.path("replace_original").asBoolean(true));
        assertEquals("Deploy web-release?", body.path("text").asText());
        JsonNode blocks = body.path("blocks");
        assertEquals("*Deploy web-release?*", blocks.get(0).path("text").path("text").asText());
        assertEquals("It starts the pipeline now.", blocks.get(1).path("text").path("text").asText());
        assertEquals("<https://console.example/p|the pipeline>", blocks.get(2).path("text").path("text").asText());
        JsonNode buttons = blocks.get(3).path("elements");
        assertEquals("actions", blocks.get(3).path("type").asText());
        assertEquals(Actions.CONFIRM_DEPLOY, buttons.get(0).path("action_id").asText());
        assertEquals("primary", buttons.get(0).path("style").asText());
        assertEquals(Map.of(Actions.PIPELINE, "web-release", Actions.NONCE, "1793000000.1"),
                clicked(buttons.get(0)));
        assertEquals("{\"nonce\":\"1793000000.1\",\"pipeline\":\"web-release\"}", buttons.get(0).path("value").asText());
        assertFalse(buttons.get(1).has("style"));
        assertEquals(List.of(), BlockKitRules.problems(blocks.toString(), null));
    }

    @Test
    void anAnswerForAllReplacingTheOriginalSaysSo() throws Exception {
        JsonNode body = read(SlackAnswers.responseBody(new Answer("", List.of("Done"), List.of(), List.of(), true,
                true)));
        assertEquals("in_channel", body.path("response_type").asText());
        assertTrue(body.path("replace_original").asBoolean());
        assertEquals("Done", body.path("text").asText());
    }

    @Test
    void peoplesTextIsEscapedAndMadeOneLine() throws Exception {
        JsonNode body = read(SlackAnswers.responseBody(Answer.of("<!channel> & <https://evil.example|click>\nnext",
                "\u202Eevil")));
        String shown = body.path("blocks").get(0).path("text").path("text").asText();
        assertFalse(shown.contains("<"), shown);
        assertTrue(shown.contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; next"), shown);
        assertFalse(shown.contains("\u202E"));
        assertFalse(body.path("text").asText().contains("<"));
    }

    @Test
    void onlyWebLinksAreLinked() throws Exception {
        JsonNode body = read(SlackAnswers.responseBody(new Answer("t", List.of(), List.of(
                new Answer.LinkedText("x", "javascript:alert(1)"), new Answer.LinkedText("a|b>", "https://ok.example/a|b")),
                List.of(), false, false)));
        String links = body.path("blocks").get(1).path("text").path("text").asText();
        assertEquals("<https://ok.example/a%7Cb|a∣b&gt;>", links);
    }

    @Test
    void manyLinesStayWithinTheBlockLimits() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            lines.add("line " + i + " " + "x".repeat(200));
        }
        List<Answer.Button> buttons = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            buttons.add(new Answer.Button("a" + i, "b".repeat(100), Map.of(), null));
        }
        JsonNode blocks = read(SlackAnswers.responseBody(new Answer("T".repeat(500), lines, List.of(), buttons, false,
                false))).path("blocks");
        assertTrue(blocks.size() <= 50, blocks.size() + " blocks");
        assertEquals(List.of(), BlockKitRules.problems(blocks.toString(), null));
        assertEquals("actions", blocks.get(blocks.size() - 1).path("type").asText());
        assertEquals("actions", blocks.get(blocks.size() - 2).path("type").asText(), "30 buttons, 25 a block");
    }

    @Test
    void aButtonValueOverSlacksLimitIsRefused() {
        assertThrows(PermanentFailure.class, () -> SlackAnswers.buttonValue(Map.of("people", "U".repeat(2000))));
        assertInstanceOf(SlackRequests.Result.Ignored.class, click(Actions.CANCEL_DEPLOY, "not json"));
        assertEquals(Map.of(), ((Request.Click) ((SlackRequests.Result.Parsed) click(Actions.CANCEL_DEPLOY, null))
                .request()).args());
    }

    @Test
    void aDialogIsAModalCarryingItsContext() throws Exception {
        Dialog dialog = new Dialog(Actions.DECIDE_DIALOG, "Approve the release of web-release", "Approve *Prod* <now>?",
                "Approve", Map.of(Actions.PIPELINE, "web-release", Actions.DECISION, "Approved"),
                Optional.of(new MessageRef("C0ROOM", "1793000000.000100")),
                "https://hooks.slack.com/actions/T0/1/abc");
        JsonNode view = read(SlackAnswers.modalJson(dialog));
        assertEquals("modal", view.path("type").asText());
        assertEquals(Actions.DECIDE_DIALOG, view.path("callback_id").asText());
        assertTrue(view.path("title").path("text").asText().length() <= 24);
        assertEquals("Approve", view.path("submit").path("text").asText());
        JsonNode input = view.path("blocks").get(1);
        assertEquals("input", input.path("type").asText());
        assertEquals(Actions.COMMENT_INPUT, input.path("block_id").asText());
        assertTrue(input.path("optional").asBoolean());
        assertEquals("plain_text_input", input.path("element").path("type").asText());
        assertEquals(Actions.COMMENT_INPUT, input.path("element").path("action_id").asText());
        assertTrue(input.path("element").path("multiline").asBoolean());
        assertEquals("Approve *Prod* &lt;now&gt;?", view.path("blocks").get(0).path("text").path("text").asText());

        SlackAnswers.DialogContext context = SlackAnswers.readDialog(view.path("private_metadata").asText());
        assertEquals(new SlackAnswers.DialogContext(dialog.args(), dialog.about(), dialog.replyTo()), context);
    }

    @Test
    void aDialogContextThatCannotBeReadIsNone() {
        assertEquals(SlackAnswers.DialogContext.NONE, SlackAnswers.readDialog("{oops"));
        assertEquals(SlackAnswers.DialogContext.NONE, SlackAnswers.readDialog(""));
        assertEquals(SlackAnswers.DialogContext.NONE, SlackAnswers.readDialog("[1]"));
    }

    @Test
    void aDialogTooBigForSlackIsRefused() {
        Dialog dialog = new Dialog(Actions.DECIDE_DIALOG, "t", "p", "s", Map.of("x", "y".repeat(3000)),
                Optional.empty(), "");
        assertThrows(PermanentFailure.class, () -> SlackAnswers.modal(dialog));
    }

    @Test
    void aHomeIsAHomeViewOfHeadersAndLines() throws Exception {
        Home home = new Home(List.of(new Home.Section("Your builds", List.of(
                new Home.Line("web main: passed", "https://console.example/b"), new Home.Line("<b>", ""))),
                new Home.Section("Health", List.of(new Home.Line("0 failures waiting", "")))));
        JsonNode view = read(SlackAnswers.homeJson(home));
        assertEquals("home", view.path("type").asText());
        JsonNode blocks = view.path("blocks");
        assertEquals("header", blocks.get(0).path("type").asText());
        assertEquals("Your builds", blocks.get(0).path("text").path("text").asText());
        assertEquals("<https://console.example/b|web main: passed>\n&lt;b&gt;",
                blocks.get(1).path("text").path("text").asText());
        assertEquals("divider", blocks.get(2).path("type").asText());
        assertEquals(List.of(), BlockKitRules.problems(blocks.toString(), null));
    }

    @Test
    void aHugeHomeStaysWithinAViewsBlocks() throws Exception {
        List<Home.Section> sections = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            sections.add(new Home.Section("S" + i, List.of(new Home.Line("l", ""))));
        }
        JsonNode blocks = read(SlackAnswers.homeJson(new Home(sections))).path("blocks");
        assertTrue(blocks.size() <= 100, blocks.size() + " blocks");
        assertEquals(1, read(SlackAnswers.homeJson(new Home(List.of()))).path("blocks").size());
    }
}
