package io.codebuildnotifier.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.Attachment;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loopback Slack keeps what a message carries besides its text (blocks, attachments, metadata) and
 * refuses blocks that break Block Kit's rules, as Slack does, through the real Slack client.
 */
@ExtendWith(SandboxExtension.class)
class SlackBlocksTest {
    static final String ROOM = "C0BLKROOM1";
    static final ObjectMapper JSON = new ObjectMapper();

    static Sandbox sandbox;
    static MethodsClient methods;

    @BeforeAll
    static void start(Sandbox shared) {
        sandbox = shared;
        sandbox.putSlackChannel(ROOM, "blocks-room");
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(sandbox.slackApiUrl());
        config.setStatsEnabled(false);
        methods = Slack.getInstance(config).methods(SandboxExtension.TOKEN);
    }

    @BeforeEach
    void forget() {
        sandbox.clearRecordings();
    }

    static List<LayoutBlock> section(String text) {
        return List.of(SectionBlock.builder().text(MarkdownTextObject.builder().text(text).build()).build());
    }

    @Test
    void blocksAttachmentsAndMetadataAreKeptAsSent() throws Exception {
        Message.Metadata metadata = new Message.Metadata("codebuild_build_finished",
                Map.of("project", "widgets-ci", "build_number", 41));
        ChatPostMessageResponse posted = methods.chatPostMessage(r -> r.channel(ROOM).text("fallback")
                .blocks(section("headline")).attachments(List.of(Attachment.builder().color("danger")
                        .fallback("fallback").blocks(section("details")).build())).metadata(metadata));
        assertTrue(posted.isOk(), posted.getError());

        Sandbox.SlackPost post = sandbox.posts().get(0);
        assertEquals("headline", JSON.readTree(post.blocksJson()).get(0).path("text").path("text").asText());
        assertEquals("details", JSON.readTree(post.attachmentsJson()).get(0).path("blocks").get(0)
                .path("text").path("text").asText());
        JsonNode sent = JSON.readTree(post.metadataJson());
        assertEquals("codebuild_build_finished", sent.path("event_type").asText());
        assertEquals(41, sent.path("event_payload").path("build_number").asInt());
        assertEquals(post.metadataJson(), sandbox.slackMessage(ROOM, posted.getTs()).orElseThrow().current()
                .metadataJson());

        ChatUpdateResponse updated = methods.chatUpdate(r -> r.channel(ROOM).ts(posted.getTs()).text("v2"));
        assertTrue(updated.isOk(), updated.getError());
        assertEquals(post.metadataJson(), sandbox.slackMessage(ROOM, posted.getTs()).orElseThrow().current()
                .metadataJson(), "metadata an update does not send stays");
    }

    @Test
    void aPostWithoutMetadataHasNone() throws Exception {
        assertTrue(methods.chatPostMessage(r -> r.channel(ROOM).text("plain")).isOk());
        assertNull(sandbox.posts().get(0).metadataJson());
    }

    @Test
    void blocksOverBlockKitsLimitsAreRefused() throws Exception {
        assertEquals("invalid_blocks", methods.chatPostMessage(r -> r.channel(ROOM).text("x")
                .blocks(section("y".repeat(3001)))).getError());
        assertEquals("invalid_blocks", methods.chatPostMessage(r -> r.channel(ROOM).text("x")
                .blocks(Collections.nCopies(51, section("y").get(0)))).getError());
        assertEquals("invalid_attachments", methods.chatPostMessage(r -> r.channel(ROOM).text("x")
                .blocks(Collections.nCopies(30, section("y").get(0)))
                .attachments(List.of(Attachment.builder().fallback("x")
                        .blocks(Collections.nCopies(21, section("y").get(0))).build()))).getError(),
                "an attachment's blocks count too");
        assertEquals("invalid_metadata_format", methods.chatPostMessage(r -> r.channel(ROOM).text("x")
                .metadataAsString("{\"event_payload\":{}}")).getError());
        assertEquals(List.of(), sandbox.posts());
        assertTrue(methods.chatPostMessage(r -> r.channel(ROOM).text("x")
                .blocks(Collections.nCopies(50, section("y".repeat(3000)).get(0)))).isOk(), "at the limits");
    }

    @Test
    void theRulesNameWhatBreaksThem() {
        String button = "{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"text\":{\"type\":\"plain_text\","
                + "\"text\":\"" + "b".repeat(76) + "\"},\"url\":\"https://x/" + "u".repeat(3000) + "\"}]}";
        String header = "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + "h".repeat(151) + "\"}}";
        String context = "{\"type\":\"context\",\"elements\":[" + String.join(",", Collections.nCopies(11,
                "{\"type\":\"mrkdwn\",\"text\":\"c\"}")) + "]}";
        List<String> problems = BlockKitRules.problems("[" + button + "," + header + "," + context
                + ",{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"\"}},{\"type\":\"bogus\"}]", null);
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("button: 76 characters"), problems.toString());
        assertTrue(problems.get(1).contains("button url over 3000"), problems.toString());
        assertTrue(problems.get(2).contains("header: 151 characters"), problems.toString());
        assertTrue(problems.get(3).contains("11 context elements"), problems.toString());
        assertTrue(problems.get(4).contains("0 characters, 1 to 3000"), problems.toString());
        assertTrue(problems.get(5).contains("unknown type 'bogus'"), problems.toString());
    }
}
