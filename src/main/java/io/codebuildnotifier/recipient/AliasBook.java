package io.codebuildnotifier.recipient;

import java.util.Optional;

/** The optional alias table: a commit email ({@code alternate_email}) to a Slack email ({@code workspace_email}). */
public interface AliasBook {
    AliasBook NONE = email -> Optional.empty();

    Optional<String> workspaceEmail(String alternateEmail);
}
