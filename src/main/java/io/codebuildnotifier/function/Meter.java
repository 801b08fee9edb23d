package io.codebuildnotifier.function;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.PostResult;
import io.codebuildnotifier.people.ChatDirectory;
import java.util.Optional;

/**
 * Counts, for the event being handled, the chat's lookups by email (those that reach the chat:
 * cached answers are not counted) and the messages it accepted. Counted per thread: an invocation
 * runs on the thread that calls the handler, and no port hands work to another thread.
 */
final class Meter {
    private static final class Counts {
        int lookups;
        int messagesSent;
    }

    private final ThreadLocal<Counts> counts = ThreadLocal.withInitial(Counts::new);

    /** Starts counting for a new event on this thread. */
    void reset() {
        counts.set(new Counts());
    }

    int lookups() {
        return counts.get().lookups;
    }

    int messagesSent() {
        return counts.get().messagesSent;
    }

    /** The directory, counting each lookup by email. */
    ChatDirectory countingLookups(ChatDirectory directory) {
        return new ChatDirectory() {
            @Override
            public Lookup lookupByEmail(String email, Deadline deadline) {
                counts.get().lookups++;
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
        return (destination, notification, deadline) -> {
            PostResult result = messenger.post(destination, notification, deadline);
            if (result instanceof PostResult.Posted) {
                counts.get().messagesSent++;
            }
            return result;
        };
    }
}
