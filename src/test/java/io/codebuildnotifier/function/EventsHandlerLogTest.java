package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the handler hands to Lambda's logger: one call per event, bytes for JSON (kept as they are). */
class EventsHandlerLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("CBN_DYNAMO_TABLE", "unused",
            "CBN_SLACK_API_URL", "http://127.0.0.1:9/api/", "CBN_GITHUB_API_URL", "http://127.0.0.1:9");

    @Test
    void inJsonTheRecordGoesToLambdasLoggerAsBytesOnce() throws IOException {
        TestLambdaContext context = new TestLambdaContext("req-7", 30_000);
        EventsHandler handler = new EventsHandler(EventsFunction.fromEnvironment(ENV), LogFormat.JSON);

        Outcome outcome = handler.handle(new ByteArrayInputStream("not json\n{\"outcome\":\"notified\"}"
                .getBytes(StandardCharsets.UTF_8)), context);

        assertInstanceOf(Outcome.Rejected.class, outcome);
        assertEquals(List.of(), context.strings, "a string would be wrapped in Lambda's own JSON record");
        assertEquals(1, context.bytes.size());
        String line = context.bytes.get(0);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
        JsonNode record = JSON.readTree(line);
        assertEquals("rejected", record.get("outcome").asText());
        assertEquals("the event is not JSON", record.get("reason").asText());
        assertEquals("req-7", record.get("requestId").asText());
        assertEquals("codebuild-notifier-test", record.get("Function").asText());
        assertEquals(1, record.get("Rejected").asInt());
    }

    @Test
    void inHumanTheLineIsTheSummary() {
        TestLambdaContext context = new TestLambdaContext("req-7", 30_000);
        EventsHandler handler = new EventsHandler(EventsFunction.fromEnvironment(ENV), LogFormat.HUMAN);

        handler.handle(new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)), context);

        assertEquals(List.of(), context.bytes);
        assertEquals(List.of("codebuild-notifier: rejected event: the event is not a JSON object\n"), context.strings);
    }
}
