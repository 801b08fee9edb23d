package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.AliasBook;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The alias table in memory, like {@code DynamoAliasBook}: exact keys (a hash key is case-sensitive),
 * the workspace email trimmed, a blank one read as none. Records every lookup. Thread-safe.
 */
public final class InMemoryAliasBook implements AliasBook {
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    public InMemoryAliasBook alias(String alternateEmail, String workspaceEmail) {
        aliases.put(alternateEmail, workspaceEmail);
        return this;
    }

    @Override
    public Optional<String> workspaceEmail(String alternateEmail, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "GetItem on the alias table");
        lookups.add(alternateEmail);
        String value = aliases.get(alternateEmail);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The emails looked up, in order. */
    public List<String> lookups() {
        return List.copyOf(lookups);
    }

    public void clearLookups() {
        lookups.clear();
    }
}
