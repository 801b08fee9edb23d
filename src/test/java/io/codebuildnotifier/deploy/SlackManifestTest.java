package io.codebuildnotifier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.adapter.slack.SlackRequests;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.testkit.SignedSlack;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Slack app manifest against what the interactions function handles: its slash command, its events, its
 * request URLs (placeholders the README says to replace by the stack's SlackInteractionsUrl output) and scopes.
 */
class SlackManifestTest {
    private static final Path PROJECT_DIR = Path.of(System.getProperty("basedir", "."));
    static final String PLACEHOLDER = "https://REPLACE-WITH-SlackInteractionsUrl/";
    private static Map<String, Object> manifest;

    @BeforeAll
    static void load() throws IOException {
        try (Reader reader = Files.newBufferedReader(PROJECT_DIR.resolve("slack-app-manifest.yaml"))) {
            manifest = new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return assertInstanceOf(Map.class, value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return assertInstanceOf(List.class, value);
    }

    private static Map<String, Object> settings() {
        return map(manifest.get("settings"));
    }

    @Test
    void everyRequestUrlIsTheOutputsPlaceholder() {
        assertEquals(PLACEHOLDER, map(settings().get("interactivity")).get("request_url"));
        assertEquals(true, map(settings().get("interactivity")).get("is_enabled"));
        assertEquals(PLACEHOLDER, map(settings().get("event_subscriptions")).get("request_url"));
        for (Object command : list(map(manifest.get("features")).get("slash_commands"))) {
            assertEquals(PLACEHOLDER, map(command).get("url"));
        }
        assertEquals(false, settings().get("socket_mode_enabled"), "requests come over HTTPS to the function URL");
    }

    @Test
    void theSlashCommandIsOneTheFunctionReads() {
        List<Object> commands = list(map(manifest.get("features")).get("slash_commands"));
        assertEquals(1, commands.size());
        Map<String, Object> command = map(commands.get(0));
        assertEquals("/codebuild", command.get("command"));
        assertTrue(String.valueOf(command.get("description")).length() <= 100, "Slack's limit");
        String hint = String.valueOf(command.get("usage_hint"));
        assertTrue(hint.length() <= 1000, "Slack's limit");
        for (String word : List.of("status", "mute", "unmute", "notify", "prefs", "deploy", "runs", "help")) {
            assertTrue(hint.contains(word), "usage hint without " + word + ": " + hint);
        }
        String body = SignedSlack.command("status", "1.2.3").replace("%2Fcodebuild",
                java.net.URLEncoder.encode((String) command.get("command"), java.nio.charset.StandardCharsets.UTF_8));
        Request.Command read = assertInstanceOf(Request.Command.class, parsed(body, SignedSlack.FORM));
        assertEquals(command.get("command"), read.command());
    }

    @Test
    void eachBotEventIsOneTheFunctionReads() {
        List<Object> events = list(map(settings().get("event_subscriptions")).get("bot_events"));
        assertEquals(List.of("app_home_opened"), events);
        for (Object event : events) {
            String body = SignedSlack.homeOpened("Ev1").replace("app_home_opened", (String) event);
            assertInstanceOf(Request.HomeOpened.class, parsed(body, SignedSlack.JSON_TYPE));
        }
        assertEquals(true, map(map(manifest.get("features")).get("app_home")).get("home_tab_enabled"));
    }

    @Test
    void theScopesAreWhatTheFeaturesNeed() {
        List<Object> scopes = list(map(map(manifest.get("oauth_config")).get("scopes")).get("bot"));
        assertEquals(List.of("chat:write", "commands", "usergroups:read", "users:read", "users:read.email"), scopes);
    }

    private static Request parsed(String body, String contentType) {
        Instant now = Instant.now();
        SlackRequests.Result result = SlackRequests.read(new SlackRequests.Inbound(SignedSlack.headers(
                SignedSlack.SECRET, now, body, contentType), body, false), SignedSlack.SECRET, now);
        return assertInstanceOf(SlackRequests.Result.Parsed.class, result, String.valueOf(result)).request();
    }
}
