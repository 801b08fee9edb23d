package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.PullRequest;
import io.codebuildnotifier.git.Repository;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A git host with one repository's worth of commits (by SHA, case-insensitively), branch heads and
 * pull request branches, whatever the repository asked about. An unknown commit is a
 * {@link PermanentFailure}, as on the real hosts. Records every call ({@code commit SHA},
 * {@code branchHead NAME}, {@code firstParents HEAD}, {@code pullRequest N}). Thread-safe.
 */
public final class InMemoryGitHost implements GitHost {
    private final Map<String, Commit> commits = new ConcurrentHashMap<>();
    private final Map<String, String> heads = new ConcurrentHashMap<>();
    private final Map<String, String> pullRequests = new ConcurrentHashMap<>();
    private final Map<String, String> titles = new ConcurrentHashMap<>();
    private final Map<String, String> firstParents = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** Says that {@code parent} is the first parent of {@code sha}: a branch's line, newest first. */
    public InMemoryGitHost line(String... shasNewestFirst) {
        for (int i = 0; i + 1 < shasNewestFirst.length; i++) {
            firstParents.put(shasNewestFirst[i].toLowerCase(Locale.ROOT), shasNewestFirst[i + 1].toLowerCase(Locale.ROOT));
        }
        return this;
    }

    public InMemoryGitHost commit(Commit commit) {
        commits.put(commit.sha().toLowerCase(Locale.ROOT), commit);
        return this;
    }

    public InMemoryGitHost branchHead(String branch, String sha) {
        heads.put(branch, sha);
        return this;
    }

    public InMemoryGitHost pullRequest(String number, String branch) {
        pullRequests.put(number, branch);
        return this;
    }

    public InMemoryGitHost pullRequestTitle(String number, String title) {
        titles.put(number, title);
        return this;
    }

    @Override
    public Commit commit(Repository repository, String sha, Deadline deadline) {
        calls.add("commit " + sha);
        Commit commit = commits.get(sha.toLowerCase(Locale.ROOT));
        if (commit == null) {
            throw new PermanentFailure("no commit " + sha + " in " + repository.webUrl());
        }
        return commit;
    }

    @Override
    public Optional<String> branchHead(Repository repository, String branch, Deadline deadline) {
        calls.add("branchHead " + branch);
        return Optional.ofNullable(heads.get(branch));
    }

    @Override
    public List<String> firstParents(Repository repository, String head, int depth, Deadline deadline) {
        calls.add("firstParents " + head);
        List<String> line = new java.util.ArrayList<>();
        for (String sha = head.toLowerCase(Locale.ROOT); sha != null && line.size() < depth; sha = firstParents.get(sha)) {
            line.add(sha);
        }
        return line;
    }

    @Override
    public Optional<PullRequest> pullRequest(Repository repository, String number, Deadline deadline) {
        calls.add("pullRequest " + number);
        String branch = pullRequests.get(number);
        String title = titles.get(number);
        return branch == null && title == null ? Optional.empty() : Optional.of(new PullRequest(branch, title));
    }

    /** Every call, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** How many calls started with {@code method} ({@code commit}, {@code branchHead}, {@code pullRequest}). */
    public long calls(String method) {
        return calls.stream().filter(c -> c.startsWith(method + " ")).count();
    }
}
