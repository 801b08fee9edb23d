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

    /** The chat refused it for good (such as {@code channel_not_found}); retrying will not help. */
    record Failed(String reason) implements PostResult {
        public Failed {
            reason = reason == null || reason.isBlank() ? "unknown_error" : reason;
        }
    }
}
