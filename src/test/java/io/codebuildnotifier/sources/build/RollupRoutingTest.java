package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.NotifyStrategy;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** With commit rollups and channel routes, a channel is shown the projects routed to it, not the whole commit. */
class RollupRoutingTest {
    private final NotifierFixture world = new NotifierFixture().strategy(NotifyStrategy.EVERY_BUILD).rollups()
            .routes("build:webapp-*=#webapp-ci,build:payments=#payments");

    private static List<String> projects(Notification n) {
        return n.parts().stream().map(Notification.Part::label).toList();
    }

    private Notification lastTo(String destination) {
        Stream<Notification> posted = world.messenger.posts().stream().filter(p -> p.destination().equals(destination))
                .map(RecordingMessenger.Post::notification);
        Stream<Notification> updated = world.messenger.updates().stream()
                .filter(u -> u.ref().channel().equals("D" + destination)).map(RecordingMessenger.Update::notification);
        List<Notification> all = Stream.concat(posted, updated).toList();
        return all.get(all.size() - 1);
    }

    @Test
    void eachChannelSeesItsOwnProjectsOfTheCommit() {
        world.handle(world.build("webapp-api", "b1", FAILED, "refs/heads/main", 10));
        world.handle(world.build("webapp-web", "b2", SUCCEEDED, "refs/heads/main", 11));
        world.handle(world.build("payments", "b3", FAILED, "refs/heads/main", 12));
        world.handle(world.build("docs", "b4", SUCCEEDED, "refs/heads/main", 13));

        assertEquals(List.of("webapp-api", "webapp-web"), projects(lastTo("#webapp-ci")));
        assertEquals(List.of("payments"), projects(lastTo("#payments")));
        assertEquals(List.of("docs"), projects(lastTo("#builds")), "the catch-all: what no rule routes");
        assertEquals(List.of("docs", "payments", "webapp-api", "webapp-web"), projects(lastTo("U1")),
                "people see the whole commit");
    }

    @Test
    void aChannelIsNotUpdatedForProjectsRoutedElsewhere() {
        world.handle(world.build("payments", "b1", FAILED, "refs/heads/main", 10));
        world.handle(world.build("webapp-api", "b2", FAILED, "refs/heads/main", 11));
        world.handle(world.build("webapp-web", "b3", SUCCEEDED, "refs/heads/main", 12));

        long toPayments = world.messenger.posts().stream().filter(p -> p.destination().equals("#payments")).count()
                + world.messenger.updates().stream().filter(u -> u.ref().channel().equals("D#payments")).count();
        assertEquals(1, toPayments, "its one post: the webapp builds change nothing it shows");
        assertEquals(List.of("webapp-api", "webapp-web"), projects(lastTo("#webapp-ci")));
        assertEquals("webapp-web", lastTo("#webapp-ci").metadata().payload().get("project"));
    }
}
