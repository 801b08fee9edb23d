package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.git.Repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinksTest {
    private static final String UUID = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    private static Build build(String region, BuildStatus status, List<Build.Phase> phases) {
        return new Build("widgets:" + UUID, "arn:aws:codebuild:" + region + ":123456789012:build/widgets:" + UUID,
                "widgets", Instant.parse("2024-05-01T10:00:00Z"), status, "pr/42", SHA, "GITHUB",
                "https://github.com/octo/widgets.git", "GitHub-Hookshot/abc", "", Map.of(), phases);
    }

    @Test
    void buildLinkPointsAtTheConsoleOfTheBuildsRegion() {
        Build build = build("ap-southeast-2", BuildStatus.SUCCEEDED, List.of());
        assertEquals("https://ap-southeast-2.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/"
                + "widgets/build/widgets%3A" + UUID + "/?region=ap-southeast-2", Links.build(build));
    }

    @Test
    void codeCommitLinksFollowTheRepositoryNotTheBuild() {
        Repository repo = Repository.parse("CODECOMMIT", "codecommit::eu-central-1://my-repo").orElseThrow();
        assertEquals("https://eu-central-1.console.aws.amazon.com/codesuite/codecommit/repositories/my-repo/commit/"
                + SHA + "?region=eu-central-1", Links.commit(repo, SHA));
    }
}
