package io.codebuildnotifier.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.Attachment;
import io.codebuildnotifier.adapter.slack.SlackWorkspace;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.PostResult;
import io.codebuildnotifier.people.ChatDirectory;
import io.codebuildnotifier.sandbox.Sandbox.SlackAccepted;
import io.codebuildnotifier.sandbox.Sandbox.SlackMessageHistory;
import io.codebuildnotifier.sandbox.SlackLimits.Bucket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loopback Slack's rate limits ({@link SlackLimits}) answer as Slack does, through the real Slack
 * client, and the Slack adapter turns their 429 into a {@link TransientFailure} carrying
 * {@code Retry-After}. Also the fake's chat.update (the adapter's is in {@code SlackUpdateTest}). The limits
 * run on a clock the tests move.
 */
@ExtendWith(SandboxExtension.class)
class SlackLimitsTest {

    static final String JANE = "U0LIMJANE1";
    static final String JANE_DM = "D0LIMJANE1";
    static final String BOB = "U0LIMBOB01";
    static final String ROOM = "C0LIMROOM1";
    static final String OTHER_ROOM = "C0LIMROOM2";

    static Sandbox sandbox;
    static Slack slack;
    static MethodsClient methods;
    static HttpClient http;

    /** The limits' clock, in nanoseconds: it moves only when a test moves it. */
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @BeforeAll
    static void start(Sandbox shared) throws Exception {
        sandbox = shared;
        sandbox.putSlackUser(user(JANE, "limits-jane@example.com"));
        sandbox.putSlackUser(user(BOB, "limits-bob@example.com"));
        sandbox.putSlackChannel(ROOM, "limits-room");
        sandbox.putSlackChannel(OTHER_ROOM, "limits-other");
        slack = SandboxTest.slackFor(sandbox);
        methods = slack.methods(SandboxExtension.TOKEN);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        slack.close();
        http.close();
    }

    @BeforeEach
    void forget() {
        sandbox.clearRecordings();
    }

    @AfterEach
    void limitsOff() {
        sandbox.slackLimits(SlackLimits.off());
        sandbox.clearFaults();
    }

    static com.fasterxml.jackson.databind.node.ObjectNode user(String id, String email) {
        com.fasterxml.jackson.databind.node.ObjectNode user = Json.object().put("id", id).put("name", id.toLowerCase())
                .put("deleted", false).put("is_bot", false);
        user.putObject("profile").put("email", email);
        return user;
    }

    SlackLimits limits(Bucket postMessage, Bucket tier3) {
        return SlackLimits.off().postMessagePerChannel(postMessage).tier3PerMethod(tier3).withClock(clock::get);
    }

    void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    static HttpResponse<String> rawPost(String channel, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.slackApiUrl() + "chat.postMessage"))
                .header("Authorization", "Bearer " + SandboxExtension.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("channel=" + channel + "&text=" + text)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static ChatPostMessageResponse post(String channel, String text) throws Exception {
        return methods.chatPostMessage(r -> r.channel(channel).text(text));
    }

    static Notification notification(String project) {
        return new Notification(NotificationKey.build(project + ":1"), Notification.Kind.BUILD_RESULT,
                Notification.Severity.FAILURE, "Jane's " + project + " build - failed",
                List.of(new Notification.Fact(Notification.FactKey.PROJECT, project),
                        new Notification.Fact(Notification.FactKey.STATUS, "failed"),
                        new Notification.Fact(Notification.FactKey.SHORT_COMMIT, "abc1234"),
                        new Notification.Fact(Notification.FactKey.SOURCE_REF, "main")),
                List.of(), List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Jane", "j@example.com")),
                List.of());
    }

    /** The adapter, on the sandbox, with a Patience whose waits are recorded and move {@code moving} (if given). */
    static SlackWorkspace workspace(List<Duration> waits, AtomicLong moving) {
        return new SlackWorkspace(URI.create(sandbox.slackApiUrl()), d -> SandboxExtension.TOKEN, () -> { },
                new Patience(d -> {
                    waits.add(d);
                    if (moving != null) {
                        moving.addAndGet(d.toNanos());
                    }
                }));
    }

    @Test
    void offByDefaultNothingIsLimited() throws Exception {
        assertFalse(sandbox.slackLimits().enabled());
        for (int i = 0; i < 10; i++) {
            assertTrue(post(ROOM, "quick " + i).isOk());
            assertTrue(methods.usersLookupByEmail(r -> r.email("limits-jane@example.com")).isOk());
        }
        assertEquals(0, sandbox.slackRateLimited());
        assertEquals(Map.of(), sandbox.slackRateLimitedByMethod());
        assertEquals(10, sandbox.posts().size());
    }

    @Test
    void postsPerConversationBurstThenAnswer429WithRetryAfterAndPostNothing() throws Exception {
        sandbox.slackLimits(SlackLimits.published().withClock(clock::get));
        for (int i = 0; i < 3; i++) {
            assertTrue(post(ROOM, "burst " + i).isOk(), "the burst allowance is 3");
        }
        HttpResponse<String> limited = rawPost(ROOM, "one+too+many");
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(limited.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(limited.body());
        assertFalse(body.path("ok").asBoolean(true));
        assertEquals("ratelimited", body.path("error").asText());
        assertEquals(3, sandbox.posts().size(), "a 429 posts nothing");
        assertEquals(3, sandbox.slackMessages().stream().filter(m -> m.channel().equals(ROOM)).count());
        assertEquals(4, sandbox.count("slack", "chat.postMessage"), "it is still recorded as a call");

        assertTrue(post(OTHER_ROOM, "another conversation").isOk(), "each conversation has its own bucket");
        assertThrows(SlackApiException.class, () -> post("#limits-room", "x"),
                "a name counts against the channel it names");

        advance(Duration.ofMillis(999));
        assertEquals(429, rawPost(ROOM, "not+yet").statusCode());
        advance(Duration.ofMillis(1));
        assertTrue(post(ROOM, "a second later").isOk());
        assertEquals(Map.of("chat.postMessage", 3L), sandbox.slackRateLimitedByMethod());
        assertEquals(3, sandbox.slackRateLimited());
    }

    @Test
    void aDirectMessageCountsAgainstItsDmChannelWhicheverWayItIsAddressed() throws Exception {
        sandbox.slackLimits(limits(new Bucket(2, 1), null));
        assertEquals(JANE_DM, post(JANE, "by member id").getChannel());
        assertEquals(JANE_DM, post(JANE_DM, "by DM id").getChannel());
        SlackApiException limited = assertThrows(SlackApiException.class, () -> post(JANE, "third"));
        assertEquals(429, limited.getResponse().code());
        assertTrue(post(BOB, "another member").isOk());
        assertEquals(2, sandbox.posts().stream().filter(p -> p.resolvedChannel().equals(JANE_DM)).count());
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilATokenRoundedUpAndAtLeastOne() throws Exception {
        sandbox.slackLimits(limits(new Bucket(2, 0.4), null)); // a token every 2.5 s
        assertTrue(post(ROOM, "1").isOk());
        assertTrue(post(ROOM, "2").isOk());
        assertEquals("3", rawPost(ROOM, "3").headers().firstValue("Retry-After").orElseThrow());
        advance(Duration.ofSeconds(2)); // 0.8 of a token: 0.5 s to go
        assertEquals("1", rawPost(ROOM, "3").headers().firstValue("Retry-After").orElseThrow());
        advance(Duration.ofMillis(500));
        assertTrue(post(ROOM, "3").isOk());
        advance(Duration.ofMinutes(10));
        assertTrue(post(ROOM, "4").isOk());
        assertTrue(post(ROOM, "5").isOk());
        assertEquals(429, rawPost(ROOM, "6").statusCode(), "a bucket never holds more than its capacity");
    }

    @Test
    void tier3MethodsAreLimitedPerMethodWorkspaceWide() throws Exception {
        sandbox.slackLimits(limits(null, Bucket.perMinute(2, 50)));
        assertTrue(methods.usersLookupByEmail(r -> r.email("limits-jane@example.com")).isOk());
        assertEquals("users_not_found", methods.usersLookupByEmail(r -> r.email("nobody@example.com")).getError(),
                "a miss takes a token too");
        SlackApiException limited = assertThrows(SlackApiException.class,
                () -> methods.usersLookupByEmail(r -> r.email("limits-bob@example.com")));
        assertEquals(429, limited.getResponse().code());
        assertEquals("2", limited.getResponse().header("Retry-After"), "50 a minute: 1.2 s to a token");

        ChatPostMessageResponse posted = post(ROOM, "posts are not Tier 3");
        assertTrue(posted.isOk());
        assertTrue(methods.chatUpdate(r -> r.channel(ROOM).ts(posted.getTs()).text("chat.update has its own bucket"))
                .isOk());
        assertTrue(methods.usersInfo(r -> r.user(JANE)).isOk(), "users.info is not limited");
        advance(Duration.ofMillis(1200));
        assertTrue(methods.usersLookupByEmail(r -> r.email("limits-bob@example.com")).isOk());
        assertEquals(Map.of("users.lookupByEmail", 1L), sandbox.slackRateLimitedByMethod());
    }

    @Test
    void theAdapterTurnsA429OnPostIntoATransientFailureWithRetryAfter() {
        sandbox.slackLimits(limits(new Bucket(1, 1.0 / 7), null));
        List<Duration> waits = new ArrayList<>();
        SlackWorkspace workspace = workspace(waits, null);
        assertInstanceOf(PostResult.Posted.class, workspace.post(ROOM, notification("first"), Deadline.in(Duration.ofMinutes(5))));

        TransientFailure failure = assertThrows(TransientFailure.class,
                () -> workspace.post(ROOM, notification("second"), Deadline.in(Duration.ofMinutes(5))));
        assertEquals(Optional.of(Duration.ofSeconds(7)), failure.retryAfter());
        assertTrue(failure.getMessage().contains("chat.postMessage failed with HTTP 429"), failure.getMessage());
        assertEquals(java.util.Collections.nCopies(9, Duration.ofSeconds(7)), waits,
                "Patience waited as Slack asked, between its ten attempts (a throttled call's)");
        assertEquals(10, sandbox.slackRateLimitedByMethod().get("chat.postMessage"));
        assertEquals(1, sandbox.posts().size());
    }

    @Test
    void theAdapterTurnsA429OnLookupIntoATransientFailureWithRetryAfter() {
        sandbox.slackLimits(limits(null, new Bucket(1, 0.25)));
        List<Duration> waits = new ArrayList<>();
        SlackWorkspace workspace = workspace(waits, null);
        assertInstanceOf(ChatDirectory.Lookup.Found.class,
                workspace.lookupByEmail("limits-jane@example.com", Deadline.in(Duration.ofMinutes(5))));

        TransientFailure failure = assertThrows(TransientFailure.class,
                () -> workspace.lookupByEmail("limits-bob@example.com", Deadline.in(Duration.ofMinutes(5))));
        assertEquals(Optional.of(Duration.ofSeconds(4)), failure.retryAfter());
        assertTrue(failure.getMessage().contains("users.lookupByEmail failed with HTTP 429"), failure.getMessage());
        assertEquals(10, sandbox.slackRateLimitedByMethod().get("users.lookupByEmail"), "a throttled call's attempts");
    }

    @Test
    void waitingAsSlackAsksGetsThrough() {
        sandbox.slackLimits(limits(new Bucket(1, 0.5), new Bucket(1, 0.5)));
        List<Duration> waits = new ArrayList<>();
        SlackWorkspace workspace = workspace(waits, clock);
        Deadline deadline = Deadline.in(Duration.ofMinutes(5));
        assertInstanceOf(ChatDirectory.Lookup.Found.class, workspace.lookupByEmail("limits-jane@example.com", deadline));
        assertInstanceOf(ChatDirectory.Lookup.Found.class, workspace.lookupByEmail("limits-bob@example.com", deadline));
        assertInstanceOf(PostResult.Posted.class, workspace.post(JANE, notification("a"), deadline));
        assertInstanceOf(PostResult.Posted.class, workspace.post(JANE, notification("b"), deadline));
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), waits);
        assertEquals(2, sandbox.slackRateLimited());

        List<SlackAccepted> accepted = sandbox.slackAccepted();
        assertEquals(2, accepted.size());
        assertEquals(JANE_DM, accepted.get(1).channel());
        assertEquals(Duration.ofSeconds(2).toNanos(), accepted.get(1).acceptedNanos() - accepted.get(0).acceptedNanos(),
                "accepted when the wait was over, on the limits' clock");
    }

    @Test
    void everyAcceptedMessageIsRecordedWithWhereWhenAndWhat() throws Exception {
        sandbox.slackLimits(limits(new Bucket(3, 1), new Bucket(3, 1)));
        ChatPostMessageResponse first = methods.chatPostMessage(r -> r.channel(JANE).text("hello")
                .attachments(List.of(Attachment.builder().color("good").fallback("body").text("body").build())));
        advance(Duration.ofMillis(250));
        methods.chatUpdate(r -> r.channel(JANE_DM).ts(first.getTs()).text("hello again"));
        assertThrows(SlackApiException.class, () -> {
            post(ROOM, "1");
            post(ROOM, "2");
            post(ROOM, "3");
            post(ROOM, "4");
        });

        List<SlackAccepted> accepted = sandbox.slackAccepted();
        assertEquals(5, accepted.size(), "the 429 is not among them");
        SlackAccepted posted = accepted.get(0);
        assertEquals("chat.postMessage", posted.method());
        assertEquals(JANE_DM, posted.channel());
        assertEquals(first.getTs(), posted.ts());
        assertEquals(1_000_000_000L, posted.acceptedNanos());
        assertEquals("hello", posted.text());
        assertTrue(posted.attachmentsJson().contains("\"body\""), posted.attachmentsJson());
        assertNull(posted.blocksJson());
        SlackAccepted updated = accepted.get(1);
        assertEquals("chat.update", updated.method());
        assertEquals(first.getTs(), updated.ts());
        assertEquals(1_250_000_000L, updated.acceptedNanos());
        assertEquals("hello again", updated.text());
        assertEquals(posted.attachmentsJson(), updated.attachmentsJson(), "attachments not sent are kept");

        sandbox.clearRecordings();
        assertEquals(List.of(), sandbox.slackAccepted());
        assertEquals(0, sandbox.slackRateLimited());
        assertTrue(sandbox.slackMessage(JANE_DM, first.getTs()).isPresent(), "messages are state, not recordings");
    }

    @Test
    void manyThreadsAtOnceGetExactlyTheBurst() throws Exception {
        sandbox.slackLimits(limits(new Bucket(5, 1), new Bucket(7, 1)));
        int threads = 8;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        statuses.merge(rawPost(ROOM, "hammer").statusCode(), 1, Integer::sum);
                        HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(
                                URI.create(sandbox.slackApiUrl() + "users.lookupByEmail?email=limits-bob@example.com"))
                                .header("Authorization", "Bearer " + SandboxExtension.TOKEN).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        statuses.merge(lookup.statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(200, 5 + 7, 429, 2 * threads * each - 12), statuses);
        assertEquals(5, sandbox.posts().size());
        assertEquals(Map.of("chat.postMessage", (long) threads * each - 5, "users.lookupByEmail",
                (long) threads * each - 7), sandbox.slackRateLimitedByMethod());
    }

    @Test
    void chatUpdateReplacesTheMessageInPlaceAndAnswersAsSlackDoes() throws Exception {
        ChatPostMessageResponse posted = methods.chatPostMessage(r -> r.channel(JANE).text("v1")
                .attachments(List.of(Attachment.builder().color("danger").fallback("failed").text("failed").build())));
        String ts = posted.getTs();
        ChatUpdateResponse updated = methods.chatUpdate(r -> r.channel(JANE_DM).ts(ts).text("v2")
                .attachments(List.of(Attachment.builder().color("good").fallback("passed").text("passed").build())));
        assertTrue(updated.isOk(), updated.getError());
        assertEquals(JANE_DM, updated.getChannel());
        assertEquals(ts, updated.getTs());
        assertEquals("v2", updated.getText());
        assertEquals("v2", updated.getMessage().getText());
        assertEquals("passed", updated.getMessage().getAttachments().get(0).getText());

        assertTrue(methods.chatUpdate(r -> r.channel(JANE_DM).ts(ts).text("v3").attachments(List.of())).isOk());
        SlackMessageHistory message = sandbox.slackMessage(JANE_DM, ts).orElseThrow();
        assertEquals(2, message.updates());
        assertEquals(List.of("v1", "v2", "v3"), message.versions().stream().map(Sandbox.SlackContent::text).toList());
        assertTrue(message.versions().get(1).attachmentsJson().contains("passed"));
        assertNull(message.current().attachmentsJson(), "an empty array removes the attachments");
        assertEquals(1, sandbox.posts().size(), "an update is not a post");

        assertEquals("message_not_found", methods.chatUpdate(r -> r.channel(JANE_DM).ts("1.000001").text("x")).getError());
        assertEquals("channel_not_found", methods.chatUpdate(r -> r.channel("C0NOWHERE1").ts(ts).text("x")).getError());
        assertEquals("channel_not_found", methods.chatUpdate(r -> r.channel(JANE).ts(ts).text("x")).getError(),
                "chat.update takes the conversation's id, not the member's");
        assertEquals("no_text", methods.chatUpdate(r -> r.channel(JANE_DM).ts(ts)).getError());
        assertEquals(2, sandbox.slackMessage(JANE_DM, ts).orElseThrow().updates());
    }

    @Test
    void chatUpdateIsTier3() throws Exception {
        sandbox.slackLimits(limits(null, new Bucket(1, 1)));
        String ts = post(ROOM, "v1").getTs();
        assertTrue(methods.chatUpdate(r -> r.channel(ROOM).ts(ts).text("v2")).isOk());
        SlackApiException limited = assertThrows(SlackApiException.class,
                () -> methods.chatUpdate(r -> r.channel(ROOM).ts(ts).text("v3")));
        assertEquals(429, limited.getResponse().code());
        assertEquals("1", limited.getResponse().header("Retry-After"));
        assertEquals("v2", sandbox.slackMessage(ROOM, ts).orElseThrow().current().text(), "a 429 changes nothing");
        assertEquals(Map.of("chat.update", 1L), sandbox.slackRateLimitedByMethod());
    }
}
