package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.Once;
import io.codebuildnotifier.kernel.Deadline;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The requests acted on, in memory (kept as long as the fake lives). */
public final class InMemoryOnce implements Once {
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    @Override
    public boolean claim(String requestId, Deadline deadline) {
        return claimed.add(requestId);
    }

    @Override
    public void release(String requestId, Deadline deadline) {
        claimed.remove(requestId);
    }

    public boolean claimed(String requestId) {
        return claimed.contains(requestId);
    }
}
