package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.time.Instant;
import java.util.Optional;

/** Where answers of lookups by email are kept between instances, until they expire. */
public interface LookupCache extends AnswerCache<ChatDirectory.Lookup> {
    LookupCache NONE = new LookupCache() {
        @Override
        public Optional<ChatDirectory.Lookup> get(String email, Instant now, Deadline deadline) {
            return Optional.empty();
        }

        @Override
        public void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt, Deadline deadline) {
        }
    };
}
