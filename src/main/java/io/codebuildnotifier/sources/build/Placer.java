package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.kernel.Deadline;
import java.util.Comparator;
import java.util.Optional;

/** Steps a to e of finding the PR or branch a build belongs to; the first answer wins. */
final class Placer {
    private final GitHost gitHost;
    private final History history;
    private final BuildPolicy policy;

    Placer(GitHost gitHost, History history, BuildPolicy policy) {
        this.gitHost = gitHost;
        this.history = history;
        this.policy = policy;
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
        for (String branch : policy.whitelistBranches()) {
            Optional<String> head = gitHost.branchHead(repo, branch, deadline);
            if (head.isPresent() && head.get().equalsIgnoreCase(build.commit())) {
                return Placement.placed(SourceRef.branch(branch), "head of " + branch + " on the git host",
                        Optional.empty());
            }
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
        return new Placement.Nowhere("commit " + build.commit() + " is not the head of a whitelisted branch "
                + policy.whitelistBranches() + ", was never recorded under a branch, and the build is not "
                + "for a pull request" + (repo.isGitHub()
                ? " (for a private GitHub repository, the secret needs a github_token that can read it)" : ""));
    }
}
