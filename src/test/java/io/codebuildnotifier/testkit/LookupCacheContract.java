package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.T0;
import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.people.ChatDirectory.Lookup;
import io.codebuildnotifier.people.LookupCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link LookupCache} does: keeps answers until they expire, and never fails. */
public abstract class LookupCacheContract {
    private static final Instant EXPIRY = T0.plus(Duration.ofHours(1));

    protected abstract LookupCache newCache();

    private LookupCache cache;

    @BeforeEach
    void open() {
        cache = newCache();
    }

    @Test
    void anAnswerIsKeptUntilItExpires() {
        cache.put("ada@example.com", new Lookup.Found("U1"), EXPIRY, deadline());

        assertEquals(Optional.of(new Lookup.Found("U1")), cache.get("ada@example.com", T0, deadline()));
        assertEquals(Optional.of(new Lookup.Found("U1")), cache.get("ada@example.com", EXPIRY.minusSeconds(1), deadline()));
        assertEquals(Optional.empty(), cache.get("ada@example.com", EXPIRY, deadline()));
        assertEquals(Optional.empty(), cache.get("ada@example.com", EXPIRY.plusSeconds(60), deadline()));
    }

    @Test
    void expiryCountsWholeSeconds() {
        cache.put("ada@example.com", new Lookup.Found("U1"), EXPIRY.plusMillis(900), deadline());

        assertEquals(Optional.empty(), cache.get("ada@example.com", EXPIRY.plusMillis(100), deadline()));
    }

    @Test
    void aMissingAnswerKeepsItsError() {
        cache.put("nobody@example.com", new Lookup.Missing("users_not_found"), EXPIRY, deadline());

        assertEquals(Optional.of(new Lookup.Missing("users_not_found")), cache.get("nobody@example.com", T0, deadline()));
        assertEquals(Optional.empty(), cache.get("somebody@example.com", T0, deadline()));
    }

    @Test
    void aNewAnswerReplacesTheOld() {
        cache.put("ada@example.com", new Lookup.Missing("users_not_found"), EXPIRY, deadline());
        cache.put("ada@example.com", new Lookup.Found("U1"), EXPIRY, deadline());

        assertEquals(Optional.of(new Lookup.Found("U1")), cache.get("ada@example.com", T0, deadline()));
    }

    @Test
    void withoutTimeLeftNothingIsReadOrWrittenAndNothingFails() {
        cache.put("ada@example.com", new Lookup.Found("U1"), EXPIRY, ContractFixtures.spent());
        assertEquals(Optional.empty(), cache.get("ada@example.com", T0, deadline()));

        cache.put("ada@example.com", new Lookup.Found("U1"), EXPIRY, deadline());
        assertEquals(Optional.empty(), cache.get("ada@example.com", T0, ContractFixtures.spent()));
    }
}
