package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Commit;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.NotifierFixture.SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Robots, GitHub noreply authors, admin notices once a day, and mentions, on in-memory fakes. */
class BuildNotifierPeopleTest {
    private static final String CAROL = "carol@example.com";

    private final NotifierFixture world = new NotifierFixture();

    private Outcome.Recorded handle(Build build) {
        return assertInstanceOf(Outcome.Recorded.class, world.handle(build));
    }

    private List<RecordingMessenger.Post> notices() {
        return world.messenger.posts().stream()
                .filter(p -> p.notification().kind() == Notification.Kind.PERSON_NOT_FOUND).toList();
    }

    @Test
    void aWebFlowMergeNeitherLooksUpNorReportsItsCommitter() {
        world.git.commit(new Commit(SHA, "Ada", "ada@example.com", "GitHub", "noreply@github.com", "Merge #7"));

        Outcome.Recorded outcome = handle(world.build("b1", FAILED, "pr/7", 10));

        assertEquals(List.of("U1"), world.messenger.destinations());
        assertEquals(List.of("ada@example.com"), world.directory.lookups());
        assertEquals(List.of(), world.aliases.lookups());
        assertTrue(outcome.deliveries().stream().noneMatch(d -> d.role() == Delivery.Role.ADMIN_NOTICE),
                outcome.summary());
    }

    @Test
    void aBotAuthorAloneNotifiesNobodyAndReportsNothing() {
        world.git.commit(new Commit(SHA, "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com",
                "GitHub", "noreply@github.com", "Bump jackson"));

        Outcome.Recorded outcome = handle(world.build("b1", FAILED, "pr/7", 10));

        assertEquals(List.of(), world.messenger.destinations(), outcome.summary());
        assertEquals(List.of(), world.directory.lookups());
        assertEquals(List.of(), world.profiles.asked(), "a bot's login is not asked for");
        assertEquals(0, world.notices.size());
    }

    @Test
    void aNoreplyAuthorIsFoundThroughTheirPublicEmail() {
        world.profiles.user("ada-l", "ada@example.com");
        world.git.commit(new Commit(SHA, "Ada", "1234567+ada-l@users.noreply.github.com", "GitHub",
                "noreply@github.com", "Fix it"));

        handle(world.build("b1", FAILED, "pr/7", 10));

        assertEquals(List.of("U1"), world.messenger.destinations());
        assertEquals(List.of("ada-l"), world.profiles.asked());
        assertEquals(List.of("1234567+ada-l@users.noreply.github.com", "ada@example.com"), world.directory.lookups());
        assertEquals(List.of(), world.aliases.lookups(), "the public email was enough");
        Notification sent = world.messenger.posts().get(0).notification();
        assertEquals("U1", sent.person(Notification.Person.Role.AUTHOR).orElseThrow().chatId());
    }

    @Test
    void theAdminNoticeNamesTheProjectTheCommitAndTheAddress() {
        world.git.commit(new Commit(SHA, "Carol", CAROL, "Carol", CAROL, "Refactor"));

        handle(world.build("b1", FAILED, "pr/7", 10));

        Notification notice = notices().get(0).notification();
        assertEquals(Optional.of(CAROL), notice.fact(FactKey.EMAIL));
        assertEquals(Optional.of("widgets"), notice.fact(FactKey.PROJECT));
        assertEquals(Optional.of(SHA), notice.fact(FactKey.COMMIT));
        assertEquals(Optional.of(SHA.substring(0, 7)), notice.fact(FactKey.SHORT_COMMIT));
        assertEquals(Optional.of("widgets:b1"), notice.fact(FactKey.BUILD_ID));
        assertEquals("No chat member found for carol@example.com (widgets, commit a1b2c3d)", notice.title());
    }

    @Test
    void anAddressIsReportedOnceADayWhateverBuildsFollow() {
        world.git.commit(new Commit(SHA, "Carol", CAROL, "Carol", CAROL, "Refactor"));
        world.git.commit(new Commit(NotifierFixture.OTHER_SHA, "Carol", "Carol@Example.com", "Ada",
                "ada@example.com", "Refactor more"));

        handle(world.build("b1", FAILED, "pr/7", 10));
        Outcome.Recorded second = handle(world.build("widgets", "b2", FAILED, "pr/8", NotifierFixture.OTHER_SHA,
                20, Map.of()));

        assertEquals(List.of("UADMIN", "U1"), world.messenger.destinations());
        assertEquals(1, notices().size());
        assertEquals(List.of(Delivery.Role.DIRECT_MESSAGE), second.deliveries().stream().map(Delivery::role).toList(),
                second.summary());
    }

    @Test
    void aRetryAfterTheNoticeFailedStillSendsIt() {
        world.git.commit(new Commit(SHA, "Ada", "ada@example.com", "Carol", CAROL, "Fix it"));
        Build build = world.build("b1", FAILED, "pr/7", 10);
        world.messenger.unreachable("UADMIN");

        assertThrows(TransientFailure.class, () -> world.handle(build, "inv-1"));
        world.messenger.heal();
        world.handle(build, "inv-2");

        assertEquals(List.of("U1", "UADMIN", "UADMIN"), world.messenger.destinations(), "tried, then sent");
        assertEquals(List.of("U1", "UADMIN"), world.messenger.deliveredTo());
        assertEquals(Set.of("dm:U1", "admin:UADMIN:" + CAROL), world.marker(build).orElseThrow().delivered());
    }

    @Test
    void aRetryAfterTheNoticeWasSentDoesNotSendItAgain() {
        world.git.commit(new Commit(SHA, "Carol", CAROL, "Carol", CAROL, "Fix it"));
        Build build = world.build("b1", FAILED, "refs/heads/main", 10);
        world.messenger.unreachable("#builds"); // the channel comes after the notice

        assertThrows(TransientFailure.class, () -> world.handle(build, "inv-1"));
        world.messenger.heal();
        world.handle(build, "inv-2");

        assertEquals(List.of("UADMIN", "#builds"), world.messenger.deliveredTo());
        assertEquals(1, notices().size());
    }

    @Test
    void directMessagesAndChannelPostsMentionThePeopleFound() {
        world.git.commit(new Commit(SHA, "Ada", "ada@example.com", "Carol", CAROL, "Fix it"));

        handle(world.build("b1", FAILED, "refs/heads/main", 10));

        Map<String, Notification> byDestination = world.messenger.posts().stream().collect(Collectors.toMap(
                RecordingMessenger.Post::destination, RecordingMessenger.Post::notification));
        for (String destination : List.of("U1", "#builds")) {
            Notification sent = byDestination.get(destination);
            assertEquals("U1", sent.person(Notification.Person.Role.AUTHOR).orElseThrow().chatId(), destination);
            assertEquals("", sent.person(Notification.Person.Role.COMMITTER).orElseThrow().chatId(), destination);
        }
    }

    @Test
    void aCommitRollupMentionsThePeopleFoundToo() {
        world.rollups();

        handle(world.build("widgets", "b1", FAILED, "refs/heads/main", 10));
        handle(world.build("gadgets", "b2", FAILED, "refs/heads/main", 20));

        List<RecordingMessenger.Update> updates = world.messenger.updates();
        assertEquals(3, updates.size(), updates.toString());
        for (RecordingMessenger.Update update : updates) {
            assertEquals(Notification.Kind.COMMIT_ROLLUP, update.notification().kind());
            assertEquals(List.of("U1", "U2"), update.notification().people().stream()
                    .map(Notification.Person::chatId).toList(), update.ref().toString());
        }
    }
}
