package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.NotificationKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a commit's rollup is kept: the latest build of each project that built the commit, who
 * follows its message, and its revision (one more each time it changes), updated atomically by
 * concurrent invocations.
 */
public interface Rollups {

    /**
     * A project's build of the commit.
     *
     * @param detail what its message would say at a glance (the phase that failed, the tests, the streak), plain
     */
    record Entry(String project, String buildId, BuildStatus status, long startMillis, String url, String detail) {
        /** How long a detail may be: kept on the rollup's item, one per project. */
        public static final int MAX_DETAIL = 300;

        public Entry(String project, String buildId, BuildStatus status, long startMillis, String url) {
            this(project, buildId, status, startMillis, url, "");
        }

        public Entry {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(status, "status");
            buildId = buildId == null ? "" : buildId;
            url = url == null ? "" : url;
            detail = detail == null ? "" : detail.length() <= MAX_DETAIL ? detail
                    : detail.substring(0, Character.isHighSurrogate(detail.charAt(MAX_DETAIL - 1)) ? MAX_DETAIL - 1
                    : MAX_DETAIL);
        }
    }

    /**
     * @param revision  1 for the first build, one more for each change
     * @param entries   by project name
     * @param followers the targets holding (or owed) the rollup's message
     * @param opened    when its first build was recorded
     * @param expected  how many projects are known to build the commit: those finished and those whose
     *                  start was seen
     */
    record Rollup(NotificationKey key, long revision, List<Entry> entries, Set<String> followers, Instant opened,
                  int expected) {
        public Rollup {
            entries = List.copyOf(entries);
            followers = Set.copyOf(followers);
            expected = Math.max(expected, entries.size());
        }
    }

    /**
     * Notes that a project started building the commit, so that the rollup can say how many are
     * still to come. Changes no revision: the next finished build shows it.
     */
    void started(NotificationKey key, String subject, String project, String buildId, Instant now,
                 Instant expiresAt, Deadline deadline);

    /**
     * Sets the entry's project to the entry (a change bumps the revision; the same entry again
     * changes nothing) and adds the followers, in one atomic step. A rollup opened before
     * {@code openedAfter}, or one that holds an older build of the entry's project (the project was
     * built again), is closed: a new one starts in its place, whose messages are posted anew. An
     * entry older than its project's build in the rollup changes nothing.
     */
    Rollup record(NotificationKey key, String subject, Entry entry, Set<String> followers, Instant now,
                  Instant openedAfter, Instant expiresAt, Deadline deadline);
}
