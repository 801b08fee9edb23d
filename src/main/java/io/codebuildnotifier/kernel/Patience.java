package io.codebuildnotifier.kernel;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Bounded retries with backoff for calls that failed transiently, within what is left of the
 * invocation: a dependency's own {@code Retry-After} is honoured while the time allows (a
 * throttling dependency is given more attempts than one that is down); after
 * that the failure is thrown, so the invocation fails and Lambda retries it later. Holds no
 * invocation state: the deadline comes with each call.
 */
public final class Patience {
    /** Attempts per call, the first included. */
    static final int ATTEMPTS = 4;
    /**
     * Attempts per call while the dependency says how long to wait ({@code Retry-After}: it is
     * throttling, not down), as long as the invocation has the time.
     */
    static final int THROTTLED_ATTEMPTS = 10;
    /** Time kept back for finishing the invocation cleanly. */
    static final Duration RESERVE = Duration.ofSeconds(5);
    /** The longest backoff between two attempts. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** How to wait; tests pass one that only records. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Sleeper sleeper;

    public Patience(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    public static Patience real() {
        return new Patience(duration -> Thread.sleep(duration.toMillis()));
    }

    /**
     * Waits, if the invocation has the time for it and something to spare.
     *
     * @return false when there is not enough time left to wait that long
     */
    public boolean pause(Deadline deadline, Duration duration) {
        if (!deadline.allows(duration, RESERVE)) {
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
    public <T> T call(Deadline deadline, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransientFailure e) {
                Optional<Duration> retryAfter = e.retryAfter();
                if (attempt >= (retryAfter.isPresent() ? THROTTLED_ATTEMPTS : ATTEMPTS)) {
                    throw e;
                }
                Duration wait = retryAfter.isPresent() ? retryAfter.get() : backoff(attempt);
                if (!deadline.allows(wait, RESERVE)) {
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

    /**
     * 200 ms doubled per attempt, capped, plus up to half of it as jitter (each SnapStart-restored
     * instance draws its own: {@link ThreadLocalRandom} is seeded per thread).
     */
    static Duration backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(attempt - 1, 10));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
