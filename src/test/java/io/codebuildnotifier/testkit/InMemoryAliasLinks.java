package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.AliasLinks;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.AliasBook;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The alias table in memory: written by links, read as an {@link AliasBook}. A link to an address replaces it. */
public final class InMemoryAliasLinks implements AliasLinks, AliasBook {
    private final Map<String, String> rows = new ConcurrentHashMap<>();

    @Override
    public void link(String alternateEmail, String workspaceEmail, Deadline deadline) {
        rows.put(alternateEmail, workspaceEmail);
    }

    @Override
    public Optional<String> workspaceEmail(String alternateEmail, Deadline deadline) {
        return Optional.ofNullable(rows.get(alternateEmail));
    }

    /** Every row: alternate email to workspace email. */
    public Map<String, String> rows() {
        return Map.copyOf(rows);
    }
}
