package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.interactions.Once;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Once} does: the first claim of a request wins and later ones do not, until it is released or a
 * day has passed (on the deadline's clock); of concurrent claims one wins.
 */
public abstract class OnceContract {
    protected abstract Once newOnce();

    private Once once;

    @BeforeEach
    void open() {
        once = newOnce();
    }

    private static Deadline at(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return Deadline.in(Duration.ofMinutes(1), clock);
    }

    @Test
    void theFirstClaimWinsAndTheNextDoNot() {
        assertTrue(once.claim("1793000000.123456", deadline()));
        assertFalse(once.claim("1793000000.123456", deadline()));
        assertFalse(once.claim("1793000000.123456", deadline()));
    }

    @Test
    void eachRequestIsItsOwn() {
        assertTrue(once.claim("trigger-a", deadline()));
        assertTrue(once.claim("trigger-b", deadline()));
        assertTrue(once.claim("Trigger-A", deadline()), "ids match exactly");
    }

    @Test
    void aReleasedClaimCanBeClaimedAgain() {
        assertTrue(once.claim("trigger-c", deadline()));
        once.release("trigger-c", deadline());
        assertTrue(once.claim("trigger-c", deadline()));
        assertFalse(once.claim("trigger-c", deadline()));
        once.release("never-claimed", deadline());
    }

    @Test
    void aClaimIsKeptADay() {
        Instant t0 = Instant.now();
        assertTrue(once.claim("trigger-d", at(t0)));
        assertFalse(once.claim("trigger-d", at(t0.plus(Duration.ofHours(23)))));
        assertTrue(once.claim("trigger-d", at(t0.plus(Duration.ofHours(25)))));
    }

    @Test
    void anIdOfAnyLengthOrCharacterCanBeClaimed() {
        String huge = "é/ \u0000".repeat(5_000);
        assertTrue(once.claim(huge, deadline()));
        assertFalse(once.claim(huge, deadline()));
        assertTrue(once.claim(huge + "x", deadline()));
    }

    @Test
    void ofConcurrentClaimsOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> once.claim("trigger-e", deadline())));
            }
            int won = 0;
            for (Future<Boolean> answer : answers) {
                won += answer.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nothingIsClaimedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> once.claim("trigger-f", ContractFixtures.spent()));
        assertTrue(once.claim("trigger-f", deadline()));
    }
}
