package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.PostResult;
import io.codebuildnotifier.testkit.RecordingMessenger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the replay is told of the messages sent: each one the chat accepted, with where it went. */
class SentMessagesTest {
    final Deadline deadline = Deadline.in(Duration.ofMinutes(1));

    static Notification of(Notification.Kind kind) {
        return new Notification(NotificationKey.build("widgets-ci:1"), kind, Notification.Severity.FAILURE, "t",
                List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void everyAcceptedMessageWithWhereItWent() {
        RecordingMessenger chat = new RecordingMessenger().refuse("#nowhere", "channel_not_found");
        SentMessages sent = new SentMessages();
        Messenger watched = sent.watching(chat);

        PostResult dm = watched.post("U0JANE0001", of(Notification.Kind.BUILD_RESULT), deadline);
        watched.post("#builds", of(Notification.Kind.BUILD_RESULT), deadline);
        watched.post("U0OPSADM03", of(Notification.Kind.PERSON_NOT_FOUND), deadline);
        watched.post("#nowhere", of(Notification.Kind.BUILD_RESULT), deadline);
        MessageRef ref = assertInstanceOf(PostResult.Posted.class, dm).ref().orElseThrow();
        watched.update(ref, of(Notification.Kind.COMMIT_ROLLUP), deadline);
        watched.reply(ref, of(Notification.Kind.BUILD_RESULT), deadline);
        watched.update(new MessageRef("DU0GONE", "1.2"), of(Notification.Kind.COMMIT_ROLLUP), deadline);

        assertEquals(List.of("post DM U0JANE0001", "post channel #builds", "post admin U0OPSADM03",
                "update DM U0JANE0001", "reply DM U0JANE0001"),
                sent.take().stream().map(s -> s.how() + " " + s.where()).toList(), "the refused ones are not");
        assertEquals(List.of(), sent.take(), "taken once");
        assertEquals(4, chat.posts().size(), "each tried as it would have been");
        assertEquals(2, chat.updates().size());
    }
}
