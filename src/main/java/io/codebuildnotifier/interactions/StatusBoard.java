package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

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

    /** A build's place on the board: {@code PR #N} for a pull request, else the branch name. */
    static String place(boolean pullRequest, String name) {
        return pullRequest ? "PR #" + name : name;
    }

    /** A repository's URL or name, compared: lower case, without scheme, user, {@code .git} and trailing slashes. */
    static String normalise(String repository) {
        String r = repository.strip().toLowerCase(Locale.ROOT);
        int scheme = r.indexOf("://");
        if (scheme >= 0) {
            r = r.substring(scheme + 3);
        }
        int at = r.indexOf('@');
        int slash = r.indexOf('/');
        if (at >= 0 && (slash < 0 || at < slash)) {
            r = r.substring(at + 1).replaceFirst(":", "/"); // git@github.com:acme/widgets
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        if (r.endsWith(".git")) {
            r = r.substring(0, r.length() - 4);
        }
        return r;
    }

    /**
     * Whether a recorded URL is the repository asked for: the same URL, or a URL whose path ends in the name.
     *
     * @param wantedNormalised the repository asked for, {@linkplain #normalise normalised}
     */
    static boolean matches(String recordedUrl, String wantedNormalised) {
        String recorded = normalise(recordedUrl);
        return !recorded.isEmpty() && (recorded.equals(wantedNormalised) || recorded.endsWith("/" + wantedNormalised));
    }

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
