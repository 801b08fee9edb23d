package io.codebuildnotifier.sources.build;

import java.util.Objects;
import java.util.Optional;

/**
 * What a build belongs to: a pull request ({@code pr/42}) or a branch ({@code branch/main}).
 * This is the original tool's {@code source_ref}.
 */
public record SourceRef(Kind kind, String name) {
    public enum Kind { PULL_REQUEST, BRANCH }

    public SourceRef {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source ref needs a name");
        }
    }

    public static SourceRef pullRequest(String number) {
        return new SourceRef(Kind.PULL_REQUEST, number);
    }

    public static SourceRef branch(String name) {
        return new SourceRef(Kind.BRANCH, name);
    }

    /** Reads a stored or exported value: {@code pr/N} or {@code branch/NAME}. */
    public static Optional<SourceRef> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.startsWith("pr/") && v.length() > 3 && v.substring(3).chars().allMatch(Character::isDigit)) {
            return Optional.of(pullRequest(v.substring(3)));
        }
        if (v.startsWith("branch/") && v.length() > 7) {
            return Optional.of(branch(v.substring(7)));
        }
        return Optional.empty();
    }

    public boolean isPullRequest() {
        return kind == Kind.PULL_REQUEST;
    }

    /** The branch name, for branch refs. */
    public Optional<String> branchName() {
        return kind == Kind.BRANCH ? Optional.of(name) : Optional.empty();
    }

    @Override
    public String toString() {
        return (isPullRequest() ? "pr/" : "branch/") + name;
    }
}
