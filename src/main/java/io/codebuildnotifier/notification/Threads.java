package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each target's conversation about one story ({@link Notification#conversation()}: a PR or a
 * branch) started: the thread's parent, the first message, whose later notifications are replies to
 * it, and what that parent shows now. The parent is updated to show the latest status; what it shows
 * only ever moves forward: to a message posted later in the thread, or to a later revision of the
 * notification it already shows. Kept for a while ({@link #KEEP} after the latest message).
 */
public interface Threads {
    /** How long a thread is remembered after its latest message: later notifications start a new one. */
    Duration KEEP = Duration.ofDays(30);

    /**
     * What a thread's parent shows.
     *
     * @param key      the notification
     * @param revision its revision (1, or a rollup's update)
     * @param at       when that notification's message was posted in the thread: a message posted
     *                 later shows instead
     */
    record Shown(NotificationKey key, long revision, Instant at) {
        public Shown {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A thread: its parent (the first message) and what the parent shows. */
    record Thread(MessageRef parent, Shown shown) {
        public Thread {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(shown, "shown");
        }
    }

    /** The target's thread about the conversation, unless none was started or it expired before {@code now}. */
    Optional<Thread> find(String target, String conversation, Instant now, Deadline deadline);

    /**
     * Starts the target's thread about the conversation, unless a live one is there (the first writer
     * wins; one that expired by the new thread's {@link Shown#at()} is replaced).
     *
     * @return whether this thread was written
     */
    boolean start(String target, String conversation, Thread thread, Instant expiresAt, Deadline deadline);

    /**
     * Replaces a thread whose parent the chat no longer has, if its parent is still {@code vanished}
     * (another sender may have restarted it first).
     *
     * @return whether this thread was written
     */
    boolean restart(String target, String conversation, MessageRef vanished, Thread thread, Instant expiresAt,
                    Deadline deadline);

    /**
     * Notes that the parent now shows a new message of its thread, unless it already shows one
     * posted later ({@link Shown#at()}); keeps the thread for {@link #KEEP} more.
     *
     * @return whether it was noted: the caller then updates the parent
     */
    boolean show(String target, String conversation, MessageRef parent, Shown shown, Instant expiresAt,
                 Deadline deadline);

    /**
     * Notes that the parent now shows {@code revision} of the notification it shows, if it still shows
     * that notification at a lower revision.
     *
     * @return whether it was noted: the caller then updates the parent
     */
    boolean revise(String target, String conversation, MessageRef parent, NotificationKey key, long revision,
                   Deadline deadline);

    /** No threads: every notification is a message of its own. */
    Threads NONE = new Threads() {
        @Override
        public Optional<Thread> find(String target, String conversation, Instant now, Deadline deadline) {
            return Optional.empty();
        }

        @Override
        public boolean start(String target, String conversation, Thread thread, Instant expiresAt, Deadline deadline) {
            return false;
        }

        @Override
        public boolean restart(String target, String conversation, MessageRef vanished, Thread thread,
                               Instant expiresAt, Deadline deadline) {
            return false;
        }

        @Override
        public boolean show(String target, String conversation, MessageRef parent, Shown shown, Instant expiresAt,
                            Deadline deadline) {
            return false;
        }

        @Override
        public boolean revise(String target, String conversation, MessageRef parent, NotificationKey key,
                              long revision, Deadline deadline) {
            return false;
        }
    };
}
