package io.codebuildnotifier.sources.build;

import java.util.Objects;
import java.util.Optional;

/**
 * One build in the history table, with the original tool's attributes.
 *
 * @param sourceId   {@code PROJECT:SOURCE_REF}
 * @param versionKey {@code FIRSTSTART_CURRENTSTART}, epoch milliseconds
 * @param startTime  this build's start, epoch milliseconds
 * @param status     the exact build status ({@code FAILED}, {@code TIMED_OUT}, ...)
 * @param branchName empty when not known (pull requests without an exported head ref)
 */
public record HistoryEntry(
        String sourceId,
        String versionKey,
        String sourceRef,
        String branchName,
        String projectCode,
        String buildId,
        String commitHash,
        String status,
        long startTime,
        String authorName,
        String authorEmail,
        String committerName,
        String committerEmail,
        String commitSubject,
        String gitRepoUrl) {

    public HistoryEntry {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(versionKey, "versionKey");
        sourceRef = orEmpty(sourceRef);
        branchName = orEmpty(branchName);
        projectCode = orEmpty(projectCode);
        buildId = orEmpty(buildId);
        commitHash = orEmpty(commitHash);
        status = orEmpty(status);
        authorName = clip(authorName, MAX_TEXT);
        authorEmail = clip(authorEmail, MAX_TEXT);
        committerName = clip(committerName, MAX_TEXT);
        committerEmail = clip(committerEmail, MAX_TEXT);
        commitSubject = clip(commitSubject, MAX_SUBJECT);
        gitRepoUrl = orEmpty(gitRepoUrl);
    }

    /** What is kept of user text, so that an item stays far below DynamoDB's 400 KB. */
    static final int MAX_TEXT = 512;
    static final int MAX_SUBJECT = 1024;

    private static String clip(String s, int max) {
        String v = orEmpty(s);
        if (v.length() <= max) {
            return v;
        }
        int end = Character.isHighSurrogate(v.charAt(max - 1)) ? max - 1 : max;
        return v.substring(0, end);
    }

    public static String sourceId(String projectCode, String sourceRef) {
        return projectCode + ":" + sourceRef;
    }

    public static String versionKey(long firstStart, long currentStart) {
        return firstStart + "_" + currentStart;
    }

    /** The first start of this commit under its source id, read from the version key. */
    public long firstStart() {
        int underscore = versionKey.indexOf('_');
        try {
            return Long.parseLong(underscore < 0 ? versionKey : versionKey.substring(0, underscore));
        } catch (NumberFormatException e) {
            return startTime;
        }
    }

    public boolean passed() {
        return "SUCCEEDED".equals(status);
    }

    public Optional<String> branch() {
        return branchName.isEmpty() ? Optional.empty() : Optional.of(branchName);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
