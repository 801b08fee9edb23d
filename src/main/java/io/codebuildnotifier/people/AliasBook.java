package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.util.Optional;

/** The optional alias table: a commit email ({@code alternate_email}) to a chat workspace email ({@code workspace_email}). */
public interface AliasBook {
    AliasBook NONE = (email, deadline) -> Optional.empty();

    Optional<String> workspaceEmail(String alternateEmail, Deadline deadline);
}
