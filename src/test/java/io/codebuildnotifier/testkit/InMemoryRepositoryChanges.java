package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.sources.push.RepositoryChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Repositories' commits and the differences between them, as a push's host tells them. A repository
 * exists once it has a commit or differences; an unknown commit is empty, an unknown repository a
 * {@link PermanentFailure}, as from CodeCommit. Counts changes up to {@link #COUNTED}, as the adapter reads
 * at most a few pages. Records every call ({@code commit REPO SHA}, {@code differences REPO BEFORE..AFTER}).
 * Thread-safe.
 */
public final class InMemoryRepositoryChanges implements RepositoryChanges {
    /** Changes counted at most; beyond, the answer says there are more. */
    public static final int COUNTED = 500;

    private final Map<String, Map<String, CommitInfo>> commits = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<FileChange>>> differences = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public InMemoryRepositoryChanges commit(String repo, CommitInfo commit) {
        commits.computeIfAbsent(repo, k -> new ConcurrentHashMap<>()).put(commit.sha().toLowerCase(Locale.ROOT),
                commit);
        differences.computeIfAbsent(repo, k -> new ConcurrentHashMap<>());
        return this;
    }

    /** A line of commits, newest first, each the first parent of the one before; the last has {@code root} as parent (none if empty). */
    public InMemoryRepositoryChanges line(String repo, String root, String... shasNewestFirst) {
        for (int i = 0; i < shasNewestFirst.length; i++) {
            String parent = i + 1 < shasNewestFirst.length ? shasNewestFirst[i + 1] : root;
            commit(repo, new CommitInfo(shasNewestFirst[i], parent.isEmpty() ? List.of() : List.of(parent),
                    "Commit " + shasNewestFirst[i].substring(0, 7), "Jane Doe", "jane@example.com"));
        }
        return this;
    }

    /** The differences from {@code before} ({@code ""} for none) to {@code after}. */
    public InMemoryRepositoryChanges differences(String repo, String before, String after, List<FileChange> changes) {
        differences.computeIfAbsent(repo, k -> new ConcurrentHashMap<>()).put(range(before, after),
                List.copyOf(changes));
        commits.computeIfAbsent(repo, k -> new ConcurrentHashMap<>());
        return this;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public Optional<CommitInfo> commit(String repository, String sha, Deadline deadline) {
        calls.add("commit " + repository + " " + sha);
        return Optional.ofNullable(repo(repository).get(sha.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<Differences> differences(String repository, String before, String after, int limit,
                                             Deadline deadline) {
        calls.add("differences " + repository + " " + range(before, after));
        Map<String, CommitInfo> known = repo(repository);
        List<FileChange> all = differences.get(repository).get(range(before, after));
        if (all == null) {
            boolean commitsKnown = known.containsKey(after.toLowerCase(Locale.ROOT))
                    && (before == null || before.isEmpty() || known.containsKey(before.toLowerCase(Locale.ROOT)));
            return commitsKnown ? Optional.of(Differences.NONE) : Optional.empty();
        }
        int counted = Math.min(all.size(), COUNTED);
        return Optional.of(new Differences(new ArrayList<>(all.subList(0, Math.min(limit, counted))), counted,
                all.size() > counted));
    }

    private Map<String, CommitInfo> repo(String repository) {
        Map<String, CommitInfo> known = commits.get(repository);
        if (known == null) {
            throw new PermanentFailure("CodeCommit repository " + repository + " does not exist");
        }
        return known;
    }

    private static String range(String before, String after) {
        return (before == null ? "" : before.toLowerCase(Locale.ROOT)) + ".." + after.toLowerCase(Locale.ROOT);
    }
}
