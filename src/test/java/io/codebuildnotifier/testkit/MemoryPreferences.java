package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Preference;
import io.codebuildnotifier.notification.Preferences;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * People's preferences in memory, like {@code DynamoPreferences}: saved whole, read back with each mute's end
 * to the second (as the table keeps it); nobody's reads as {@link Preference#none}. No time left fails the call,
 * as a store does; {@link #failing} makes reads fail as a store that is down does. Counts reads, so a test can
 * see each person read once. Thread-safe.
 */
public final class MemoryPreferences implements Preferences {
    private final Map<String, Preference> kept = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile int failures;

    @Override
    public Preference of(String chatId, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "GetItem of a preference");
        reads.incrementAndGet();
        if (failures > 0) {
            failures--;
            throw new TransientFailure("the preferences store is down (test)");
        }
        return kept.getOrDefault(chatId, Preference.none(chatId));
    }

    @Override
    public void save(Preference preference, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "PutItem of a preference");
        if (preference.chatId().isBlank()) {
            throw new IllegalArgumentException("a preference needs the person's chat id");
        }
        kept.put(preference.chatId(), new Preference(preference.chatId(), preference.mutes().stream()
                .map(m -> new Preference.Mute(m.subject(), m.until().map(u -> u.truncatedTo(ChronoUnit.SECONDS))))
                .toList(), preference.strategy()));
    }

    /** Saves without a deadline (a test's setup). */
    public MemoryPreferences with(Preference preference) {
        save(preference, Deadline.in(java.time.Duration.ofMinutes(1)));
        return this;
    }

    /** The next {@code times} reads fail transiently. */
    public MemoryPreferences failing(int times) {
        failures = times;
        return this;
    }

    public int reads() {
        return reads.get();
    }

    public Optional<Preference> saved(String chatId) {
        return Optional.ofNullable(kept.get(chatId));
    }
}
