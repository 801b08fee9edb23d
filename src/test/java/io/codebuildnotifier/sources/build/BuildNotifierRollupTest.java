package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Commit;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static io.codebuildnotifier.sources.build.NotifierFixture.OTHER_SHA;
import static io.codebuildnotifier.sources.build.NotifierFixture.SHA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.testkit.LocalQueue;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One message per commit across a monorepo's projects, updated in place, on in-memory fakes. */
class BuildNotifierRollupTest {
    private static final NotificationKey ROLLUP = new NotificationKey("commit:https://github.com/acme/widgets@" + SHA);

    private final NotifierFixture world = new NotifierFixture().rollups();

    @Test
    void aProjectAloneLooksAsItAlwaysDid() {
        world.handle(world.build("b1", FAILED, "pr/7", 10));

        assertEquals(List.of("U1", "U2"), world.messenger.destinations());
        Notification sent = world.messenger.posts().get(0).notification();
        assertEquals(Notification.Kind.BUILD_RESULT, sent.kind());
        assertEquals("Ada's widgets build - failed", sent.title());
        assertEquals(ROLLUP, sent.key(), "keyed by the commit, so that another project's build can update it");
    }

    @Test
    void aSecondProjectOfTheCommitUpdatesEachPersonsMessage() {
        world.handle(world.build("b1", FAILED, "pr/7", 10));
        world.handle(world.build("gadgets", "g1", SUCCEEDED, "pr/7", 11));
        world.handle(world.build("docs", "d1", FAILED, "pr/7", 12));

        assertEquals(List.of("U1", "U2"), world.messenger.destinations(), "no second direct message");
        List<RecordingMessenger.Update> updates = world.messenger.updates();
        assertEquals(4, updates.size());
        Notification latest = updates.get(3).notification();
        assertEquals(Notification.Kind.COMMIT_ROLLUP, latest.kind());
        assertEquals(List.of("docs", "gadgets", "widgets"), latest.parts().stream().map(Notification.Part::label).toList());
        assertEquals(List.of(Notification.Severity.FAILURE, Notification.Severity.SUCCESS, Notification.Severity.FAILURE),
                latest.parts().stream().map(Notification.Part::severity).toList());
        assertEquals(Notification.Severity.FAILURE, latest.severity());
        assertEquals("3", latest.factOrEmpty(Notification.FactKey.FINISHED));
        assertEquals(world.messenger.posts().get(0).notification().key(), latest.key());
        Marker rollup = world.store.find(ROLLUP, world.deadline).orElseThrow();
        assertEquals(3, rollup.sentRevision("dm:U1"));
        assertEquals(3, rollup.sentRevision("dm:U2"));
    }

    @Test
    void theChannelGetsOnePostPerCommitToo() {
        world.handle(world.build("b1", FAILED, "refs/heads/main", 10));
        world.handle(world.build("gadgets", "g1", FAILED, "refs/heads/main", 11));

        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
        assertEquals(3, world.messenger.updates().size());
    }

    @Test
    void aQuietBuildStillUpdatesAMessageItsCommitAlreadyHas() {
        world.git.commit(new Commit(OTHER_SHA, "Ada", "ada@example.com", "Grace", "grace@example.com", "Before"));
        world.handle(world.build("gadgets", "g0", SUCCEEDED, "pr/7", OTHER_SHA, 5, Map.of()));
        world.handle(world.build("b1", FAILED, "pr/7", 10));
        int posts = world.messenger.posts().size();

        Outcome quiet = world.handle(world.build("gadgets", "g1", SUCCEEDED, "pr/7", 11));

        Outcome.Recorded recorded = assertInstanceOf(Outcome.Recorded.class, quiet);
        assertTrue(!recorded.decision().notifies(), "passed again: the strategy is quiet");
        assertEquals(posts, world.messenger.posts().size(), "nobody is told anew");
        assertEquals(2, world.messenger.updates().size(), "but both messages now show gadgets");
    }

    @Test
    void aRebuildOfTheSameProjectIsANewMessage() {
        world.handle(world.build("b1", FAILED, "pr/7", 10));
        world.handle(world.build("b2", SUCCEEDED, "pr/7", 20));

        assertEquals(List.of("U1", "U2", "U1", "U2"), world.messenger.destinations());
        assertEquals(List.of(), world.messenger.updates());
        assertEquals("Ada's widgets build - passed", world.messenger.posts().get(2).notification().title());
    }

    @Test
    void anUpdateStillWaitingForItsTurnIsReplacedByTheNewerOne() {
        LocalQueue queue = new LocalQueue();
        world.queueing(queue);
        world.handle(world.build("b1", FAILED, "pr/7", 10));
        world.handle(world.build("gadgets", "g1", FAILED, "pr/7", 11));
        assertEquals(4, queue.pending().size(), "each person's first message and its update, waiting");

        List<Sender.Sent> sent = queue.drain(world.sender(), world.deadline);

        assertEquals(List.of(Sender.Status.SUPERSEDED, Sender.Status.SENT, Sender.Status.SUPERSEDED, Sender.Status.SENT),
                sent.stream().map(Sender.Sent::status).toList());
        assertEquals(List.of("U1", "U2"), world.messenger.destinations(), "one message each, posted once");
        assertEquals(Notification.Kind.COMMIT_ROLLUP, world.messenger.posts().get(0).notification().kind());
        assertEquals(List.of(), world.messenger.updates());
        assertEquals(List.of(), queue.pending());
    }

    @Test
    void withRollupsOffEveryBuildIsItsOwnMessage() {
        NotifierFixture perBuild = new NotifierFixture();
        perBuild.handle(perBuild.build("b1", FAILED, "pr/7", 10));
        perBuild.handle(perBuild.build("gadgets", "g1", FAILED, "pr/7", 11));

        assertEquals(List.of("U1", "U2", "U1", "U2"), perBuild.messenger.destinations());
        assertEquals(List.of(), perBuild.messenger.updates());
    }

    @Test
    void aRepeatedEventChangesNothing() {
        var build = world.build("b1", FAILED, "pr/7", 10);
        world.handle(build);
        world.handle(world.build("gadgets", "g1", FAILED, "pr/7", 11));

        assertInstanceOf(Outcome.Duplicate.class, world.handle(build));

        assertEquals(2, world.messenger.posts().size());
        assertEquals(2, world.messenger.updates().size());
    }

    private Outcome start(Build build, String sourceVersion) {
        return world.notifier().handle(new BuildEvent(build.arn(), "IN_PROGRESS", new BuildEvent.Source("GITHUB",
                "https://github.com/acme/widgets.git", sourceVersion)), world.invocation("start-" + build.id()));
    }

    @Test
    void aPushsStartsAreCountedSoTheMessageSaysHowManyAreStillToCome() {
        Build widgets = world.build("b1", FAILED, SHA, 10);
        Build gadgets = world.build("gadgets", "g1", FAILED, SHA, 11);
        Build docs = world.build("docs", "d1", FAILED, SHA, 12);
        world.git.branchHead("main", SHA);
        for (Build b : List.of(widgets, gadgets, docs)) {
            assertTrue(start(b, SHA).summary().contains("counted in the rollup of " + SHA.substring(0, 7)));
        }

        world.handle(widgets);

        Notification first = world.messenger.posts().get(0).notification();
        assertEquals(Notification.Kind.COMMIT_ROLLUP, first.kind(), "one of three: the others are on their way");
        assertEquals("acme/widgets @ a1b2c3d: 1 of 3 finished", first.title());
        assertEquals("3", first.factOrEmpty(Notification.FactKey.EXPECTED));

        world.handle(gadgets);
        world.handle(docs);
        Notification last = world.messenger.updates().get(world.messenger.updates().size() - 1).notification();
        assertEquals("acme/widgets @ a1b2c3d: 3 finished", last.title());
        assertEquals(java.util.Optional.empty(), last.fact(Notification.FactKey.EXPECTED));
    }

    @Test
    void aPullRequestsStartSaysTooLittleAndIsIgnored() {
        Outcome ignored = start(world.build("b1", FAILED, "pr/7", 10), "pr/7");

        assertEquals("ignored arn:aws:codebuild:eu-west-1:123456789012:build/widgets:b1: build is IN_PROGRESS, "
                + "not a pass or a failure", ignored.summary());
        assertEquals(java.util.Optional.empty(), world.store.find(ROLLUP, world.deadline));
    }
}
