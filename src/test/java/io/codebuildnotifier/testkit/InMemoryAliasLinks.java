package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.AliasLinks;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.people.AliasBook;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alias table in memory, written by links and read as an {@link AliasBook}, held to {@code DynamoAliasLinks} and
 * {@code DynamoAliasBook} by {@link AliasLinksContract}: both addresses trimmed (a blank one is a
 * {@link PermanentFailure}), a link to an address replaces it, exact keys on reading. A call without time left is a
 * transient failure and writes nothing.
 */
public final class InMemoryAliasLinks implements AliasLinks, AliasBook {
    private final Map<String, String> rows = new ConcurrentHashMap<>();

    @Override
    public void link(String alternateEmail, String workspaceEmail, Deadline deadline) {
        String alternate = alternateEmail == null ? "" : alternateEmail.trim();
        String workspace = workspaceEmail == null ? "" : workspaceEmail.trim();
        if (alternate.isEmpty() || workspace.isEmpty()) {
            throw new PermanentFailure("an alias needs both addresses");
        }
        InMemoryStore.Calls.start(deadline, "PutItem on the alias table");
        rows.put(alternate, workspace);
    }

    @Override
    public Optional<String> workspaceEmail(String alternateEmail, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "GetItem on the alias table");
        return Optional.ofNullable(rows.get(alternateEmail));
    }

    /** Every row: alternate email to workspace email. */
    public Map<String, String> rows() {
        return Map.copyOf(rows);
    }
}
