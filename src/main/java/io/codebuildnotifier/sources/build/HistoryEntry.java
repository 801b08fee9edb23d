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
 * @param failedTests the names of the test cases that failed (at most {@link #MAX_FAILED_TESTS}); not the original's
 * @param flaky      whether the same commit both failed and passed on this PR or branch; not the original's
 * @param endTime    when the build ended, epoch milliseconds, 0 when not known; not the original's
 * @param buildNumber the build's number in its project, 0 when not known; not the original's
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
        String gitRepoUrl,
        java.util.List<String> failedTests,
        boolean flaky,
        long endTime,
        long buildNumber) {

    /** An entry with only the original tool's attributes. */
    public HistoryEntry(String sourceId, String versionKey, String sourceRef, String branchName, String projectCode,
                        String buildId, String commitHash, String status, long startTime, String authorName,
                        String authorEmail, String committerName, String committerEmail, String commitSubject,
                        String gitRepoUrl) {
        this(sourceId, versionKey, sourceRef, branchName, projectCode, buildId, commitHash, status, startTime,
                authorName, authorEmail, committerName, committerEmail, commitSubject, gitRepoUrl,
                java.util.List.of(), false, 0, 0);
    }

    /** How many failed test names an entry keeps. */
    public static final int MAX_FAILED_TESTS = 50;
    static final int MAX_TEST_NAME = 300;

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
        failedTests = failedTests == null ? java.util.List.of() : failedTests.stream()
                .filter(java.util.Objects::nonNull).limit(MAX_FAILED_TESTS).map(t -> clip(t, MAX_TEST_NAME)).toList();
    }

    /** This entry marked flaky. */
    public HistoryEntry asFlaky() {
        return new HistoryEntry(sourceId, versionKey, sourceRef, branchName, projectCode, buildId, commitHash,
                status, startTime, authorName, authorEmail, committerName, committerEmail, commitSubject, gitRepoUrl,
                failedTests, true, endTime, buildNumber);
    }

    /** This entry under another version key (a rekey). */
    public HistoryEntry withVersionKey(String newVersionKey) {
        return new HistoryEntry(sourceId, newVersionKey, sourceRef, branchName, projectCode, buildId, commitHash,
                status, startTime, authorName, authorEmail, committerName, committerEmail, commitSubject, gitRepoUrl,
                failedTests, flaky, endTime, buildNumber);
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
