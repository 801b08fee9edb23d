package io.codebuildnotifier.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.PostResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test chat's updates: recorded apart from posts, answered for the messages it handed out. */
class RecordingMessengerTest {

    final RecordingMessenger messenger = new RecordingMessenger();
    final Deadline deadline = Deadline.in(Duration.ofMinutes(1));

    static Notification notification(String id) {
        return new Notification(NotificationKey.build(id), Notification.Kind.BUILD_RESULT,
                Notification.Severity.FAILURE, id, List.of(), List.of(), List.of(), List.of());
    }

    MessageRef posted(String destination) {
        return assertInstanceOf(PostResult.Posted.class, messenger.post(destination, notification("p:1"), deadline))
                .ref().orElseThrow();
    }

    @Test
    void updatesAMessageItHandedOutAndRecordsItApart() {
        MessageRef ref = posted("U1");
        assertEquals(new MessageRef("DU1", "1700000000.000001"), ref);
        Notification newer = notification("p:2");

        assertEquals(new PostResult.Posted(ref), messenger.update(ref, newer, deadline));
        assertEquals(List.of(new RecordingMessenger.Update(ref, newer)), messenger.updates());
        assertEquals(List.of("U1"), messenger.destinations(), "an update is not a post");
        assertEquals(List.of("U1"), messenger.deliveredTo());
    }

    @Test
    void aMessageItNeverHandedOutIsNotFound() {
        posted("U1");
        MessageRef unknown = new MessageRef("DU1", "1700000000.000099");
        assertEquals(PostResult.Failed.gone("message_not_found"), messenger.update(unknown, notification("p:2"), deadline));
        assertEquals(1, messenger.updates().size(), "recorded all the same");
    }

    @Test
    void refusingAndUnreachableApplyToTheRefsChannel() {
        MessageRef ref = posted("U1");
        messenger.refuse("DU1", "channel_not_found");
        assertEquals(new PostResult.Failed("channel_not_found"), messenger.update(ref, notification("p:2"), deadline));
        messenger.heal().unreachable("DU1");
        assertThrows(TransientFailure.class, () -> messenger.update(ref, notification("p:2"), deadline));
        messenger.heal();
        assertEquals(new PostResult.Posted(ref), messenger.update(ref, notification("p:2"), deadline));
        assertEquals(3, messenger.updates().size());
    }
}
