package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.slack.SlackRequests;
import io.codebuildnotifier.interactions.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample requests in events/interactions, signed by the jar's tool, pass the function's own checks. */
class SlackRequestTest {
    private static final String SECRET = "sample-signing-secret";

    @Test
    void eachSampleIsSignedSoThatTheFunctionReadsIt() throws IOException {
        long now = Instant.parse("2026-12-01T10:00:00Z").getEpochSecond();
        Map<String, Class<?>> expected = Map.of("command-help.txt", SlackRequests.Result.Parsed.class,
                "command-status.txt", SlackRequests.Result.Parsed.class,
                "home-opened.json", SlackRequests.Result.Parsed.class,
                "url-verification.json", SlackRequests.Result.Challenge.class);
        for (Map.Entry<String, Class<?>> sample : expected.entrySet()) {
            String body = Files.readString(Path.of("events/interactions").resolve(sample.getKey()),
                    StandardCharsets.UTF_8).strip();
            ObjectNode event = SlackRequest.event(body, SECRET, now);
            Map<String, String> headers = new LinkedHashMap<>();
            event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            SlackRequests.Result result = SlackRequests.read(new SlackRequests.Inbound(headers,
                    event.path("body").asText(), event.path("isBase64Encoded").asBoolean()), SECRET,
                    Instant.ofEpochSecond(now + 10));
            assertInstanceOf(sample.getValue(), result, sample.getKey() + ": " + result);
            assertEquals("2.0", event.path("version").asText());
            assertEquals("POST", event.path("requestContext").path("http").path("method").asText());
        }
    }

    @Test
    void theHelpSampleIsACommand() throws IOException {
        String body = Files.readString(Path.of("events/interactions/command-help.txt")).strip();
        ObjectNode event = SlackRequest.event(body, SECRET, 1_700_000_000L);
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        SlackRequests.Result.Parsed parsed = assertInstanceOf(SlackRequests.Result.Parsed.class,
                SlackRequests.read(new SlackRequests.Inbound(headers, event.path("body").asText(), true), SECRET,
                        Instant.ofEpochSecond(1_700_000_000L)));
        Request.Command command = assertInstanceOf(Request.Command.class, parsed.request());
        assertEquals("help", command.text());
        assertEquals("U0JANE0001", command.actor().chatId());
    }

    @Test
    void aStaleSignatureIsRefused() throws IOException {
        String body = Files.readString(Path.of("events/interactions/command-help.txt")).strip();
        ObjectNode event = SlackRequest.event(body, SECRET, 1_700_000_000L);
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        assertInstanceOf(SlackRequests.Result.Rejected.class, SlackRequests.read(new SlackRequests.Inbound(headers,
                event.path("body").asText(), true), SECRET, Instant.ofEpochSecond(1_700_000_000L + 301)));
    }
}
