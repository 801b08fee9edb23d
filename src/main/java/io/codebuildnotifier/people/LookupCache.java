package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.time.Instant;
import java.util.Optional;

/** Where answers of lookups by email are kept between instances, until they expire. */
public interface LookupCache {
    LookupCache NONE = new LookupCache() {
        @Override
        public Optional<ChatDirectory.Lookup> get(String email, Instant now, Deadline deadline) {
            return Optional.empty();
        }

        @Override
        public void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt, Deadline deadline) {
        }
    };

    /** The answer for an email (lowercase), unless it expired. */
    Optional<ChatDirectory.Lookup> get(String email, Instant now, Deadline deadline);

    void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt, Deadline deadline);
}
