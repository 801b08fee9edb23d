package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Slack answers: members that are deleted, bots or oddly shaped, errors with mrkdwn or of
 * great length, HTML bodies, server errors, rate limits and dropped connections.
 */
class HostileSlackTest extends HostileInput {

    @Override
    List<Case> corpus() {
        return cases();
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(slack("users.lookupByEmail finds a deleted user", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true,\"user\":{\"id\":\"U0JANE0001\",\"name\":\"jane\",\"deleted\":true,"
                        + "\"is_bot\":false,\"profile\":{\"email\":\"jane@example.com\"}}}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail finds a bot", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true,\"user\":{\"id\":\"U0JANE0001\",\"name\":\"jane\",\"deleted\":false,"
                        + "\"is_bot\":true,\"profile\":{\"email\":\"jane@example.com\"}}}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail ok without a user", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail finds a member whose id is <!channel>", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true,\"user\":{\"id\":\"<!channel>\",\"name\":\"x\",\"deleted\":false,"
                        + "\"is_bot\":false}}"), nothing()));
        cases.add(slack("users.lookupByEmail ok:false without an error", "users.lookupByEmail", 1,
                slackJson("{\"ok\":false}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail ok:false with a mrkdwn error", "users.lookupByEmail", 1,
                slackJson("{\"ok\":false,\"error\":\"<!channel> <@U0BOB00002> & co\"}"),
                dmTo(ADMIN).and(shows("&lt;!channel&gt; &lt;@U0BOB00002&gt; &amp; co"))));
        cases.add(slack("users.lookupByEmail ok:false with a 5,000-character error", "users.lookupByEmail", 1,
                slackJson("{\"ok\":false,\"error\":\"" + "e".repeat(5_000) + "\"}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail ok:false fatal_error, every attempt", "users.lookupByEmail", 4,
                slackJson("{\"ok\":false,\"error\":\"fatal_error\"}"), transientFailure()));
        cases.add(slack("users.lookupByEmail user of the wrong type", "users.lookupByEmail", 4,
                slackJson("{\"ok\":true,\"user\":\"U0JANE0001\"}"), transientFailure()));
        cases.add(slack("users.lookupByEmail 200 with an HTML body", "users.lookupByEmail", 4,
                Sandbox.Fault.status(200, "<html>oops</html>", Map.of("Content-Type", "text/html")),
                transientFailure()));
        cases.add(slack("users.lookupByEmail 500, every attempt", "users.lookupByEmail", 4,
                Sandbox.Fault.status(500), transientFailure()));
        cases.add(new Case(Category.SLACK, "users.list (finding the admin) 200 with an HTML body, every attempt",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    w.sandbox.failNext("slack", "users.list", 4,
                            Sandbox.Fault.status(200, "<html>oops</html>", Map.of("Content-Type", "text/html")));
                    return prBuild(w, "Carol", "carol@example.com", "Nobody in Slack knows Carol");
                }, transientFailure()));
        cases.add(new Case(Category.SLACK, "chat.postMessage channel_not_found for the additional channel",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    w.with("CBN_ADDITIONAL_CHANNEL", "#no-such-channel");
                    return branchBuild(w, "main");
                }, dmTo(JANE).and(recorded()).and(run -> assertTrue(run.outcome().summary()
                .contains("channel #no-such-channel failed: channel_not_found"), run.outcome().summary()))));
        cases.add(slack("chat.postMessage ok:false is_archived", "chat.postMessage", 1,
                slackJson("{\"ok\":false,\"error\":\"is_archived\"}"), recorded()));
        cases.add(slack("chat.postMessage 200 with an HTML body, every attempt", "chat.postMessage", 4,
                Sandbox.Fault.status(200, "<html>oops</html>", Map.of("Content-Type", "text/html")),
                transientFailure()));
        cases.add(slack("chat.postMessage 500, every attempt", "chat.postMessage", 4,
                Sandbox.Fault.status(500), transientFailure()));
        cases.add(slack("chat.postMessage 429 without Retry-After, every attempt", "chat.postMessage", 4,
                Sandbox.Fault.status(429), transientFailure()));
        // the Slack client itself re-tries a dropped connection, so drop far more often than Patience tries
        cases.add(slack("chat.postMessage connection dropped, again and again", "chat.postMessage", 50,
                Sandbox.Fault.DROP_CONNECTION, transientFailure()));
        return cases;
    }
}
