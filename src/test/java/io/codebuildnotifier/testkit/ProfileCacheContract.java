package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.T0;
import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.people.ProfileCache;
import io.codebuildnotifier.people.PublicProfiles.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ProfileCache} does: keeps definite answers until they expire, and never fails. */
public abstract class ProfileCacheContract {
    private static final Instant EXPIRY = T0.plus(Duration.ofHours(1));

    protected abstract ProfileCache newCache();

    private ProfileCache cache;

    @BeforeEach
    void open() {
        cache = newCache();
    }

    @Test
    void aPublicEmailIsKeptUntilItExpires() {
        cache.put("ada", new Answer.Email("ada@example.com"), EXPIRY, deadline());

        assertEquals(Optional.of(new Answer.Email("ada@example.com")), cache.get("ada", T0, deadline()));
        assertEquals(Optional.of(new Answer.Email("ada@example.com")), cache.get("ada", EXPIRY.minusSeconds(1),
                deadline()));
        assertEquals(Optional.empty(), cache.get("ada", EXPIRY, deadline()));
        assertEquals(Optional.empty(), cache.get("ada", EXPIRY.plusMillis(900), deadline()));
    }

    @Test
    void noPublicEmailIsKeptWithItsReason() {
        cache.put("grace", new Answer.NoEmail("GitHub user grace shows no public email"), EXPIRY, deadline());

        assertEquals(Optional.of(new Answer.NoEmail("GitHub user grace shows no public email")),
                cache.get("grace", T0, deadline()));
        assertEquals(Optional.empty(), cache.get("ada", T0, deadline()));
    }

    @Test
    void anUnavailableProfileIsNotKept() {
        cache.put("ada", new Answer.Unavailable("HTTP 503"), EXPIRY, deadline());

        assertEquals(Optional.empty(), cache.get("ada", T0, deadline()));
    }

    @Test
    void aNewAnswerReplacesTheOld() {
        cache.put("ada", new Answer.NoEmail("no GitHub user ada"), EXPIRY, deadline());
        cache.put("ada", new Answer.Email("ada@example.com"), EXPIRY, deadline());

        assertEquals(Optional.of(new Answer.Email("ada@example.com")), cache.get("ada", T0, deadline()));
    }

    @Test
    void withoutTimeLeftNothingIsReadOrWrittenAndNothingFails() {
        cache.put("ada", new Answer.Email("ada@example.com"), EXPIRY, ContractFixtures.spent());
        assertEquals(Optional.empty(), cache.get("ada", T0, deadline()));

        cache.put("ada", new Answer.Email("ada@example.com"), EXPIRY, deadline());
        assertEquals(Optional.empty(), cache.get("ada", T0, ContractFixtures.spent()));
    }
}
