package io.codebuildnotifier.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.MemoryPreferences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Preferences in any notification's direct messages: what a mute names per kind, and the per-strategy choice. */
class DispatcherPreferencesTest {
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDirectory directory = new InMemoryDirectory().member("ada@example.com", "U1")
            .member("grace@example.com", "U2").admin("ops", "UADMIN");
    private final MemoryPreferences preferences = new MemoryPreferences();
    private final Dispatcher dispatcher = new Dispatcher(new Recipients(directory, new InMemoryAliasBook()),
            directory, (messages, deadline) -> List.of(), List.of("ops"), new Dispatcher.Terms("Slack", "ADMINS"),
            Notices.EVERY_TIME, clock, preferences);

    private static Notification of(Notification.Kind kind, Notification.FactKey key, String value) {
        return new Notification(new NotificationKey("k:" + kind), kind, Notification.Severity.FAILURE, "t",
                List.of(new Notification.Fact(key, value)), List.of(), List.of(
                new Notification.Person(Notification.Person.Role.AUTHOR, "Ada", "ada@example.com"),
                new Notification.Person(Notification.Person.Role.COMMITTER, "Grace", "grace@example.com"),
                new Notification.Person(Notification.Person.Role.COMMITTER, "Carol", "carol@example.com")),
                List.of());
    }

    private List<String> targets(Notification notification, Dispatcher.Audience audience) {
        return dispatcher.plan(notification, audience, Deadline.in(Duration.ofMinutes(1), clock)).messages().stream()
                .map(Outgoing::target).toList();
    }

    private void mute(String chatId, String subject) {
        preferences.with(new Preference(chatId, List.of(new Preference.Mute(subject, Optional.empty())),
                Optional.empty()));
    }

    @Test
    void eachKindIsMutedByItsSubject() {
        mute("U1", "release");
        mute("U2", "shop");
        Dispatcher.Audience everyone = new Dispatcher.Audience(Optional.of("#deploys"));

        assertEquals(List.of("dm:U2", "admin:UADMIN:carol@example.com", "channel:#deploys"),
                targets(of(Notification.Kind.APPROVAL, Notification.FactKey.PIPELINE, "release"), everyone));
        assertEquals(List.of("dm:U2", "admin:UADMIN:carol@example.com", "channel:#deploys"),
                targets(of(Notification.Kind.PIPELINE_RUN, Notification.FactKey.PIPELINE, "Release"), everyone),
                "a subject in any case");
        assertEquals(List.of("dm:U1", "admin:UADMIN:carol@example.com", "channel:#deploys"),
                targets(of(Notification.Kind.DEPLOYMENT, Notification.FactKey.APPLICATION, "shop"), everyone));
        assertEquals(List.of("dm:U1", "admin:UADMIN:carol@example.com", "channel:#deploys"),
                targets(of(Notification.Kind.PUSH, Notification.FactKey.REPOSITORY, "shop"), everyone));
        assertEquals(List.of("dm:U2", "admin:UADMIN:carol@example.com", "channel:#deploys"),
                targets(of(Notification.Kind.DEPLOYED, Notification.FactKey.PIPELINE, "release"), everyone));
    }

    @Test
    void theSubjectsOfEachKind() {
        assertEquals(List.of("widgets"), Dispatcher.subjects(of(Notification.Kind.BUILD_RESULT,
                Notification.FactKey.PROJECT, "widgets")));
        assertEquals(List.of(), Dispatcher.subjects(of(Notification.Kind.BUILD_RESULT,
                Notification.FactKey.REPOSITORY, "widgets")), "a build is muted by its project");
        assertEquals(List.of(), Dispatcher.subjects(of(Notification.Kind.PERSON_NOT_FOUND,
                Notification.FactKey.PROJECT, "widgets")), "an admin's notice is never muted");
    }

    @Test
    void aPersonsOwnStrategyChoosesTheirDirectMessage() {
        preferences.with(new Preference("U1", List.of(), Optional.of(NotifyStrategy.EVERY_BUILD)));
        Notification build = of(Notification.Kind.BUILD_RESULT, Notification.FactKey.PROJECT, "widgets");

        assertEquals(List.of("dm:U1"), targets(build, new Dispatcher.Audience(Optional.empty(), false,
                Map.of(NotifyStrategy.EVERY_BUILD, true, NotifyStrategy.STATUS_CHANGE, false))),
                "the default is quiet: only Ada's own strategy tells her; nobody reports Carol");
        assertEquals(List.of("dm:U2", "admin:UADMIN:carol@example.com", "channel:#builds"), targets(build,
                new Dispatcher.Audience(Optional.of("#builds"), true, Map.of(NotifyStrategy.EVERY_BUILD, false))));
        assertEquals(2, preferences.reads(), "Ada's and Grace's, once each for the dispatcher's invocation");
    }
}
