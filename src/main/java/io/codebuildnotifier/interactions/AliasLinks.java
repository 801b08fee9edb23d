package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;

/**
 * Writes the alias table (port): an address commits use, linked to a person's workspace address (the alias row
 * {@code alternate_email} → {@code workspace_email}).
 */
public interface AliasLinks {
    void link(String alternateEmail, String workspaceEmail, Deadline deadline);
}
