package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.time.Instant;
import java.util.Optional;

/**
 * Where answers of public profiles are kept between instances, until they expire, like
 * {@link LookupCache} for lookups by email: only definite answers ({@link PublicProfiles.Answer.Email},
 * {@link PublicProfiles.Answer.NoEmail}) are put; a cache never fails.
 */
public interface ProfileCache extends AnswerCache<PublicProfiles.Answer> {
    ProfileCache NONE = new ProfileCache() {
        @Override
        public Optional<PublicProfiles.Answer> get(String login, Instant now, Deadline deadline) {
            return Optional.empty();
        }

        @Override
        public void put(String login, PublicProfiles.Answer answer, Instant expiresAt, Deadline deadline) {
        }
    };
}
