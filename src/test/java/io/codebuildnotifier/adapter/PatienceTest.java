package io.codebuildnotifier.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codebuildnotifier.failure.TransientFailure;
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
    final Patience patience = new Patience(Clock.fixed(now, ZoneOffset.UTC), waits::add);
    final AtomicInteger calls = new AtomicInteger();

    @Test
    void retriesATransientFailureWithBackoff() {
        patience.until(now.plusSeconds(60));
        String answer = patience.call(() -> calls.incrementAndGet() < 3 ? fail(null) : "ok");
        assertEquals("ok", answer);
        assertEquals(2, waits.size());
    }

    @Test
    void waitsAsLongAsRetryAfterSays() {
        patience.until(now.plusSeconds(60));
        patience.call(() -> calls.incrementAndGet() < 2 ? fail(Duration.ofSeconds(7)) : "ok");
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void givesUpAtOnceWhenRetryAfterOutlastsTheInvocation() {
        patience.until(now.plusSeconds(20));
        assertThrows(TransientFailure.class, () -> patience.call(() -> {
            calls.incrementAndGet();
            return fail(Duration.ofSeconds(30));
        }));
        assertEquals(1, calls.get());
        assertEquals(List.of(), waits);
    }

    @Test
    void givesUpAfterABoundedNumberOfAttempts() {
        patience.until(now.plusSeconds(600));
        assertThrows(TransientFailure.class, () -> patience.call(() -> {
            calls.incrementAndGet();
            return fail(null);
        }));
        assertEquals(Patience.ATTEMPTS, calls.get());
    }

    @Test
    void otherFailuresAreNotRetried() {
        patience.until(now.plusSeconds(60));
        assertThrows(IllegalStateException.class, () -> patience.call(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("bug");
        }));
        assertEquals(1, calls.get());
    }

    private static String fail(Duration retryAfter) {
        throw new TransientFailure("down", null, retryAfter);
    }
}
