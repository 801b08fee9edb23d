package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ProfileCache;
import io.codebuildnotifier.people.PublicProfiles;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Public profiles kept until they expire, like {@code DynamoProfileCache}: keys as given (the caller
 * lowercases), expiry to the second, only definite answers kept, and, being a cache, a call with no
 * time left reads and writes nothing instead of failing. Thread-safe.
 */
public final class InMemoryProfileCache implements ProfileCache {
    private record Entry(PublicProfiles.Answer answer, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<PublicProfiles.Answer> get(String login, Instant now, Deadline deadline) {
        if (deadline.callBudget().toMillis() < 100) {
            return Optional.empty();
        }
        Entry entry = entries.get(login);
        if (entry == null || entry.expiresAt().getEpochSecond() <= now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(entry.answer());
    }

    @Override
    public void put(String login, PublicProfiles.Answer answer, Instant expiresAt, Deadline deadline) {
        if (deadline.callBudget().toMillis() >= 100 && !(answer instanceof PublicProfiles.Answer.Unavailable)) {
            entries.put(login, new Entry(answer, expiresAt));
        }
    }

    /** How many answers are kept, expired ones included. */
    public int size() {
        return entries.size();
    }
}
