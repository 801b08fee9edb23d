package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.Repository;

import io.codebuildnotifier.kernel.Deadline;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Steps a to e of finding the PR or branch a build belongs to; the first answer wins. */
final class Placer {
    /** How far back a branch's first-parent line is searched for a push's commit. */
    static final int RECENT_COMMITS = 30;
    private final GitHost gitHost;
    private final History history;
    private final BuildPolicy policy;

    Placer(GitHost gitHost, History history, BuildPolicy policy) {
        this.gitHost = gitHost;
        this.history = history;
        this.policy = policy;
    }

    private static int indexOf(List<String> line, String commit) {
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).equalsIgnoreCase(commit)) {
                return i;
            }
        }
        return -1;
    }

    Placement place(Build build, Repository repo, Deadline deadline) {
        Optional<SourceRef> exported = SourceVersion.fromExportedVariables(build.exportedVariables());
        Optional<String> exportedHead = SourceVersion.exportedHeadBranch(build.exportedVariables());
        if (exported.isPresent()) {
            return Placement.placed(exported.get(), "exported CODEBUILD_WEBHOOK_TRIGGER", exportedHead);
        }
        switch (SourceVersion.classify(build.sourceVersion(), build.commit())) {
            case SourceVersion.Ref r -> {
                return Placement.placed(r.ref(), "source version " + build.sourceVersion(), exportedHead);
            }
            case SourceVersion.Other other -> {
                return new Placement.Nowhere(other.why());
            }
            case SourceVersion.Commit commit -> {
                // a push by commit: the branch is found below
            }
        }
        if (exportedHead.isPresent()) {
            return Placement.placed(SourceRef.branch(exportedHead.get()), "exported CODEBUILD_WEBHOOK_HEAD_REF",
                    Optional.empty());
        }
        Map<String, String> heads = new LinkedHashMap<>();
        for (String branch : policy.whitelistBranches()) {
            Optional<String> head = gitHost.branchHead(repo, branch, deadline);
            if (head.isPresent() && head.get().equalsIgnoreCase(build.commit())) {
                return Placement.placed(SourceRef.branch(branch), "head of " + branch + " on the git host",
                        Optional.empty());
            }
            head.ifPresent(h -> heads.put(branch, h));
        }
        Optional<HistoryEntry> seen = history.entriesWithCommit(build.commit(), deadline).stream()
                .filter(e -> e.projectCode().equals(build.projectCode()))
                .filter(e -> SourceRef.parse(e.sourceRef()).filter(r -> !r.isPullRequest()).isPresent())
                .max(Comparator.comparingLong(HistoryEntry::startTime));
        if (seen.isPresent()) {
            SourceRef ref = SourceRef.parse(seen.get().sourceRef()).orElseThrow();
            Optional<String> branch = seen.get().branch().or(ref::branchName);
            return Placement.placed(ref, "commit recorded before under " + ref, branch);
        }
        // on a busy branch another merge often lands while a build runs: its commit is then just
        // behind the head, on the branch's own line (asked last: only builds that would be skipped)
        for (Map.Entry<String, String> head : heads.entrySet()) {
            List<String> line = gitHost.firstParents(repo, head.getValue(), RECENT_COMMITS, deadline);
            int behind = indexOf(line, build.commit());
            if (behind > 0) {
                return Placement.placed(SourceRef.branch(head.getKey()), behind + " commit" + (behind == 1 ? "" : "s")
                        + " behind the head of " + head.getKey() + " on the git host", Optional.empty());
            }
        }
        return new Placement.Nowhere("commit " + build.commit() + " is not the head of a whitelisted branch "
                + policy.whitelistBranches() + " nor among its recent first-parent commits, was never recorded "
                + "under a branch, and the build is not for a pull request" + (repo.isGitHub()
                ? " (for a private GitHub repository, the secret needs a github_token that can read it)" : ""));
    }
}
