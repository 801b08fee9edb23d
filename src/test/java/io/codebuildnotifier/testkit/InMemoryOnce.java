package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.Once;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The requests acted on, in memory, held to {@code DynamoOnce} by {@link OnceContract}: a claim is kept a day on the
 * deadline's clock (to the second, as the table's TTL), then the request may be claimed again; of concurrent claims
 * one wins; a call without time left is a transient failure and claims nothing.
 */
public final class InMemoryOnce implements Once {
    /** As {@code DynamoOnce.KEPT}. */
    static final Duration KEPT = Duration.ofDays(1);

    /** Request id to when its claim ends (epoch seconds). */
    private final Map<String, Long> claimed = new ConcurrentHashMap<>();

    @Override
    public boolean claim(String requestId, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "claim of a request");
        long now = deadline.clock().instant().getEpochSecond();
        AtomicBoolean won = new AtomicBoolean();
        claimed.compute(requestId, (id, until) -> {
            if (until == null || until < now) {
                won.set(true);
                return now + KEPT.toSeconds();
            }
            return until;
        });
        return won.get();
    }

    @Override
    public void release(String requestId, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "release of a request");
        claimed.remove(requestId);
    }

    /** Whether the request was claimed (and not released). */
    public boolean claimed(String requestId) {
        return claimed.containsKey(requestId);
    }
}
