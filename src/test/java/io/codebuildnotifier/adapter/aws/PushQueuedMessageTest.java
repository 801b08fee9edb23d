package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outgoing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A push's message goes through the delivery queue (the sender function's SQS) as it was made. */
class PushQueuedMessageTest {

    @Test
    void aPushsCommitsFilesLinksAndMetadataComeBackAsTheyWent() {
        NotificationKey key = new NotificationKey("push:billing/branch/feature/x/referenceUpdated/"
                + "4eb06e04c6953cfcb19cb7647f172545e5bb0074");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("repository", "billing");
        payload.put("commits", List.of("4eb06e04c6953cfcb19cb7647f172545e5bb0074"));
        payload.put("commit_count", 15);
        payload.put("commit_count_exact", true);
        Notification n = new Notification(key, Notification.Kind.PUSH, Notification.Severity.SUCCESS,
                "carol pushed 15 commits to feature/x in billing",
                List.of(new Notification.Fact(Notification.FactKey.PUSHED_BY, "carol"),
                        new Notification.Fact(Notification.FactKey.CHANGE, "branch updated")),
                List.of(new Notification.Link(Notification.LinkKey.COMPARE, "https://console/compare", "Compare")),
                List.of(), List.of())
                .withChanges(new Notification.Changes(List.of(new Notification.Revision(
                        "4eb06e04c6953cfcb19cb7647f172545e5bb0074", "Round totals", "Carol Reyes", "https://console/c",
                        "")), 14, List.of(new Notification.FileChange('M', "billing/invoice.py"),
                        new Notification.FileChange('D', "old.py")), 28))
                .withMetadata(new Notification.Metadata("codecommit_push", payload));
        Outgoing sent = new Outgoing(key, "channel:#billing", "#billing", Delivery.Role.CHANNEL, "additional channel",
                1, n);

        assertEquals(sent, QueuedMessages.decode(QueuedMessages.encode(sent)));
    }
}
