package io.codebuildnotifier.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.codebuildnotifier.function.Replay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The push samples: {@code codecommit-push.json} is a real EventBridge envelope for a push to {@code billing}'s
 * {@code main} whose commits and differences the sandbox fixtures hold, {@code codecommit-trigger.json} a
 * CodeCommit trigger's record for the same push. Replayed with the demo's settings (pushes off by default) both
 * are ignored; with CBN_NOTIFY_PUSHES=true the push is posted once, to the catch-all channel.
 */
@ExtendWith(SandboxExtension.class)
class PushSampleEventsTest {
    static final Path PUSH = Path.of("events", "codecommit-push.json");
    static final Path TRIGGER = Path.of("events", "codecommit-trigger.json");

    @Test
    void thePushIsAnEventBridgeCodeCommitEventAndTheTriggerACodeCommitRecord() throws IOException {
        ScheduledEvent loaded = EventLoader.loadScheduledEvent(PUSH.toString());
        assertEquals("aws.codecommit", loaded.getSource());
        assertEquals("CodeCommit Repository State Change", loaded.getDetailType());
        assertEquals(List.of("arn:aws:codecommit:us-east-1:123456789012:" + loaded.getDetail().get("repositoryName")),
                loaded.getResources());
        JsonNode trigger = Json.MAPPER.readTree(TRIGGER.toFile());
        JsonNode record = trigger.path("Records").get(0);
        assertEquals("aws:codecommit", record.path("eventSource").asText());
        assertEquals(loaded.getResources().getFirst(), record.path("eventSourceARN").asText());
        assertEquals(loaded.getDetail().get("commitId"), record.path("codecommit").path("references").get(0)
                .path("commit").asText(), "the same push");
    }

    private static String replay(EmbeddedDynamo dynamo, Sandbox sandbox, Map<String, String> extra) {
        String table = "push-samples-" + System.nanoTime();
        dynamo.createHistoryTable(table);
        sandbox.clearFaults();
        sandbox.clearRecordings();
        Demo.pointTheSdkAt(sandbox, dynamo);
        Map<String, String> env = new HashMap<>(Map.of("CBN_DYNAMO_TABLE", table,
                "CBN_ADDITIONAL_CHANNEL", "#builds", "CBN_SLACK_ADMIN_USERNAMES", "ops-admin",
                "CBN_SLACK_API_URL", sandbox.slackApiUrl(), "CBN_GITHUB_API_URL", sandbox.githubApiUrl()));
        env.putAll(extra);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Replay.run(env, List.of(PUSH, TRIGGER), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        return out;
    }

    @Test
    void withTheDemosSettingsBothAreIgnored(EmbeddedDynamo dynamo, @SandboxExtension.Fixtures Sandbox sandbox) {
        String out = replay(dynamo, sandbox, Map.of());

        assertEquals(2, out.lines().filter(l -> l.contains("ignored push to billing: CBN_NOTIFY_PUSHES is "
                + "false")).count(), out);
        assertEquals(0, sandbox.posts().size(), out);
        assertEquals(0, sandbox.count("codecommit", "GetCommit"), out);
    }

    @Test
    void withPushesOnThePushIsPostedOnce(EmbeddedDynamo dynamo, @SandboxExtension.Fixtures Sandbox sandbox) {
        String out = replay(dynamo, sandbox, Map.of("CBN_NOTIFY_PUSHES", "true"));

        assertEquals(1, sandbox.posts().size(), out);
        assertTrue(out.contains("recorded push:billing/branch/main/referenceUpdated/"
                + "4eb06e04c6953cfcb19cb7647f172545e5bb0074 referenceUpdated; notified (push to #builds): channel "
                + "#builds"), out);
        assertTrue(out.contains("duplicate push:billing/branch/main/referenceUpdated/"
                + "4eb06e04c6953cfcb19cb7647f172545e5bb0074: already notified"), out);
        assertTrue(out.contains(String.join("\n",
                "  ┌─ Slack post to channel #builds (good)",
                "  │ 💚 *carol@example.com pushed 1 commit to main in billing*",
                "  │ ┃ *Change:* branch updated",
                "  │ ┃ *Pushed by:* carol@example.com",
                "  │ ┃ *Repository:* billing",
                "  │ ┃ *Ref:* main",
                "  │ ┃ • 4eb06e0 Round invoice totals half-even _(Carol Reyes)_",
                "  │ ┃ `M` billing/invoice.py",
                "  │ ┃ `M` tests/test_invoice.py",
                "  │ ┃ `A` docs/rounding.md",
                "  │ ┃ `D` billing/legacy_round.py",
                "  │ ┃ [Compare] [View in CodeCommit]",
                "  └─")), out);
    }
}
