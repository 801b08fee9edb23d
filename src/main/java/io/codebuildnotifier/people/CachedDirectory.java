package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers lookups by email, in memory for the instance and in a shared cache that outlives
 * cold starts: a member found is remembered for a day, an email nobody has for an hour (so that
 * someone who joins Slack, or an alias added, is seen soon). Only definite answers are kept.
 */
public final class CachedDirectory implements ChatDirectory {
    static final Duration FOUND_TTL = Duration.ofHours(24);
    static final Duration MISSING_TTL = Duration.ofHours(1);

    private final ChatDirectory directory;
    private final LookupCache shared;
    private final Clock clock;
    private final Map<String, Entry> memory;

    private record Entry(Lookup lookup, Instant expiresAt) {
    }

    /** What an instance remembers, shared by the directories of its invocations. */
    public static final class Memory {
        private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    }

    public CachedDirectory(ChatDirectory directory, LookupCache shared, Clock clock) {
        this(directory, shared, clock, new Memory());
    }

    public CachedDirectory(ChatDirectory directory, LookupCache shared, Clock clock, Memory memory) {
        this.directory = directory;
        this.shared = shared;
        this.clock = clock;
        this.memory = memory.entries;
    }

    @Override
    public Lookup lookupByEmail(String email, Deadline deadline) {
        String key = email.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Entry known = memory.get(key);
        if (known != null && known.expiresAt().isAfter(now)) {
            return known.lookup();
        }
        Optional<Lookup> cached = shared.get(key, now, deadline);
        if (cached.isPresent()) {
            memory.put(key, new Entry(cached.get(), now.plus(MISSING_TTL)));
            return cached.get();
        }
        Lookup answer = directory.lookupByEmail(email, deadline);
        Instant expiresAt = now.plus(switch (answer) {
            case Lookup.Found found -> FOUND_TTL;
            case Lookup.Missing missing -> MISSING_TTL;
        });
        memory.put(key, new Entry(answer, expiresAt));
        shared.put(key, answer, expiresAt, deadline);
        return answer;
    }

    @Override
    public Optional<String> resolveAdmin(String admin, Deadline deadline) {
        return directory.resolveAdmin(admin, deadline);
    }
}
