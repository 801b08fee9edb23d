package io.codebuildnotifier.recipient;

import java.util.Optional;

/** The chat workspace's people (Slack's users.lookupByEmail and friends). */
public interface ChatDirectory {

    /** Finds the workspace member who registered with an email. */
    Lookup lookupByEmail(String email);

    /**
     * Finds an admin given as a member id, an email or a username.
     *
     * @return the member id, or empty when nobody matches
     */
    Optional<String> resolveAdmin(String admin);

    /** The answer of a lookup by email. */
    sealed interface Lookup {
        /** An active, human member who can be messaged. */
        record Found(String userId) implements Lookup { }

        /** Nobody who can be messaged: {@code users_not_found}, a deactivated account, a bot. */
        record Missing(String error) implements Lookup { }
    }
}
