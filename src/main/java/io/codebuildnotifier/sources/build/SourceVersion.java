package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Commit;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a build's {@code sourceVersion} (or its exported webhook variables) says about the
 * pull request or branch it belongs to.
 */
sealed interface SourceVersion {

    /** The version names a pull request or a branch. */
    record Ref(SourceRef ref) implements SourceVersion { }

    /** The version is a commit (push webhooks) or empty: the branch has to be found elsewhere. */
    record Commit() implements SourceVersion { }

    /** The version is neither a PR, a branch nor a commit (a tag, an S3 artifact...). */
    record Other(String why) implements SourceVersion { }

    Pattern PULL = Pattern.compile("^(?:refs/)?pull/(\\d+)/(?:head|merge)$");
    Pattern PR = Pattern.compile("^pr/(\\d+)$");
    Pattern HEX = Pattern.compile("^[0-9a-fA-F]{7,64}$");

    /**
     * Step a: the webhook trigger, when a project's buildspec exports it:
     * {@code CODEBUILD_WEBHOOK_TRIGGER} is {@code pr/N} or {@code branch/NAME}.
     * An exported {@code CODEBUILD_WEBHOOK_HEAD_REF} alone is only a hint (see {@link #exportedHeadBranch}):
     * for a pull request it names the PR's branch, so it cannot say which of the two a build is.
     */
    static Optional<SourceRef> fromExportedVariables(Map<String, String> exported) {
        return SourceRef.parse(exported.get("CODEBUILD_WEBHOOK_TRIGGER"));
    }

    /** The branch named by an exported {@code CODEBUILD_WEBHOOK_HEAD_REF} ({@code refs/heads/NAME}). */
    static Optional<String> exportedHeadBranch(Map<String, String> exported) {
        String headRef = exported.getOrDefault("CODEBUILD_WEBHOOK_HEAD_REF", "");
        headRef = headRef == null ? "" : headRef.trim();
        if (headRef.startsWith("refs/heads/") && headRef.length() > "refs/heads/".length()) {
            return Optional.of(headRef.substring("refs/heads/".length()));
        }
        return Optional.empty();
    }

    /**
     * Step b: reads {@code sourceVersion}.
     *
     * @param sourceVersion the build's source version, may be empty
     * @param commit        the resolved commit, used to recognise an abbreviated SHA
     */
    static SourceVersion classify(String sourceVersion, String commit) {
        String v = sourceVersion == null ? "" : sourceVersion.trim();
        if (v.isEmpty()) {
            return new Commit();
        }
        int caret = v.indexOf("^{");
        if (caret >= 0) {
            v = v.substring(0, caret);
        }
        Matcher pr = PR.matcher(v);
        if (pr.matches()) {
            return new Ref(SourceRef.pullRequest(pr.group(1)));
        }
        Matcher pull = PULL.matcher(v);
        if (pull.matches()) {
            return new Ref(SourceRef.pullRequest(pull.group(1)));
        }
        if (v.startsWith("refs/heads/")) {
            String name = v.substring("refs/heads/".length());
            return name.isEmpty() ? new Other("empty branch name") : new Ref(SourceRef.branch(name));
        }
        if (v.startsWith("refs/")) {
            return new Other("source version " + v + " is not a branch or pull request");
        }
        if (v.startsWith("arn:")) {
            return new Other("source version is an artifact, not a git ref");
        }
        if (looksLikeCommit(v, commit)) {
            return new Commit();
        }
        return new Ref(SourceRef.branch(v));
    }

    private static boolean looksLikeCommit(String v, String commit) {
        if (!HEX.matcher(v).matches()) {
            return false;
        }
        if (v.length() == 40 || v.length() == 64) {
            return true;
        }
        return commit != null && !commit.isEmpty() && commit.toLowerCase().startsWith(v.toLowerCase());
    }
}
