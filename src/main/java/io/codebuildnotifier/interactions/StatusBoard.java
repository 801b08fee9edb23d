package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.List;

/**
 * Where builds stand, from the history the notifier keeps (port): read only, never from CodeBuild.
 */
public interface StatusBoard {

    /** The latest build of each whitelisted branch and open pull request of a project, newest first. */
    List<Standing> ofProject(String project, Deadline deadline);

    /** Each project's latest build in a repository (the project summary), newest first; empty if unknown. */
    List<Standing> ofRepository(String repository, Deadline deadline);

    /** The projects with the most recent activity, each with its latest build, newest first. */
    List<Standing> recent(int limit, Deadline deadline);

    /** The latest builds whose commit the person wrote or committed (their PRs and branches), newest first. */
    List<Standing> involving(String email, int limit, Deadline deadline);

    /**
     * One build's standing.
     *
     * @param place  the branch name or {@code PR #N}
     * @param passed whether the build passed (false for failed, faulted, timed out, stopped)
     * @param status the build's status as recorded ({@code SUCCEEDED}, {@code FAILED}, ...)
     * @param url    the build's console page; may be empty
     */
    record Standing(String project, String repository, String place, boolean passed, String status, Instant at,
                    String url, String commit) {
    }
}
