package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Commit;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.NotifierFixture.SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who gets a message, and what the ledger remembers of it, on in-memory fakes. */
class BuildNotifierDispatchTest {
    private final NotifierFixture world = new NotifierFixture();

    private List<Delivery> deliveries(Build build) {
        return assertInstanceOf(Outcome.Recorded.class, world.handle(build)).deliveries();
    }

    @Test
    void theAuthorAndTheCommitterGetADirectMessage() {
        List<Delivery> deliveries = deliveries(world.build("b1", FAILED, "pr/7", 10));

        assertEquals(List.of("U1", "U2"), world.messenger.destinations());
        assertEquals(List.of(Delivery.Role.DIRECT_MESSAGE, Delivery.Role.DIRECT_MESSAGE),
                deliveries.stream().map(Delivery::role).toList());
        assertEquals(List.of("ada@example.com", "grace@example.com"), deliveries.stream().map(Delivery::about).toList());
        Notification sent = world.messenger.posts().get(0).notification();
        assertEquals("Ada's widgets build - failed", sent.title());
    }

    @Test
    void someoneWhoIsBothAuthorAndCommitterGetsOneMessage() {
        world.git.commit(new Commit(SHA, "Ada", "ada@example.com", "Ada", "ADA@example.com", "Fix it"));

        deliveries(world.build("b1", FAILED, "pr/7", 10));

        assertEquals(List.of("U1"), world.messenger.destinations());
    }

    @Test
    void theChannelHearsAboutBranchesOnly() {
        deliveries(world.build("b1", FAILED, "pr/7", 10));
        assertEquals(List.of("U1", "U2"), world.messenger.destinations());

        List<Delivery> deliveries = deliveries(world.build("b2", FAILED, "refs/heads/main", 20));

        assertEquals(List.of("U1", "U2", "U1", "U2", "#builds"), world.messenger.destinations());
        assertEquals(Delivery.Role.CHANNEL, deliveries.get(2).role());
    }

    @Test
    void theAdminsHearAboutSomeoneWhoCannotBeFound() {
        world.git.commit(new Commit(SHA, "Ada", "ada@example.com", "Bot", "bot@ci.example", "Fix it"));
        Build build = world.build("b1", FAILED, "pr/7", 10);

        deliveries(build);

        assertEquals(List.of("U1", "UADMIN"), world.messenger.destinations());
        Notification notice = world.messenger.posts().get(1).notification();
        assertEquals(Notification.Kind.PERSON_NOT_FOUND, notice.kind());
        assertEquals(Optional.of("bot@ci.example"), notice.fact(Notification.FactKey.EMAIL));
        assertEquals(Set.of("dm:U1", "admin:UADMIN:bot@ci.example"), world.marker(build).orElseThrow().delivered());
    }

    @Test
    void whatCouldNotBeSentSaysWhatToSet() {
        world.git.commit(new Commit(SHA, "Ada", "ada@example.com", "Bot", "bot@ci.example", "Fix it"));
        List<Delivery> none = deliveries(world.admins().build("b1", FAILED, "pr/7", 10));
        assertEquals("admin - (about bot@ci.example) failed: no Slack member for bot@ci.example (users_not_found) "
                + "and CBN_SLACK_ADMIN_USERNAMES is not set", adminNote(none));

        List<Delivery> unknown = deliveries(world.admins("nobody").build("b2", FAILED, "pr/8", 20));
        assertEquals("admin nobody (about bot@ci.example) failed: no active Slack member matches admin 'nobody'",
                adminNote(unknown));
    }

    private static String adminNote(List<Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.role() == Delivery.Role.ADMIN_NOTICE).findFirst().orElseThrow()
                .toString();
    }

    @Test
    void eachMessageIsNotedWithWhereItLanded() {
        Build build = world.build("b1", FAILED, "refs/heads/main", 10);

        List<Delivery> deliveries = deliveries(build);

        Marker marker = world.marker(build).orElseThrow();
        assertEquals(Map.of(
                "dm:U1", new MessageRef("DU1", "1700000000.000001"),
                "dm:U2", new MessageRef("DU2", "1700000000.000002"),
                "channel:#builds", new MessageRef("D#builds", "1700000000.000003")), marker.references());
        assertEquals(deliveries.get(0).ref(), Optional.of(marker.references().get("dm:U1")));
        assertEquals(Marker.State.DONE, marker.state());
    }

    @Test
    void aFailureReleasesTheClaimAndTheRetrySendsOnlyWhatIsMissing() {
        Build build = world.build("b1", FAILED, "pr/7", 10);
        world.messenger.unreachable("U2");

        assertThrows(TransientFailure.class, () -> world.handle(build));

        Marker released = world.marker(build).orElseThrow();
        assertEquals(Marker.State.CLAIMED, released.state());
        assertEquals(Set.of("dm:U1"), released.delivered());
        assertEquals(Instant.EPOCH, released.leaseUntil(), "released, so that a retry takes over at once");

        world.messenger.heal();
        Outcome retry = world.handle(build, "inv-2");

        List<Delivery> retried = assertInstanceOf(Outcome.Recorded.class, retry).deliveries();
        assertEquals(List.of("U1", "U2", "U2"), world.messenger.destinations());
        assertEquals(List.of("U2"), retried.stream().map(Delivery::target).toList());
        Marker done = world.marker(build).orElseThrow();
        assertEquals(Marker.State.DONE, done.state());
        assertEquals(Set.of("dm:U1", "dm:U2"), done.delivered());
    }

    @Test
    void aRefusedMessageIsReportedAndNotRetried() {
        world.messenger.refuse("U2", "user_disabled");
        Build build = world.build("b1", FAILED, "pr/7", 10);

        List<Delivery> deliveries = deliveries(build);

        assertEquals("user_disabled", deliveries.get(1).error());
        assertEquals(Marker.State.DONE, world.marker(build).orElseThrow().state());
        assertEquals(List.of("U1"), world.messenger.deliveredTo());
    }
}
