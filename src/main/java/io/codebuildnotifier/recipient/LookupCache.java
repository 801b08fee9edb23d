package io.codebuildnotifier.recipient;

import java.time.Instant;
import java.util.Optional;

/** Where answers of lookups by email are kept between instances, until they expire. */
public interface LookupCache {
    LookupCache NONE = new LookupCache() {
        @Override
        public Optional<ChatDirectory.Lookup> get(String email, Instant now) {
            return Optional.empty();
        }

        @Override
        public void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt) {
        }
    };

    /** The answer for an email (lowercase), unless it expired. */
    Optional<ChatDirectory.Lookup> get(String email, Instant now);

    void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt);
}
