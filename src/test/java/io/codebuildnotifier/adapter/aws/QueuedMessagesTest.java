package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outgoing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A queued message's body: what the notifier writes is what the sender reads, within SQS's size. */
class QueuedMessagesTest {
    private static Outgoing message(String subject) {
        NotificationKey key = NotificationKey.build("widgets-ci:1");
        Notification n = new Notification(key, Notification.Kind.BUILD_RESULT, Notification.Severity.FAILURE, "t",
                List.of(new Notification.Fact(Notification.FactKey.SUBJECT, subject)), List.of(),
                List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Jane", "jane@example.com")), List.of(),
                List.of(new Notification.Part("unit", Notification.Severity.SUCCESS, "succeeded", "https://c/u")));
        return new Outgoing(key, "dm:U1", "U1", Delivery.Role.DIRECT_MESSAGE, "jane@example.com", 3, n);
    }

    @Test
    void aMessageComesBackAsItWent() {
        Outgoing sent = message("Fix it \\u2028 <!channel> 🚀");
        assertEquals(sent, QueuedMessages.decode(QueuedMessages.encode(sent)));
    }

    @Test
    void aHugeCommitSubjectIsClippedToFitAnSqsBody() {
        String body = QueuedMessages.encode(message("x".repeat(1_000_000)));

        assertTrue(body.getBytes(StandardCharsets.UTF_8).length < 256 * 1024, "under SQS's 256 KB");
        Outgoing read = QueuedMessages.decode(body);
        assertTrue(read.notification().factOrEmpty(Notification.FactKey.SUBJECT).length() <= QueuedMessages.MAX_TEXT + 1);
        assertEquals(3, read.revision());
    }

    /** A message with a build's test results, as the test reports give them. */
    private static Outgoing withTests(String subject) {
        Outgoing m = message(subject);
        Notification n = m.notification().withTests(new Notification.Tests(Notification.Tests.State.READY, 120, 115,
                3, 2, List.of(new Notification.TestCase("com.acme.CartTest.addsTax", "expected: <7> but was: <0>",
                true), new Notification.TestCase("com.acme.CartTest.roundsDown", "", false)), 1, 81.7))
                .withConversation("build:https://github.com/acme/widgets#pr/42");
        return new Outgoing(m.key(), m.target(), m.destination(), m.role(), m.about(), m.revision(), n);
    }

    @Test
    void testResultsComeBackAsTheyWent() {
        Outgoing sent = withTests("Fix it");
        assertEquals(sent, QueuedMessages.decode(QueuedMessages.encode(sent)));
        Outgoing notReady = new Outgoing(sent.key(), sent.target(), sent.destination(), sent.role(), sent.about(),
                sent.revision(), sent.notification().withTests(Notification.Tests.notReady()));
        assertEquals(notReady, QueuedMessages.decode(QueuedMessages.encode(notReady)));
    }

    @Test
    void aClippedMessageKeepsItsTestResults() {
        Outgoing read = QueuedMessages.decode(QueuedMessages.encode(withTests("x".repeat(1_000_000))));

        assertEquals(withTests("").notification().tests(), read.notification().tests());
        assertEquals("build:https://github.com/acme/widgets#pr/42", read.notification().conversation());
    }

    @Test
    void aMessageKeepsItsConversationClippedOrNotAndAnOlderBodyHasNone() {
        String pr = "build:https://github.com/acme/widgets#pr/42";
        Outgoing plain = message("short");
        Outgoing threaded = new Outgoing(plain.key(), plain.target(), plain.destination(), plain.role(), plain.about(),
                plain.revision(), plain.notification().withConversation(pr));
        Outgoing huge = new Outgoing(plain.key(), plain.target(), plain.destination(), plain.role(), plain.about(),
                plain.revision(), message("x".repeat(1_000_000)).notification().withConversation(pr));

        assertEquals(pr, QueuedMessages.decode(QueuedMessages.encode(threaded)).notification().conversation());
        assertEquals(pr, QueuedMessages.decode(QueuedMessages.encode(huge)).notification().conversation(),
                "a clipped message still belongs to its thread");
        String older = QueuedMessages.encode(threaded).replace(",\"conversation\":\"" + pr + "\"", "");
        assertTrue(!older.contains("conversation"), older);
        assertEquals("", QueuedMessages.decode(older).notification().conversation(), "a body from before threads");
    }

    @Test
    void thePeoplesChatIdsTravelWithTheMessageClippedOrNot() {
        for (String subject : List.of("Fix it", "x".repeat(1_000_000))) {
            Outgoing sent = message(subject);
            Outgoing mentioning = new Outgoing(sent.key(), sent.target(), sent.destination(), sent.role(), sent.about(),
                    sent.revision(), sent.notification().withPeople(List.of(
                            sent.notification().people().get(0).withChatId("U0JANE0001"))));

            Outgoing read = QueuedMessages.decode(QueuedMessages.encode(mentioning));

            assertEquals("U0JANE0001", read.notification().people().get(0).chatId());
        }
    }

    @Test
    void aBodyThatIsNotOursIsPermanent() {
        assertThrows(PermanentFailure.class, () -> QueuedMessages.decode("{\"v\":2}"));
        assertThrows(PermanentFailure.class, () -> QueuedMessages.decode("not json"));
        assertThrows(PermanentFailure.class, () -> QueuedMessages.decode(null));
    }
}
