package io.codebuildnotifier.git;

import java.util.Objects;

/**
 * Who wrote a commit, and what it says.
 *
 * @param subject first line of the commit message
 */
public record Commit(
        String sha,
        String authorName,
        String authorEmail,
        String committerName,
        String committerEmail,
        String subject) {

    public Commit {
        Objects.requireNonNull(sha, "sha");
        authorName = blankToEmpty(authorName);
        authorEmail = blankToEmpty(authorEmail);
        committerName = blankToEmpty(committerName);
        committerEmail = blankToEmpty(committerEmail);
        subject = blankToEmpty(subject);
    }

    /** Builds a commit from a full message, keeping its first line as the subject. */
    public static Commit of(String sha, String authorName, String authorEmail,
                            String committerName, String committerEmail, String message) {
        return new Commit(sha, authorName, authorEmail, committerName, committerEmail, subjectOf(message));
    }

    public static String subjectOf(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
    }

    public String shortHash() {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
