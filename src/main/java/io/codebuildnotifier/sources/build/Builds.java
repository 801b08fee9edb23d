package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where builds are looked up (CodeBuild's BatchGetBuilds). */
public interface Builds {
    /**
     * @param buildArn the full ARN, or {@code PROJECT:UUID}
     * @return the build, or empty when CodeBuild does not know it
     * @throws io.codebuildnotifier.kernel.TransientFailure when CodeBuild cannot be reached
     */
    Optional<Build> find(String buildArn, Deadline deadline);

    /**
     * Builds of the watched projects that finished (passed or failed) between two times, as many
     * as can be found before {@code stopBy}.
     *
     * @return the builds, and the watched projects that do not exist (named, so an operator can fix the setting)
     * @throws io.codebuildnotifier.kernel.TransientFailure when CodeBuild cannot be reached
     */
    Finished finishedBetween(Instant from, Instant to, Instant stopBy, Deadline deadline);

    /** What a listing found. */
    record Finished(List<Build> builds, List<String> unknownProjects) {
        public Finished {
            builds = List.copyOf(builds);
            unknownProjects = List.copyOf(unknownProjects);
        }
    }
}
