package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Repository;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Web links to a build in the CodeBuild console, and to commits, PRs and branches on their git host. */
final class Links {
    private Links() {
    }

    /** The build's page in the CodeBuild console of the build's own region. */
    static String build(Build build) {
        String region = build.region();
        return "https://" + region + ".console.aws.amazon.com/codesuite/codebuild/" + build.account()
                + "/projects/" + encode(build.projectCode()) + "/build/" + encode(build.id())
                + "/?region=" + region;
    }

    static String commit(Repository repo, String sha) {
        if (repo.host() == Repository.Host.CODECOMMIT) {
            return codeCommit(repo, "commit/" + encode(sha));
        }
        return repo.webUrl() + "/commit/" + encode(sha);
    }

    static String sourceRef(Repository repo, SourceRef ref) {
        if (repo.host() == Repository.Host.CODECOMMIT) {
            return ref.isPullRequest()
                    ? codeCommit(repo, "pull-requests/" + encode(ref.name()) + "/details")
                    : codeCommit(repo, "browse/refs/heads/" + encodePath(ref.name()));
        }
        return ref.isPullRequest()
                ? repo.webUrl() + "/pull/" + encode(ref.name())
                : repo.webUrl() + "/tree/" + encodePath(ref.name());
    }

    private static String codeCommit(Repository repo, String path) {
        return "https://" + repo.region() + ".console.aws.amazon.com/codesuite/codecommit/repositories/"
                + encode(repo.name()) + "/" + path + "?region=" + repo.region();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Encodes each segment of a branch name, keeping its slashes. */
    static String encodePath(String s) {
        StringBuilder out = new StringBuilder();
        for (String segment : s.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        return out.toString();
    }
}
