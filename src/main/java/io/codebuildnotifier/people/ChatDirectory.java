package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.util.Optional;

/** The chat workspace's people (a lookup by email, and finding admins). */
public interface ChatDirectory {

    /** Finds the workspace member who registered with an email. */
    Lookup lookupByEmail(String email, Deadline deadline);

    /**
     * Finds an admin given as a member id, an email or a username.
     *
     * @return the member id, or empty when nobody matches
     */
    Optional<String> resolveAdmin(String admin, Deadline deadline);

    /** The answer of a lookup by email. */
    sealed interface Lookup {
        /** An active, human member who can be messaged. */
        record Found(String userId) implements Lookup { }

        /** Nobody who can be messaged: {@code users_not_found}, a deactivated account, a bot. */
        record Missing(String error) implements Lookup { }
    }
}
