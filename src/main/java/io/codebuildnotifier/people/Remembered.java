package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers remembered by a lowercase key, in memory for the instance and in a shared cache that outlives
 * cold starts, each for as long as {@code keep} says (an answer it keeps nothing of is asked again next
 * time). What lookups by email ({@link CachedDirectory}) and public profiles ({@link CachedProfiles}) share.
 */
final class Remembered<V> {
    private record Entry<V>(V answer, Instant expiresAt) {
    }

    /** What an instance remembers, shared by its invocations. */
    static final class Memory<V> {
        private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    }

    private final AnswerCache<V> shared;
    private final Clock clock;
    private final Map<String, Entry<V>> memory;
    private final Function<V, Optional<Duration>> keep;
    /** How long an answer read from the shared cache is trusted in memory (its expiry there is not known). */
    private final Duration fromShared;

    Remembered(AnswerCache<V> shared, Clock clock, Memory<V> memory, Function<V, Optional<Duration>> keep,
               Duration fromShared) {
        this.shared = shared;
        this.clock = clock;
        this.memory = memory.entries;
        this.keep = keep;
        this.fromShared = fromShared;
    }

    V get(String key, Deadline deadline, Supplier<V> ask) {
        String k = key.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Entry<V> known = memory.get(k);
        if (known != null && known.expiresAt().isAfter(now)) {
            return known.answer();
        }
        Optional<V> cached = shared.get(k, now, deadline);
        if (cached.isPresent()) {
            memory.put(k, new Entry<>(cached.get(), now.plus(fromShared)));
            return cached.get();
        }
        V answer = ask.get();
        Optional<Duration> kept = keep.apply(answer);
        if (kept.isPresent()) {
            Instant expiresAt = now.plus(kept.get());
            memory.put(k, new Entry<>(answer, expiresAt));
            shared.put(k, answer, expiresAt, deadline);
        }
        return answer;
    }
}
