package io.codebuildnotifier.adapter.aws;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.PermanentFailure;
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

    public static String encode(Outgoing message) {
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

    /** Loads the mapping (for priming a snapshot). */
    public static void prime(Outgoing sample) {
        decode(encode(sample));
    }
}
