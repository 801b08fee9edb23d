package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.PostResult;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.sandbox.SlackLimits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SlackWorkspace#update}: the real Slack client against the loopback Slack's chat.update. A message is
 * replaced in place with what {@link SlackWorkspace#post} would have sent, and Slack's answers map as a post's do.
 */
@ExtendWith(SandboxExtension.class)
class SlackUpdateTest {

    static final String JANE = "U0UPDJANE1";
    static final String JANE_DM = "D0UPDJANE1";
    static final String ROOM = "C0UPDROOM1";
    static final ObjectMapper JSON = new ObjectMapper();

    static Sandbox sandbox;

    final List<Duration> waits = new ArrayList<>();
    final AtomicInteger refreshes = new AtomicInteger();
    final Deadline deadline = Deadline.in(Duration.ofMinutes(5));

    @BeforeAll
    static void start(Sandbox shared) {
        sandbox = shared;
        ObjectNode jane = JSON.createObjectNode().put("id", JANE).put("name", "upd-jane").put("deleted", false)
                .put("is_bot", false);
        jane.putObject("profile").put("email", "upd-jane@example.com");
        sandbox.putSlackUser(jane);
        sandbox.putSlackChannel(ROOM, "update-room");
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

    SlackWorkspace workspace(Function<Deadline, String> token) {
        return new SlackWorkspace(URI.create(sandbox.slackApiUrl()), token, refreshes::incrementAndGet,
                new Patience(waits::add));
    }

    SlackWorkspace workspace() {
        return workspace(d -> SandboxExtension.TOKEN);
    }

    static Notification build(String project, Notification.Severity severity, String status) {
        return new Notification(NotificationKey.build(project + ":1"), Notification.Kind.BUILD_RESULT, severity,
                "", List.of(new Fact(FactKey.PROJECT, project), new Fact(FactKey.STATUS, status),
                new Fact(FactKey.SHORT_COMMIT, "abc1234"), new Fact(FactKey.SOURCE_REF, "main")),
                List.of(), List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Jane", "j@example.com")),
                List.of());
    }

    static Notification personNotFound() {
        return new Notification(new NotificationKey("admin:1"), Notification.Kind.PERSON_NOT_FOUND,
                Notification.Severity.WARNING, "", List.of(new Fact(FactKey.EMAIL, "ghost@example.com"),
                new Fact(FactKey.ERROR, "users_not_found")), List.of(), List.of(), List.of());
    }

    MessageRef posted(String destination, Notification notification) {
        PostResult result = workspace().post(destination, notification, deadline);
        return assertInstanceOf(PostResult.Posted.class, result).ref().orElseThrow();
    }

    Sandbox.SlackMessageHistory kept(MessageRef ref) {
        return sandbox.slackMessage(ref.channel(), ref.ts()).orElseThrow();
    }

    @Test
    void replacesTheMessageInPlaceWithWhatAPostWouldHaveSent() throws Exception {
        MessageRef ref = posted(JANE, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        assertEquals(JANE_DM, ref.channel());
        Notification passed = build("widgets-ci", Notification.Severity.SUCCESS, "succeeded");

        assertEquals(new PostResult.Posted(ref), workspace().update(ref, passed, deadline));

        Sandbox.SlackMessageHistory message = kept(ref);
        assertEquals(1, message.updates());
        assertEquals(1, sandbox.posts().size(), "updated, not posted again");
        SlackMessage rendered = SlackMessages.render(passed);
        assertEquals(rendered.text(), message.current().text());
        assertEquals(SlackWire.of(rendered).shown(), SlackWire.of(message.current()).shown());
        JsonNode attachment = JSON.readTree(message.current().attachmentsJson()).get(0);
        assertEquals("good", attachment.path("color").asText());
        assertEquals(rendered.text(), attachment.path("fallback").asText());
        assertEquals(JSON.readTree(SlackWire.of(rendered).blocksJson()), JSON.readTree(message.current().blocksJson()));

        MessageRef fresh = posted(ROOM, passed);
        assertEquals(kept(fresh).current(), message.current(), "exactly what post sends");

        Map<String, String> params = sandbox.calls().stream().filter(c -> c.operation().equals("chat.update"))
                .findFirst().orElseThrow().params();
        assertEquals(JANE_DM, params.get("channel"));
        assertEquals(ref.ts(), params.get("ts"));
    }

    @Test
    void anUpdateLeavesNothingOfTheOldMessageBehind() {
        MessageRef ref = posted(ROOM, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        assertEquals(new PostResult.Posted(ref), workspace().update(ref, personNotFound(), deadline));
        Sandbox.SlackContent now = kept(ref).current();
        SlackWire sent = SlackWire.of(SlackMessages.render(personNotFound()));
        assertEquals(sent.text(), now.text());
        assertEquals(sent.shown(), SlackWire.of(now).shown(), "blocks and attachment replaced");
        assertFalse(SlackWire.of(now).shown().contains("widgets-ci"), SlackWire.of(now).shown());
        assertEquals(List.of(), SlackWire.of(now).buttons(), "the old buttons are gone");
    }

    static Notification withMetadata(Notification n, String status) {
        return n.withMetadata(new Notification.Metadata("codebuild_build_finished", Map.of("project", "widgets-ci",
                "status", status, "build_number", 41, "flaky", false,
                "tests", Map.of("total", 120, "failed", 3), "failed_tests", List.of("A.b", "C.d"))));
    }

    @Test
    void metadataGoesWithEveryPostUpdateAndReply() throws Exception {
        Notification failed = withMetadata(build("widgets-ci", Notification.Severity.FAILURE, "failed"), "failed");
        MessageRef ref = posted(JANE, failed);
        JsonNode posted = JSON.readTree(kept(ref).current().metadataJson());
        assertEquals("codebuild_build_finished", posted.path("event_type").asText());
        assertEquals(JSON.readTree("{\"project\":\"widgets-ci\",\"status\":\"failed\",\"build_number\":41,"
                + "\"flaky\":false,\"tests\":{\"total\":120,\"failed\":3},\"failed_tests\":[\"A.b\",\"C.d\"]}"),
                posted.path("event_payload"));

        Notification passed = withMetadata(build("widgets-ci", Notification.Severity.SUCCESS, "succeeded"), "succeeded");
        assertEquals(new PostResult.Posted(ref), workspace().update(ref, passed, deadline));
        assertEquals("succeeded", JSON.readTree(kept(ref).current().metadataJson())
                .path("event_payload").path("status").asText(), "the update carries the new metadata");

        PostResult reply = workspace().reply(ref, passed, deadline);
        MessageRef replied = assertInstanceOf(PostResult.Posted.class, reply).ref().orElseThrow();
        assertEquals("codebuild_build_finished", JSON.readTree(kept(replied).current().metadataJson())
                .path("event_type").asText());
        assertEquals(3, sandbox.calls().stream().filter(c -> c.params().containsKey("metadata")).count());
        assertEquals(kept(posted(ROOM, passed)).current(), kept(replied).current(), "a reply sends what a post does");
        assertEquals(kept(replied).current(), kept(ref).current(), "and what an update does");
    }

    @Test
    void noMetadataIsSentWhenTheNotificationHasNone() {
        MessageRef ref = posted(JANE, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        assertNull(kept(ref).current().metadataJson());
        assertTrue(sandbox.calls().stream().noneMatch(c -> c.params().containsKey("metadata")));
    }

    @Test
    void aMessageOrChannelSlackDoesNotKnowFailsForGood() {
        MessageRef ref = posted(JANE, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        Notification passed = build("widgets-ci", Notification.Severity.SUCCESS, "succeeded");
        assertEquals(PostResult.Failed.gone("message_not_found"),
                workspace().update(new MessageRef(JANE_DM, "1.000001"), passed, deadline));
        assertEquals(new PostResult.Failed("channel_not_found"),
                workspace().update(new MessageRef("C0NOWHERE1", ref.ts()), passed, deadline));
        assertEquals(0, kept(ref).updates());
        assertEquals(List.of(), waits, "not retried");
    }

    @Test
    void aRateLimitIsATransientFailureCarryingRetryAfter() {
        MessageRef ref = posted(JANE, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        long frozen = System.nanoTime();
        sandbox.slackLimits(SlackLimits.off().tier3PerMethod(new SlackLimits.Bucket(1, 1.0 / 30))
                .withClock(() -> frozen));
        assertInstanceOf(PostResult.Posted.class,
                workspace().update(ref, build("widgets-ci", Notification.Severity.TIMEOUT, "timed out"), deadline));

        TransientFailure failure = assertThrows(TransientFailure.class, () -> workspace().update(ref,
                build("widgets-ci", Notification.Severity.SUCCESS, "succeeded"), deadline));
        assertEquals(Optional.of(Duration.ofSeconds(30)), failure.retryAfter());
        assertTrue(failure.getMessage().contains("chat.update failed with HTTP 429"), failure.getMessage());
        assertEquals(java.util.Collections.nCopies(9, Duration.ofSeconds(30)), waits, "a throttled call's ten attempts");
        assertEquals(Map.of("chat.update", 10L), sandbox.slackRateLimitedByMethod());
        assertEquals(1, kept(ref).updates(), "a 429 changes nothing");
    }

    @Test
    void aServerErrorIsATransientFailure() {
        MessageRef ref = posted(JANE, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        sandbox.failNext("slack", "chat.update", 4, Sandbox.Fault.status(503));
        TransientFailure failure = assertThrows(TransientFailure.class, () -> workspace().update(ref,
                build("widgets-ci", Notification.Severity.SUCCESS, "succeeded"), deadline));
        assertEquals(Optional.empty(), failure.retryAfter());
        assertEquals(3, waits.size());
        assertEquals(0, kept(ref).updates());
    }

    @Test
    void anOutageThatEndsIsRiddenOut() {
        MessageRef ref = posted(JANE, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        sandbox.failNext("slack", "chat.update", 1, Sandbox.Fault.slackRateLimited(2));
        assertEquals(new PostResult.Posted(ref), workspace().update(ref,
                build("widgets-ci", Notification.Severity.SUCCESS, "succeeded"), deadline));
        assertEquals(List.of(Duration.ofSeconds(2)), waits);
        assertEquals(1, kept(ref).updates());
    }

    @Test
    void aRejectedTokenIsReadAgainOnceThenAMisconfiguration() {
        MessageRef ref = posted(JANE, build("widgets-ci", Notification.Severity.FAILURE, "failed"));
        assertThrows(MisconfigurationFailure.class, () -> workspace(d -> "xoxb-revoked").update(ref,
                build("widgets-ci", Notification.Severity.SUCCESS, "succeeded"), deadline));
        assertEquals(1, refreshes.get());
        assertEquals(0, kept(ref).updates());
    }
}
