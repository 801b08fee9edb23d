package io.codebuildnotifier.notification;

import java.util.Objects;
import java.util.Optional;

/** What became of one message. */
public sealed interface PostResult {

    /** The chat accepted it, here (when the chat said where). */
    record Posted(Optional<MessageRef> ref) implements PostResult {
        public Posted {
            Objects.requireNonNull(ref, "ref");
        }

        public Posted(MessageRef ref) {
            this(Optional.of(ref));
        }
    }

    /**
     * The chat refused it for good (such as {@code channel_not_found}); retrying will not help.
     *
     * @param reason the chat's own word for it, for people reading the outcome
     * @param gone   whether the message it was about (the one to update, or the thread's parent) no longer
     *               exists: the caller then posts anew
     */
    record Failed(String reason, boolean gone) implements PostResult {
        public Failed {
            reason = reason == null || reason.isBlank() ? "unknown_error" : reason;
        }

        public Failed(String reason) {
            this(reason, false);
        }

        /** The message it was about is gone. */
        public static Failed gone(String reason) {
            return new Failed(reason, true);
        }
    }
}
