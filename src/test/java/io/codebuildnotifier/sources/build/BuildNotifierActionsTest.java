package io.codebuildnotifier.sources.build;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static io.codebuildnotifier.sources.build.BuildStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.adapter.aws.QueuedMessages;
import io.codebuildnotifier.notification.ActionIds;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Outgoing;
import io.codebuildnotifier.testkit.LocalQueue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a build's messages offer to do: a failed or timed-out build's a retry, naming the build and the chat ids of
 * its author and committer (found when its people are); an admin's notice about someone nobody has, a picker to
 * link the address. On in-memory fakes: Ada is U1, Grace U2.
 */
class BuildNotifierActionsTest {
    private final NotifierFixture world = new NotifierFixture().retryButtons();

    private static List<Notification.Action> retry(String build, String people) {
        return List.of(Notification.Action.button(ActionIds.RETRY_BUILD, "Retry build",
                Map.of(ActionIds.BUILD_ID, build, ActionIds.PEOPLE, people), Notification.Action.Style.DEFAULT));
    }

    @Test
    void aFailedBuildOffersARetryToItsPeopleAndItsChannel() {
        world.handle(world.build("b1", FAILED, "refs/heads/main", 10));

        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
        world.messenger.posts().forEach(post -> assertEquals(retry("widgets:b1", "U1,U2"),
                post.notification().actions(), post.destination()));
    }

    @Test
    void aTimedOutBuildOffersARetryAndAPassNone() {
        world.handle(world.build("b1", TIMED_OUT, "pr/7", 10));
        world.handle(world.build("b2", SUCCEEDED, "pr/7", 20));

        assertEquals(retry("widgets:b1", "U1,U2"), world.messenger.posts().get(0).notification().actions());
        assertEquals(List.of(), world.messenger.posts().get(2).notification().actions());
    }

    @Test
    void onlyThePeopleFoundAreNamed() {
        world.git.commit(new io.codebuildnotifier.git.Commit(NotifierFixture.OTHER_SHA, "Ada", "ada@example.com",
                "Carol", "carol@example.com", "Other"));

        world.handle(world.build("b1", FAILED, "pr/7", NotifierFixture.OTHER_SHA, 10, Map.of()));

        assertEquals(retry("widgets:b1", "U1"), world.messenger.posts().getFirst().notification().actions());
    }

    @Test
    void withoutRetriesThereIsNothingToClick() {
        NotifierFixture plain = new NotifierFixture();
        plain.handle(plain.build("b1", FAILED, "pr/7", 10));

        assertEquals(List.of(), plain.messenger.posts().getFirst().notification().actions());
    }

    @Test
    void aCommitsRollupOfOneProjectKeepsTheRetryAndASummaryOfSeveralHasNone() {
        NotifierFixture rolled = new NotifierFixture().retryButtons().rollups();
        rolled.handle(rolled.build("b1", FAILED, "pr/7", 10));
        assertEquals(retry("widgets:b1", "U1,U2"), rolled.messenger.posts().getFirst().notification().actions());

        rolled.handle(rolled.build("gadgets", "g1", FAILED, "pr/7", 11));

        Notification summary = rolled.messenger.updates().getLast().notification();
        assertEquals(Notification.Kind.COMMIT_ROLLUP, summary.kind());
        assertEquals(List.of(), summary.actions());
    }

    @Test
    void theActionsSurviveTheDeliveryQueue() {
        LocalQueue queue = new LocalQueue();
        NotifierFixture queued = new NotifierFixture().retryButtons().queueing(queue);
        queued.handle(queued.build("b1", FAILED, "pr/7", 10));

        Outgoing sent = queue.pending().getFirst();
        Outgoing read = QueuedMessages.decode(QueuedMessages.encode(sent));

        assertEquals(sent.notification().actions(), read.notification().actions());
        assertEquals(retry("widgets:b1", "U1,U2"), read.notification().actions());
    }

    @Test
    void anAdminsNoticeOffersToLinkTheAddressWhenTheAliasTableIsSet() {
        NotifierFixture linking = new NotifierFixture().offeringLinks();
        linking.git.commit(new io.codebuildnotifier.git.Commit(NotifierFixture.OTHER_SHA, "Ada", "ada@example.com",
                "Carol", "carol@example.com", "Other"));

        linking.handle(linking.build("b1", FAILED, "pr/7", NotifierFixture.OTHER_SHA, 10, Map.of()));

        Notification notice = linking.messenger.posts().stream().filter(p -> p.destination().equals("UADMIN"))
                .findFirst().orElseThrow().notification();
        assertEquals(List.of(Notification.Action.userPicker(ActionIds.LINK_PERSON, "Link carol@example.com to",
                Map.of(ActionIds.EMAIL, "carol@example.com"))), notice.actions());
    }
}
