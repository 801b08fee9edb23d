package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers public profiles by login as {@link CachedDirectory} remembers lookups: in memory for
 * the instance and in a shared cache, an email for a day, no email (or no such user) for an hour.
 * An {@link PublicProfiles.Answer.Unavailable unavailable} profile is not remembered: the next
 * notification asks again.
 */
public final class CachedProfiles implements PublicProfiles {
    private final PublicProfiles profiles;
    private final ProfileCache shared;
    private final Clock clock;
    private final Map<String, Entry> memory;

    private record Entry(Answer answer, Instant expiresAt) {
    }

    /** What an instance remembers, shared by the profiles of its invocations. */
    public static final class Memory {
        private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    }

    public CachedProfiles(PublicProfiles profiles, ProfileCache shared, Clock clock) {
        this(profiles, shared, clock, new Memory());
    }

    public CachedProfiles(PublicProfiles profiles, ProfileCache shared, Clock clock, Memory memory) {
        this.profiles = profiles;
        this.shared = shared;
        this.clock = clock;
        this.memory = memory.entries;
    }

    @Override
    public Answer publicEmail(String login, Deadline deadline) {
        String key = login.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Entry known = memory.get(key);
        if (known != null && known.expiresAt().isAfter(now)) {
            return known.answer();
        }
        Optional<Answer> cached = shared.get(key, now, deadline);
        if (cached.isPresent()) {
            memory.put(key, new Entry(cached.get(), now.plus(CachedDirectory.MISSING_TTL)));
            return cached.get();
        }
        Answer answer = profiles.publicEmail(login, deadline);
        Instant expiresAt = switch (answer) {
            case Answer.Email email -> now.plus(CachedDirectory.FOUND_TTL);
            case Answer.NoEmail none -> now.plus(CachedDirectory.MISSING_TTL);
            case Answer.Unavailable unavailable -> null;
        };
        if (expiresAt != null) {
            memory.put(key, new Entry(answer, expiresAt));
            shared.put(key, answer, expiresAt, deadline);
        }
        return answer;
    }
}
