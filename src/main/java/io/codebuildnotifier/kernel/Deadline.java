package io.codebuildnotifier.kernel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the current invocation will be stopped, on the clock that says so. It travels with the
 * invocation to every port that makes a remote call, so that no call or retry outlives it.
 *
 * @param at    when the invocation ends
 * @param clock the clock {@code at} is read against
 */
public record Deadline(Instant at, Clock clock) {
    /** Time kept back for finishing the invocation cleanly (noting, releasing, logging). */
    public static final Duration MARGIN = Duration.ofSeconds(2);

    public Deadline {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
    }

    /** A deadline {@code time} from now. */
    public static Deadline in(Duration time, Clock clock) {
        return new Deadline(clock.instant().plus(time), clock);
    }

    /** A deadline {@code time} from now on the system clock (tools and tests). */
    public static Deadline in(Duration time) {
        return in(time, Clock.systemUTC());
    }

    public Duration remaining() {
        return Duration.between(clock.instant(), at);
    }

    /** What a remote call may take: the time left less {@link #MARGIN}; zero or negative when none is left. */
    public Duration callBudget() {
        return remaining().minus(MARGIN);
    }

    /** Whether {@code duration} still fits, with {@code reserve} to spare. */
    public boolean allows(Duration duration, Duration reserve) {
        return remaining().minus(reserve).compareTo(duration) >= 0;
    }

    /**
     * The timeout for one attempt: at most {@code cap}, and never past the deadline less the margin.
     *
     * @throws TransientFailure when no attempt can finish in time (the invocation fails and is retried)
     */
    public Duration attemptTimeout(Duration cap, String what) {
        Duration budget = callBudget();
        if (budget.compareTo(Duration.ofMillis(100)) < 0) {
            throw new TransientFailure(what + " not started: the invocation has " + Math.max(0, remaining().toMillis())
                    + " ms left");
        }
        return budget.compareTo(cap) < 0 ? budget : cap;
    }
}
