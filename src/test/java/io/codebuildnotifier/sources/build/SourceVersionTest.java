package io.codebuildnotifier.sources.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceVersionTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Nested
    class Classify {

        @ParameterizedTest(name = "{0} -> pr/{1}")
        @CsvSource({
                "pr/42,                      42",
                "refs/pull/42/head,          42",
                "refs/pull/42/merge,         42",
                "refs/pull/42/head^{" + SHA + "},  42",
                "refs/pull/42/merge^{" + SHA + "}, 42",
                "pull/7/head,                7",
        })
        void pullRequestVersionsNameThePullRequest(String sourceVersion, String number) {
            assertEquals(new SourceVersion.Ref(SourceRef.pullRequest(number)),
                    SourceVersion.classify(sourceVersion, SHA));
        }

        @ParameterizedTest(name = "{0} -> branch/{1}")
        @CsvSource({
                "refs/heads/main,                main",
                "refs/heads/main^{" + SHA + "},  main",
                "refs/heads/feature/x^{sha},     feature/x",
                "develop,                        develop",
                "feature/foo,                    feature/foo",
                // hex-looking names that do not prefix the resolved commit are branches
                "cafe,                           cafe",
                "deadbeef,                       deadbeef",
                "DEADBEEF,                       DEADBEEF",
        })
        void branchVersionsNameTheBranch(String sourceVersion, String branch) {
            assertEquals(new SourceVersion.Ref(SourceRef.branch(branch)),
                    SourceVersion.classify(sourceVersion, SHA));
        }

        @ParameterizedTest(name = "''{0}'' is a commit")
        @ValueSource(strings = {
                SHA,
                "0123456789ABCDEF0123456789ABCDEF01234567", // upper case full SHA
                "0123456",                                  // abbreviated, prefixes the commit
                "0123456789abcdef",                         // longer abbreviation
                "",
                "   ",
        })
        void shasAndEmptyVersionsAreCommits(String sourceVersion) {
            assertInstanceOf(SourceVersion.Commit.class, SourceVersion.classify(sourceVersion, SHA));
        }

        @Test
        void nullVersionIsACommit() {
            assertInstanceOf(SourceVersion.Commit.class, SourceVersion.classify(null, SHA));
        }

        @Test
        void aFullShaIsACommitEvenWhenTheResolvedCommitIsUnknown() {
            assertInstanceOf(SourceVersion.Commit.class, SourceVersion.classify(SHA, ""));
        }

        @Test
        void anAbbreviatedShaIsABranchNameWhenThereIsNoResolvedCommitToCompare() {
            assertEquals(new SourceVersion.Ref(SourceRef.branch("0123456")),
                    SourceVersion.classify("0123456", ""));
        }

        @ParameterizedTest(name = "{0} is neither a PR, a branch nor a commit")
        @ValueSource(strings = {
                "refs/tags/v1.0",
                "refs/tags/v1.0^{" + SHA + "}",
                "arn:aws:s3:::bucket/key",
                "refs/heads/",
        })
        void tagsArtifactsAndEmptyBranchesAreOther(String sourceVersion) {
            assertInstanceOf(SourceVersion.Other.class, SourceVersion.classify(sourceVersion, SHA));
        }
    }

    @Nested
    class FromExportedVariables {

        @Test
        void pullRequestTrigger() {
            assertEquals(Optional.of(SourceRef.pullRequest("42")),
                    SourceVersion.fromExportedVariables(Map.of("CODEBUILD_WEBHOOK_TRIGGER", "pr/42")));
        }

        @Test
        void branchTrigger() {
            assertEquals(Optional.of(SourceRef.branch("feature/x")),
                    SourceVersion.fromExportedVariables(Map.of("CODEBUILD_WEBHOOK_TRIGGER", "branch/feature/x")));
        }

        @Test
        void headRefAloneIsOnlyABranchHint() {
            // a PR build's head ref names the PR's branch: alone, it cannot say PR or branch
            Map<String, String> exported = Map.of("CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/feature/x");
            assertEquals(Optional.empty(), SourceVersion.fromExportedVariables(exported));
            assertEquals(Optional.of("feature/x"), SourceVersion.exportedHeadBranch(exported));
        }

        @Test
        void triggerWinsOverHeadRef() {
            // a PR build exports both: the head ref is the PR's branch, the trigger is the PR
            Map<String, String> exported = Map.of(
                    "CODEBUILD_WEBHOOK_TRIGGER", "pr/42",
                    "CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/feature/x");
            assertEquals(Optional.of(SourceRef.pullRequest("42")), SourceVersion.fromExportedVariables(exported));
        }

        @Test
        void junkTriggerIsIgnored() {
            Map<String, String> exported = Map.of(
                    "CODEBUILD_WEBHOOK_TRIGGER", "tag/v1.0",
                    "CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/main");
            assertEquals(Optional.empty(), SourceVersion.fromExportedVariables(exported));
            assertEquals(Optional.of("main"), SourceVersion.exportedHeadBranch(exported));
        }

        @Test
        void nothingExported() {
            assertEquals(Optional.empty(), SourceVersion.fromExportedVariables(Map.of()));
            assertEquals(Optional.empty(), SourceVersion.fromExportedVariables(Map.of("OTHER", "pr/1")));
        }

        @ParameterizedTest(name = "trigger ''{0}'' is ignored")
        @ValueSource(strings = {"", "  ", "pr/", "branch/", "tag/v1.0", "42", "main", "refs/heads/main"})
        void junkTriggersAreIgnored(String trigger) {
            assertEquals(Optional.empty(),
                    SourceVersion.fromExportedVariables(Map.of("CODEBUILD_WEBHOOK_TRIGGER", trigger)));
        }

        @ParameterizedTest(name = "head ref ''{0}'' is ignored")
        @ValueSource(strings = {"", "  ", "refs/heads/", "main", "refs/tags/v1.0", "refs/pull/42/head"})
        void junkHeadRefsAreIgnored(String headRef) {
            assertEquals(Optional.empty(),
                    SourceVersion.fromExportedVariables(Map.of("CODEBUILD_WEBHOOK_HEAD_REF", headRef)));
        }

        @Test
        void nullValuesAreIgnored() {
            Map<String, String> exported = new HashMap<>();
            exported.put("CODEBUILD_WEBHOOK_TRIGGER", null);
            exported.put("CODEBUILD_WEBHOOK_HEAD_REF", null);
            assertEquals(Optional.empty(), SourceVersion.fromExportedVariables(exported));
        }
    }

    @Nested
    class SourceRefText {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"pr/42", "branch/main", "branch/feature/x", "branch/release-1.2"})
        void parseAndToStringRoundTrip(String value) {
            assertEquals(value, SourceRef.parse(value).orElseThrow().toString());
        }

        @Test
        void parseReadsKindAndName() {
            assertEquals(Optional.of(new SourceRef(SourceRef.Kind.PULL_REQUEST, "42")), SourceRef.parse(" pr/42 "));
            assertEquals(Optional.of(new SourceRef(SourceRef.Kind.BRANCH, "feature/x")),
                    SourceRef.parse("branch/feature/x"));
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"", "pr/", "branch/", "main", "tag/v1", "refs/heads/main"})
        void parseRejectsOtherText(String value) {
            assertEquals(Optional.empty(), SourceRef.parse(value));
        }

        @Test
        void branchNameOnlyForBranches() {
            assertEquals(Optional.of("main"), SourceRef.branch("main").branchName());
            assertEquals(Optional.empty(), SourceRef.pullRequest("42").branchName());
        }
    }
}
