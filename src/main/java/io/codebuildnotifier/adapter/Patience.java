package io.codebuildnotifier.adapter;

import io.codebuildnotifier.failure.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Bounded retries with backoff for calls that failed transiently, within what is left of the
 * invocation: a dependency's own {@code Retry-After} is honoured while the time allows; after
 * that the failure is thrown, so the invocation fails and Lambda retries it later.
 */
public final class Patience {
    /** Attempts per call, the first included. */
    static final int ATTEMPTS = 4;
    /** Time kept back for finishing the invocation cleanly. */
    static final Duration RESERVE = Duration.ofSeconds(5);

    /** How to wait; tests pass one that only records. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private volatile Instant deadline;

    public Patience(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.deadline = clock.instant().plus(Duration.ofMinutes(1));
    }

    public static Patience real() {
        return new Patience(Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }

    /** Starts an invocation that must end by {@code deadline}. */
    public void until(Instant deadline) {
        this.deadline = deadline;
    }

    public Duration remaining() {
        return Duration.between(clock.instant(), deadline);
    }

    /**
     * Waits, if the invocation has the time for it and something to spare.
     *
     * @return false when there is not enough time left to wait that long
     */
    public boolean pause(Duration duration) {
        if (remaining().minus(RESERVE).compareTo(duration) < 0) {
            return false;
        }
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Calls, retrying transient failures while attempts and time remain. */
    public <T> T call(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransientFailure e) {
                Duration wait = e.retryAfter().orElse(backoff(attempt));
                if (attempt >= ATTEMPTS || remaining().minus(RESERVE).compareTo(wait) < 0) {
                    throw e;
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Duration backoff(int attempt) {
        long base = 200L << (attempt - 1);
        // a new Random is seeded from the clock: instances restored from one SnapStart snapshot
        // do not all draw the same jitter
        return Duration.ofMillis(base + new java.util.Random().nextInt((int) (base / 2 + 1)));
    }
}
