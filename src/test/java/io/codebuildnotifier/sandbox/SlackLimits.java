package io.codebuildnotifier.sandbox;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The rate limits the loopback Slack enforces ({@link Sandbox#slackLimits(SlackLimits)}), modelled on
 * Slack's published ones as token buckets: a call takes a token from its bucket, a bucket holds at
 * most {@link Bucket#capacity} tokens (the burst) and gains {@link Bucket#perSecond} a second. A call
 * that finds its bucket empty is answered as Slack answers it, HTTP 429 with {@code Retry-After} (whole
 * seconds until a token is there, at least 1) and {"ok":false,"error":"ratelimited"}, and does nothing.
 *
 * <ul>
 *   <li>{@code chat.postMessage}: one bucket per conversation, the one the target resolves to (a DM to
 *       {@code U…} counts against its {@code D…} channel). Slack: about one message a second per channel,
 *       short bursts allowed.</li>
 *   <li>Tier 3 ({@link #TIER_3}: {@code users.lookupByEmail}, {@code chat.update}): one bucket per method for
 *       the whole workspace. Slack: 50+ a minute, sporadic bursts allowed.</li>
 * </ul>
 *
 * Other methods are not limited. Instances are immutable; {@link #off()} limits nothing (the default).
 * The clock (nanoseconds, {@link System#nanoTime} unless {@linkplain #withClock given}) also stamps
 * {@link Sandbox#slackAccepted()}.
 */
public final class SlackLimits {

    /** The methods limited per method, workspace-wide (Slack's Tier 3 among those the notifier calls). */
    public static final Set<String> TIER_3 = Set.of("users.lookupByEmail", "chat.update");

    /**
     * A token bucket.
     *
     * @param capacity  the most tokens it holds (the burst), at least 1
     * @param perSecond the tokens it gains a second, more than 0
     */
    public record Bucket(double capacity, double perSecond) {
        public Bucket {
            if (!(capacity >= 1) || !(perSecond > 0) || Double.isInfinite(capacity) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("a bucket holds at least 1 token and refills at a positive, finite rate");
            }
        }

        /** A bucket that gains {@code perMinute} tokens a minute. */
        public static Bucket perMinute(double capacity, double perMinute) {
            return new Bucket(capacity, perMinute / 60.0);
        }
    }

    private static final SlackLimits OFF = new SlackLimits(null, null, System::nanoTime);

    private final Bucket postMessagePerChannel;
    private final Bucket tier3PerMethod;
    private final LongSupplier nanoTime;

    private SlackLimits(Bucket postMessagePerChannel, Bucket tier3PerMethod, LongSupplier nanoTime) {
        this.postMessagePerChannel = postMessagePerChannel;
        this.tier3PerMethod = tier3PerMethod;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** No limits: every call is answered (the default). */
    public static SlackLimits off() {
        return OFF;
    }

    /**
     * Slack's published limits as we model them: chat.postMessage 1 a second per conversation with bursts
     * of 3; each Tier 3 method 50 a minute with bursts of 20.
     */
    public static SlackLimits published() {
        return off().postMessagePerChannel(new Bucket(3, 1)).tier3PerMethod(Bucket.perMinute(20, 50));
    }

    /** These limits with chat.postMessage limited so per conversation ({@code null}: not limited). */
    public SlackLimits postMessagePerChannel(Bucket bucket) {
        return new SlackLimits(bucket, tier3PerMethod, nanoTime);
    }

    /** These limits with each {@link #TIER_3} method limited so ({@code null}: not limited). */
    public SlackLimits tier3PerMethod(Bucket bucket) {
        return new SlackLimits(postMessagePerChannel, bucket, nanoTime);
    }

    /** These limits read against this clock, in nanoseconds like {@link System#nanoTime} (tests pass their own). */
    public SlackLimits withClock(LongSupplier nanoTime) {
        return new SlackLimits(postMessagePerChannel, tier3PerMethod, nanoTime);
    }

    public Optional<Bucket> postMessagePerChannel() {
        return Optional.ofNullable(postMessagePerChannel);
    }

    public Optional<Bucket> tier3PerMethod() {
        return Optional.ofNullable(tier3PerMethod);
    }

    /** Whether anything is limited. */
    public boolean enabled() {
        return postMessagePerChannel != null || tier3PerMethod != null;
    }

    /** The clock's reading now, in nanoseconds. */
    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** The bucket a call of {@code method} takes from, or {@code null} when it is not limited. */
    Bucket bucketFor(String method) {
        if (method.equals("chat.postMessage")) {
            return postMessagePerChannel;
        }
        return TIER_3.contains(method) ? tier3PerMethod : null;
    }

    @Override
    public String toString() {
        return "SlackLimits[chat.postMessage per channel " + postMessagePerChannel + ", Tier 3 per method "
                + tier3PerMethod + "]";
    }

    /**
     * The loopback Slack's limiter: the limits in force, one bucket per method and key (conversation, or the
     * workspace), and the 429s answered. Thread-safe; it calls nothing while it holds its lock.
     */
    static final class Gate {

        private static final class Tokens {
            double tokens;
            long at;

            Tokens(double tokens, long at) {
                this.tokens = tokens;
                this.at = at;
            }
        }

        private SlackLimits limits = OFF;
        private final Map<String, Tokens> buckets = new HashMap<>();
        private final Map<String, Long> limited = new TreeMap<>();

        /** Enforces {@code limits} from now on, every bucket full. */
        synchronized void set(SlackLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            buckets.clear();
        }

        synchronized SlackLimits limits() {
            return limits;
        }

        synchronized long now() {
            return limits.nanoTime();
        }

        /**
         * Takes a token for a call of {@code method} about {@code key}: {@code 0} when the call may go ahead
         * (or is not limited), otherwise the whole seconds to wait (at least 1), the 429 counted.
         */
        synchronized long admit(String method, String key) {
            Bucket bucket = limits.bucketFor(method);
            if (bucket == null) {
                return 0;
            }
            long now = limits.nanoTime();
            Tokens tokens = buckets.computeIfAbsent(method + " " + key, k -> new Tokens(bucket.capacity(), now));
            double elapsed = Math.max(0, now - tokens.at) / 1e9;
            tokens.tokens = Math.min(bucket.capacity(), tokens.tokens + elapsed * bucket.perSecond());
            tokens.at = Math.max(tokens.at, now);
            if (tokens.tokens >= 1) {
                tokens.tokens -= 1;
                return 0;
            }
            limited.merge(method, 1L, Long::sum);
            double wait = (1 - tokens.tokens) / bucket.perSecond();
            return Math.max(1, (long) Math.ceil(wait - 1e-9));
        }

        synchronized Map<String, Long> rateLimited() {
            return Collections.unmodifiableMap(new TreeMap<>(limited));
        }

        synchronized long rateLimitedTotal() {
            return limited.values().stream().mapToLong(Long::longValue).sum();
        }

        synchronized void clearCounts() {
            limited.clear();
        }
    }
}
