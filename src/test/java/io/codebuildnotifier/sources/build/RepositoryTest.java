package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.git.Repository.Host;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepositoryTest {

    private static final Repository GITHUB_REPO =
            new Repository(Host.GITHUB, "https://github.com/octo/widgets", "github.com", "octo", "widgets", "");

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource({
            "GITHUB, https://github.com/octo/widgets",
            "GITHUB, https://github.com/octo/widgets.git",
            "GITHUB, https://github.com/octo/widgets/",
            "GITHUB, '  https://github.com/octo/widgets.git  '",
            "'',     https://github.com/octo/widgets.git",
            "github, https://github.com/octo/widgets",
    })
    void gitHub(String sourceType, String location) {
        assertEquals(Optional.of(GITHUB_REPO), Repository.parse(sourceType, location));
    }

    @Test
    void gitHubWithDotGitAndTrailingSlash() {
        assertEquals(Optional.of(GITHUB_REPO), Repository.parse("GITHUB", "https://github.com/octo/widgets.git/"));
    }

    @Test
    void gitHubEnterprise() {
        Repository repo = Repository.parse("GITHUB_ENTERPRISE", "https://git.example.com/org/repo.git").orElseThrow();
        assertEquals(new Repository(Host.GITHUB_ENTERPRISE, "https://git.example.com/org/repo",
                "git.example.com", "org", "repo", ""), repo);
        assertTrue(repo.isGitHub());
    }

    @Test
    void codeCommitHttps() {
        Repository repo = Repository.parse("CODECOMMIT",
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-repo").orElseThrow();
        assertEquals(new Repository(Host.CODECOMMIT, "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-repo",
                "git-codecommit.eu-west-1.amazonaws.com", "", "my-repo", "eu-west-1"), repo);
        assertFalse(repo.isGitHub());
    }

    @Test
    void codeCommitHttpsWithDotGit() {
        Repository repo = Repository.parse("CODECOMMIT",
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-repo.git").orElseThrow();
        assertEquals("my-repo", repo.name());
        assertEquals("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-repo", repo.webUrl());
    }

    @Test
    void codeCommitGitRemoteForm() {
        assertEquals(Optional.of(new Repository(Host.CODECOMMIT,
                        "https://git-codecommit.us-west-2.amazonaws.com/v1/repos/repo",
                        "git-codecommit.us-west-2.amazonaws.com", "", "repo", "us-west-2")),
                Repository.parse("CODECOMMIT", "codecommit::us-west-2://repo"));
    }

    @Test
    void codeCommitGitRemoteFormWithProfile() {
        Repository repo = Repository.parse("CODECOMMIT", "codecommit::us-west-2://dev@repo").orElseThrow();
        assertEquals("repo", repo.name());
        assertEquals("us-west-2", repo.region());
    }

    @ParameterizedTest(name = "[{0}] ''{1}''")
    @CsvSource(nullValues = "NULL", value = {
            "BITBUCKET,         https://bitbucket.org/team/repo.git",
            "'',                https://bitbucket.org/team/repo.git",
            "S3,                my-bucket/path/source.zip",
            "S3,                arn:aws:s3:::my-bucket/path/source.zip",
            "NO_SOURCE,         ''",
            "GITHUB,            ''",
            "GITHUB,            '   '",
            "GITHUB,            NULL",
            "GITHUB,            not a url",
            "GITHUB,            https://github.com/octo",
            "GITHUB,            https://github.com/octo/widgets/tree/main",
            "GITHUB,            github.com/octo/widgets",
            "CODECOMMIT,        codecommit::",
            "CODECOMMIT,        codecommit::us-west-2://",
            "GITHUB_ENTERPRISE, https://git.example.com",
    })
    void unsupportedSourcesAreEmpty(String sourceType, String location) {
        assertEquals(Optional.empty(), Repository.parse(sourceType, location));
    }
}
