package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.adapter.aws.QueuedMessages;
import io.codebuildnotifier.notification.Outgoing;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sender function's sample event ({@code sam local invoke SenderFunction -e
 * events/sender/sqs-delivery.json}) is an SQS event whose body is what the notifier queues, and the
 * sender posts it.
 */
@ExtendWith(SandboxExtension.class)
class SenderSampleEventTest {
    private static final Path SAMPLE = Path.of("events/sender/sqs-delivery.json");

    @Test
    void theSampleBodyIsAQueuedMessageAsTheNotifierWritesIt() throws IOException {
        JsonNode event = new ObjectMapper().readTree(Files.readAllBytes(SAMPLE));
        String body = event.path("Records").path(0).path("body").asText();

        Outgoing message = QueuedMessages.decode(body);

        assertEquals("U0JANE0001", message.destination());
        assertEquals(event.path("Records").path(0).path("attributes").path("MessageGroupId").asText(),
                message.destination(), "grouped by its destination");
        assertEquals(body, QueuedMessages.encode(message), "exactly the notifier's encoding");
    }

    @Test
    void theSenderPostsIt(EmbeddedDynamo dynamo, Sandbox sandbox) throws IOException {
        World world = World.fresh(dynamo, sandbox);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        world.sender().handleRequest(new ByteArrayInputStream(Files.readAllBytes(SAMPLE)), out, null);

        assertEquals("{\"batchItemFailures\":[]}", out.toString());
        List<Sandbox.SlackPost> posts = sandbox.posts();
        assertEquals(List.of("U0JANE0001"), posts.stream().map(Sandbox.SlackPost::channel).toList());
        assertTrue(World.attachmentText(posts.get(0)).contains("Jane Doe's commit <"), World.attachmentText(posts.get(0)));
    }
}
