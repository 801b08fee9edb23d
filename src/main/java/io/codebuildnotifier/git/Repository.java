package io.codebuildnotifier.git;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The git repository a build's source comes from.
 *
 * @param host   which kind of git host serves it
 * @param webUrl repository URL without a trailing {@code .git} (the original's {@code git_repo_url})
 * @param server host name ({@code github.com}, an Enterprise host, {@code git-codecommit.REGION.amazonaws.com})
 * @param owner  GitHub owner or organisation; empty for CodeCommit
 * @param name   repository name
 * @param region CodeCommit region; empty otherwise
 */
public record Repository(Host host, String webUrl, String server, String owner, String name, String region) {

    public enum Host { GITHUB, GITHUB_ENTERPRISE, CODECOMMIT }

    /**
     * Reads a CodeBuild source location.
     *
     * @return empty when the source is not a git repository we can read commits from
     */
    public static Optional<Repository> parse(String sourceType, String location) {
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        String url = location.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith(".git")) {
            url = url.substring(0, url.length() - 4);
        }
        String type = sourceType == null ? "" : sourceType.toUpperCase(Locale.ROOT);
        if (url.startsWith("codecommit::")) {
            return codeCommitGrc(url);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String server = uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (server == null) {
            return Optional.empty();
        }
        String[] segments = path.replaceFirst("^/", "").split("/");
        if (server.startsWith("git-codecommit.") && path.startsWith("/v1/repos/") && segments.length == 3) {
            String region = server.split("\\.")[1];
            return Optional.of(new Repository(Host.CODECOMMIT, url, server, "", segments[2], region));
        }
        if (segments.length != 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
            return Optional.empty();
        }
        if (type.equals("GITHUB") || (type.isEmpty() && server.equalsIgnoreCase("github.com"))) {
            return Optional.of(new Repository(Host.GITHUB, url, server, segments[0], segments[1], ""));
        }
        if (type.equals("GITHUB_ENTERPRISE")) {
            return Optional.of(new Repository(Host.GITHUB_ENTERPRISE, url, server, segments[0], segments[1], ""));
        }
        return Optional.empty();
    }

    /** {@code codecommit::REGION://NAME}, the git-remote-codecommit form. */
    private static Optional<Repository> codeCommitGrc(String url) {
        String rest = url.substring("codecommit::".length());
        int sep = rest.indexOf("://");
        if (sep <= 0 || sep + 3 >= rest.length()) {
            return Optional.empty();
        }
        String region = rest.substring(0, sep);
        String name = rest.substring(sep + 3);
        if (name.contains("@")) {
            name = name.substring(name.indexOf('@') + 1);
        }
        String server = "git-codecommit." + region + ".amazonaws.com";
        return Optional.of(new Repository(Host.CODECOMMIT, "https://" + server + "/v1/repos/" + name,
                server, "", name, region));
    }

    public boolean isGitHub() {
        return host == Host.GITHUB || host == Host.GITHUB_ENTERPRISE;
    }
}
