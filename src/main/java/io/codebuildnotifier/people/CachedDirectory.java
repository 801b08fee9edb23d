package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Remembers lookups by email, in memory for the instance and in a shared cache that outlives
 * cold starts: a member found is remembered for a day, an email nobody has for an hour (so that
 * someone who joins Slack, or an alias added, is seen soon). Only definite answers are kept.
 */
public final class CachedDirectory implements ChatDirectory {
    static final Duration FOUND_TTL = Duration.ofHours(24);
    static final Duration MISSING_TTL = Duration.ofHours(1);

    private final ChatDirectory directory;
    private final Remembered<Lookup> remembered;

    /** What an instance remembers, shared by the directories of its invocations. */
    public static final class Memory {
        private final Remembered.Memory<Lookup> entries = new Remembered.Memory<>();
    }

    public CachedDirectory(ChatDirectory directory, LookupCache shared, Clock clock) {
        this(directory, shared, clock, new Memory());
    }

    public CachedDirectory(ChatDirectory directory, LookupCache shared, Clock clock, Memory memory) {
        this.directory = directory;
        this.remembered = new Remembered<>(shared, clock, memory.entries, answer -> Optional.of(switch (answer) {
            case Lookup.Found found -> FOUND_TTL;
            case Lookup.Missing missing -> MISSING_TTL;
        }), MISSING_TTL);
    }

    @Override
    public Lookup lookupByEmail(String email, Deadline deadline) {
        return remembered.get(email, deadline, () -> directory.lookupByEmail(email, deadline));
    }

    @Override
    public Optional<String> resolveAdmin(String admin, Deadline deadline) {
        return directory.resolveAdmin(admin, deadline);
    }
}
