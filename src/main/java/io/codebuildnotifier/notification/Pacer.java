package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each destination to the chat's pace (Slack: about one message a second per channel), and
 * holds a destination back for as long as the chat asked ({@code Retry-After}). Per instance: the
 * queue gives each destination to one consumer at a time, so this is the pace that matters.
 */
public final class Pacer {
    /** Slack's published pace for chat.postMessage: one message per second per channel. */
    public static final Duration SLACK_INTERVAL = Duration.ofSeconds(1);

    private final Duration interval;
    private final Clock clock;
    private final Patience patience;
    private final Map<String, Instant> next = new ConcurrentHashMap<>();

    public Pacer(Duration interval, Clock clock, Patience patience) {
        this.interval = interval;
        this.clock = clock;
        this.patience = patience;
    }

    /**
     * Waits for the destination's turn and takes it.
     *
     * @return false when the invocation has no time left to wait that long
     */
    public boolean await(String destination, Deadline deadline) {
        Instant now = clock.instant();
        Instant turn = next.getOrDefault(destination, now);
        if (turn.isAfter(now) && !patience.pause(deadline, Duration.between(now, turn))) {
            return false;
        }
        Instant taken = clock.instant();
        next.put(destination, (turn.isAfter(taken) ? turn : taken).plus(interval));
        return true;
    }

    /**
     * The chat accepted a message for the destination now: its next turn is an interval from now
     * (the chat may have taken its time: its own waits do not count as the destination's rest).
     */
    public void sent(String destination) {
        Instant after = clock.instant().plus(interval);
        next.merge(destination, after, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The chat asked to wait this long before the destination's next message. */
    public void hold(String destination, Duration wait) {
        Instant until = clock.instant().plus(wait);
        next.merge(destination, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
