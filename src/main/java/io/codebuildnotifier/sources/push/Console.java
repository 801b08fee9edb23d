package io.codebuildnotifier.sources.push;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Pages of a repository in the CodeCommit console; none when the region is not known. */
record Console(String region, String repository) {
    private static final String REGION = "[a-z]{2}(-[a-z]+)+-\\d";

    Optional<String> commit(String sha) {
        return page("/commit/" + segment(sha));
    }

    /** The comparison of two commits, as the console links it ({@code compare/OLD/.../NEW}). */
    Optional<String> compare(String before, String after) {
        return page("/compare/" + segment(before) + "/.../" + segment(after));
    }

    /** A branch's or tag's files; the repository's when {@code type} is neither. */
    Optional<String> reference(String type, String name) {
        return switch (type) {
            case "branch" -> page("/browse/refs/heads/" + path(name));
            case "tag" -> page("/browse/refs/tags/" + path(name));
            default -> repositoryPage();
        };
    }

    Optional<String> repositoryPage() {
        return page("/browse");
    }

    private Optional<String> page(String path) {
        if (!region.matches(REGION)) {
            return Optional.empty();
        }
        return Optional.of("https://" + region + ".console.aws.amazon.com/codesuite/codecommit/repositories/"
                + segment(repository) + path + "?region=" + region);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A ref name keeps its slashes ({@code feature/login}). */
    private static String path(String value) {
        return segment(value).replace("%2F", "/");
    }
}
