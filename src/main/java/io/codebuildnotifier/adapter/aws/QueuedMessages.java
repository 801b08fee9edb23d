package io.codebuildnotifier.adapter.aws;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Outgoing;
import java.io.IOException;

/**
 * An owed message as a delivery queue's message body: {@code {"v":1,"message":{…}}}, the message
 * and its notification as plain JSON (chat-neutral: the sender renders it). Unknown fields are
 * ignored, so a newer notifier's messages are read by an older sender.
 */
public final class QueuedMessages {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private QueuedMessages() {
    }

    /**
     * SQS takes bodies up to 256 KB; user text (a commit subject, a phase message) can be longer than
     * anything a chat shows. A body over this is written again with each text clipped to {@link #MAX_TEXT}.
     */
    static final int MAX_BODY = 200_000;
    static final int MAX_TEXT = 4_000;

    public static String encode(Outgoing message) {
        String body = wrap(message);
        if (body.length() <= MAX_BODY) {
            return body;
        }
        Notification n = message.notification();
        Notification clipped = new Notification(n.key(), n.kind(), n.severity(), LogText.clip(n.title(), MAX_TEXT),
                n.facts().stream().map(f -> new Notification.Fact(f.key(), LogText.clip(f.value(), MAX_TEXT))).toList(),
                n.links().stream().map(l -> new Notification.Link(l.key(), LogText.clip(l.url(), MAX_TEXT),
                        LogText.clip(l.label(), MAX_TEXT))).toList(),
                n.people().stream().map(p -> new Notification.Person(p.role(), LogText.clip(p.name(), MAX_TEXT),
                        LogText.clip(p.email(), MAX_TEXT), p.chatId())).toList(), n.actions(),
                n.parts().stream().map(p -> new Notification.Part(LogText.clip(p.label(), MAX_TEXT), p.severity(),
                        LogText.clip(p.status(), MAX_TEXT), LogText.clip(p.url(), MAX_TEXT),
                        LogText.clip(p.detail(), MAX_TEXT))).toList())
                .withTests(clip(n.tests())).withMetadata(n.metadata()).withConversation(n.conversation());
        return wrap(new Outgoing(message.key(), message.target(), message.destination(), message.role(),
                LogText.clip(message.about(), MAX_TEXT), message.revision(), clipped));
    }

    private static Notification.Tests clip(Notification.Tests t) {
        return new Notification.Tests(t.state(), t.total(), t.passed(), t.failed(), t.skipped(), t.failures().stream()
                .map(c -> new Notification.TestCase(LogText.clip(c.name(), MAX_TEXT), LogText.clip(c.message(),
                        MAX_TEXT), c.isNew())).toList(), t.moreFailures(), t.lineCoverage());
    }

    private static String wrap(Outgoing message) {
        ObjectNode body = JSON.createObjectNode().put("v", VERSION);
        body.set("message", JSON.valueToTree(message));
        return body.toString();
    }

    /** @throws PermanentFailure when the body is not such a message: retrying will not help */
    public static Outgoing decode(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            if (node == null || node.path("v").asInt() != VERSION || !node.path("message").isObject()) {
                throw new PermanentFailure("not a codebuild-notifier delivery message");
            }
            return JSON.treeToValue(node.get("message"), Outgoing.class);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new PermanentFailure("unreadable delivery message (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
