package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ChatDirectory;
import io.codebuildnotifier.people.LookupCache;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lookups by email kept until they expire, like {@code DynamoLookupCache}: keys are taken as given
 * (the caller lowercases), expiry is to the second (an answer is gone once {@code now}'s epoch
 * second reaches its {@code expiresAt}'s), and, being a cache, a call with no time left reads
 * nothing and writes nothing instead of failing. Thread-safe.
 */
public final class InMemoryLookupCache implements LookupCache {
    private record Entry(ChatDirectory.Lookup lookup, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<ChatDirectory.Lookup> get(String email, Instant now, Deadline deadline) {
        if (deadline.callBudget().toMillis() < 100) {
            return Optional.empty();
        }
        Entry entry = entries.get(email);
        if (entry == null || entry.expiresAt().getEpochSecond() <= now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(entry.lookup());
    }

    @Override
    public void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt, Deadline deadline) {
        if (deadline.callBudget().toMillis() >= 100) {
            entries.put(email, new Entry(lookup, expiresAt));
        }
    }

    /** How many answers are kept, expired ones included. */
    public int size() {
        return entries.size();
    }
}
