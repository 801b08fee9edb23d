package io.codebuildnotifier.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PatienceTest {
    final Instant now = Instant.parse("2026-11-21T10:00:00Z");
    final List<Duration> waits = new ArrayList<>();
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    final Patience patience = new Patience(waits::add);
    Deadline deadline;
    final AtomicInteger calls = new AtomicInteger();

    @Test
    void retriesATransientFailureWithBackoff() {
        deadline = new Deadline(now.plusSeconds(60), clock);
        String answer = patience.call(deadline, () -> calls.incrementAndGet() < 3 ? fail(null) : "ok");
        assertEquals("ok", answer);
        assertEquals(2, waits.size());
    }

    @Test
    void waitsAsLongAsRetryAfterSays() {
        deadline = new Deadline(now.plusSeconds(60), clock);
        patience.call(deadline, () -> calls.incrementAndGet() < 2 ? fail(Duration.ofSeconds(7)) : "ok");
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void givesUpAtOnceWhenRetryAfterOutlastsTheInvocation() {
        deadline = new Deadline(now.plusSeconds(20), clock);
        assertThrows(TransientFailure.class, () -> patience.call(deadline, () -> {
            calls.incrementAndGet();
            return fail(Duration.ofSeconds(30));
        }));
        assertEquals(1, calls.get());
        assertEquals(List.of(), waits);
    }

    @Test
    void givesUpAfterABoundedNumberOfAttempts() {
        deadline = new Deadline(now.plusSeconds(600), clock);
        assertThrows(TransientFailure.class, () -> patience.call(deadline, () -> {
            calls.incrementAndGet();
            return fail(null);
        }));
        assertEquals(Patience.ATTEMPTS, calls.get());
    }

    @Test
    void aThrottlingDependencyGetsMoreAttemptsWhileTheInvocationHasTime() {
        deadline = new Deadline(now.plusSeconds(600), clock);
        assertThrows(TransientFailure.class, () -> patience.call(deadline, () -> {
            calls.incrementAndGet();
            return fail(Duration.ofSeconds(1));
        }));
        assertEquals(Patience.THROTTLED_ATTEMPTS, calls.get());
        assertEquals(Patience.THROTTLED_ATTEMPTS - 1, waits.size());
    }

    @Test
    void otherFailuresAreNotRetried() {
        deadline = new Deadline(now.plusSeconds(60), clock);
        assertThrows(IllegalStateException.class, () -> patience.call(deadline, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        }));
        assertEquals(1, calls.get());
    }

    private static String fail(Duration retryAfter) {
        throw new TransientFailure("down", null, retryAfter);
    }
}
