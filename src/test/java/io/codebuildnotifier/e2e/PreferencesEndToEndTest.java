package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * People's preferences through the real events handler: a {@code prefs:CHAT_ID} row in the history table
 * (DynamoDB Local), written as the slash command writes it, honoured in build notifications.
 */
@ExtendWith(SandboxExtension.class)
class PreferencesEndToEndTest {
    static final String JANE = Cast.JANE.slackId();
    static final String BOB = Cast.BOB.slackId();
    static final String SHA_1 = "1111111111111111111111111111111111111111";
    static final String SHA_2 = "2222222222222222222222222222222222222222";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox);
        world.gitHubCommit(SHA_1, "Jane Doe", "jane@example.com", "Bob Stone", "bob@example.com", "Add counter");
        world.gitHubCommit(SHA_2, "Jane Doe", "jane@example.com", "Bob Stone", "bob@example.com", "Fix counter");
    }

    private void preference(String chatId, List<Map<String, AttributeValue>> mutes, String strategy) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
                "source_id", AttributeValue.fromS("prefs:" + chatId),
                "version_key", AttributeValue.fromS("prefs"),
                "mutes", AttributeValue.fromL(mutes.stream().map(AttributeValue::fromM).toList())));
        if (!strategy.isEmpty()) {
            item.put("strategy", AttributeValue.fromS(strategy));
        }
        dynamo.client().putItem(r -> r.tableName(world.historyTable).item(item));
    }

    @Test
    void aMutedPersonGetsNoDirectMessageAndTheChannelIsUnchanged() {
        world.with("CBN_ADDITIONAL_CHANNEL", "#builds");
        sandbox.putGitHubBranch("acme", "widgets", "main", SHA_1);
        preference(JANE, List.of(Map.of("subject", AttributeValue.fromS("widgets-ci"))), "");

        Outcome outcome = world.send(world.gitHubBuild(SHA_1, SHA_1, 1_790_000_000L, "FAILED"), "FAILED");

        assertInstanceOf(Outcome.Recorded.class, outcome, outcome.summary());
        assertEquals(List.of(BOB, Cast.CHANNEL), world.takePosts(), outcome.summary());
    }

    @Test
    void anOwnStrategyTellsThePersonWhenTheDefaultIsQuiet() {
        world.with("CBN_DEFAULT_NOTIFY_STRATEGY", "status_change");
        preference(BOB, List.of(), "every_build");
        world.send(world.gitHubBuild("pr/42", SHA_1, 1_790_000_000L, "FAILED"), "FAILED");
        assertEquals(List.of(JANE, BOB), world.takePosts());

        Outcome again = world.send(world.gitHubBuild("pr/42", SHA_2, 1_790_000_600L, "FAILED"), "FAILED");

        assertInstanceOf(Outcome.Recorded.class, again, again.summary());
        assertEquals(List.of(BOB), world.takePosts(), "status unchanged: only Bob's own every_build tells him");
    }
}
