package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.time.Clock;
import java.util.Optional;

/**
 * Remembers public profiles by login as {@link CachedDirectory} remembers lookups: in memory for
 * the instance and in a shared cache, an email for a day, no email (or no such user) for an hour.
 * An {@link PublicProfiles.Answer.Unavailable unavailable} profile is not remembered: the next
 * notification asks again.
 */
public final class CachedProfiles implements PublicProfiles {
    private final PublicProfiles profiles;
    private final Remembered<Answer> remembered;

    /** What an instance remembers, shared by the profiles of its invocations. */
    public static final class Memory {
        private final Remembered.Memory<Answer> entries = new Remembered.Memory<>();
    }

    public CachedProfiles(PublicProfiles profiles, ProfileCache shared, Clock clock) {
        this(profiles, shared, clock, new Memory());
    }

    public CachedProfiles(PublicProfiles profiles, ProfileCache shared, Clock clock, Memory memory) {
        this.profiles = profiles;
        this.remembered = new Remembered<>(shared, clock, memory.entries, answer -> switch (answer) {
            case Answer.Email email -> Optional.of(CachedDirectory.FOUND_TTL);
            case Answer.NoEmail none -> Optional.of(CachedDirectory.MISSING_TTL);
            case Answer.Unavailable unavailable -> Optional.empty();
        }, CachedDirectory.MISSING_TTL);
    }

    @Override
    public Answer publicEmail(String login, Deadline deadline) {
        return remembered.get(login, deadline, () -> profiles.publicEmail(login, deadline));
    }
}
