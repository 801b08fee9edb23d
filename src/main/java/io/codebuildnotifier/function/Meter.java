package io.codebuildnotifier.function;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.PostResult;
import io.codebuildnotifier.people.ChatDirectory;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one invocation counts for its log record and metrics: the chat's lookups by email (those
 * that reach the chat: cached answers are not counted) and the messages the chat accepted. Made
 * by the handler for each invocation and wrapped around the ports of that invocation's routes.
 */
final class Meter {
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger messagesSent = new AtomicInteger();

    int lookups() {
        return lookups.get();
    }

    int messagesSent() {
        return messagesSent.get();
    }

    /** The directory, counting each lookup by email. */
    ChatDirectory countingLookups(ChatDirectory directory) {
        return new ChatDirectory() {
            @Override
            public Lookup lookupByEmail(String email, Deadline deadline) {
                lookups.incrementAndGet();
                return directory.lookupByEmail(email, deadline);
            }

            @Override
            public Optional<String> resolveAdmin(String admin, Deadline deadline) {
                return directory.resolveAdmin(admin, deadline);
            }
        };
    }

    /** The messenger, counting each message the chat accepted. */
    Messenger countingPosts(Messenger messenger) {
        return new Messenger() {
            @Override
            public PostResult post(String destination, Notification notification, Deadline deadline) {
                return counted(messenger.post(destination, notification, deadline));
            }

            @Override
            public PostResult update(MessageRef ref, Notification notification, Deadline deadline) {
                return counted(messenger.update(ref, notification, deadline));
            }

            @Override
            public PostResult reply(MessageRef parent, Notification notification, Deadline deadline) {
                return counted(messenger.reply(parent, notification, deadline));
            }
        };
    }

    private PostResult counted(PostResult result) {
        switch (result) {
            case PostResult.Posted posted -> messagesSent.incrementAndGet();
            case PostResult.Failed failed -> { }
        }
        return result;
    }
}
