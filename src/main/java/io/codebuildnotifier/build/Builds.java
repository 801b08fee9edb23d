package io.codebuildnotifier.build;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where builds are looked up (CodeBuild's BatchGetBuilds). */
public interface Builds {
    /**
     * @param buildArn the full ARN, or {@code PROJECT:UUID}
     * @return the build, or empty when CodeBuild does not know it
     * @throws io.codebuildnotifier.failure.TransientFailure when CodeBuild cannot be reached
     */
    Optional<Build> find(String buildArn);

    /**
     * Builds of the watched projects that finished (passed or failed) between two times, as many
     * as can be found before {@code stopBy}.
     *
     * @throws io.codebuildnotifier.failure.TransientFailure when CodeBuild cannot be reached
     */
    List<Build> finishedBetween(Instant from, Instant to, Instant stopBy);
}
