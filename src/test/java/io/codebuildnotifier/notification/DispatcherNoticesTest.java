package io.codebuildnotifier.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryNotices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Admin notices: one per address and UTC day, the same notification's again on a retry. */
class DispatcherNoticesTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-03-01T23:59:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final InMemoryDirectory directory = new InMemoryDirectory().member("ada@example.com", "U1")
            .admin("ops", "UADMIN").admin("lead", "ULEAD");
    private final Dispatcher dispatcher = new Dispatcher(new Recipients(directory, new InMemoryAliasBook()), directory,
            (messages, deadline) -> List.of(), List.of("ops", "lead"), new Dispatcher.Terms("Slack", "ADMINS"),
            new InMemoryNotices(), clock);

    private Notification build(String id) {
        return new Notification(NotificationKey.build("widgets:" + id), Notification.Kind.BUILD_RESULT,
                Notification.Severity.FAILURE, "failed", List.of(
                        new Notification.Fact(Notification.FactKey.PROJECT, "widgets"),
                        new Notification.Fact(Notification.FactKey.SHORT_COMMIT, "a1b2c3d")), List.of(),
                List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Ada", "ada@example.com"),
                        new Notification.Person(Notification.Person.Role.COMMITTER, "Carol", "carol@example.com")),
                List.of());
    }

    private List<String> notices(Notification notification) {
        return dispatcher.plan(notification, new Dispatcher.Audience(Optional.empty()),
                        Deadline.in(Duration.ofMinutes(1), clock)).messages().stream()
                .filter(m -> m.role() == Delivery.Role.ADMIN_NOTICE).map(Outgoing::target).toList();
    }

    @Test
    void everyAdminHearsOnceADayAndTheSameNotificationAgainOnARetry() {
        List<String> both = List.of("admin:UADMIN:carol@example.com", "admin:ULEAD:carol@example.com");
        assertEquals(both, notices(build("1")));
        assertEquals(List.of(), notices(build("2")));
        assertEquals(both, notices(build("1")), "a retry of the first is still owed its notices");

        now.set(Instant.parse("2025-03-02T00:00:01Z"));
        assertEquals(both, notices(build("2")), "a new UTC day");
        assertEquals(List.of(), notices(build("1")));
    }

    @Test
    void messagesMentionThePeopleFoundAndNoticesNameTheBuild() {
        Dispatcher.Plan plan = dispatcher.plan(build("1"), new Dispatcher.Audience(Optional.of("#builds")),
                Deadline.in(Duration.ofMinutes(1), clock));

        assertEquals(List.of("U1", ""), plan.notification().people().stream().map(Notification.Person::chatId).toList());
        for (Outgoing message : plan.messages()) {
            if (message.role() == Delivery.Role.ADMIN_NOTICE) {
                assertEquals("No chat member found for carol@example.com (widgets, commit a1b2c3d)",
                        message.notification().title());
            } else {
                assertEquals(plan.notification(), message.notification(), message.toString());
            }
        }
    }
}
