package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Optional;

/**
 * Where definite answers (a lookup by email, a public profile) are kept between instances, by a
 * lowercase key, until they expire. A cache never fails.
 */
public interface AnswerCache<V> {

    /** The answer for a key, unless it expired by {@code now}. */
    Optional<V> get(String key, Instant now, Deadline deadline);

    void put(String key, V answer, Instant expiresAt, Deadline deadline);
}
