package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.BuildStatus;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.sources.build.SourceRef;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackMessagesTest {

    private static final String UUID = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    private static final String BUILD_LINK_EU = "https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/"
            + "123456789012/projects/widgets/build/widgets%3A" + UUID + "/?region=eu-west-1";
    private static final Build.Phase BUILD_PHASE_FAILED = new Build.Phase("BUILD", "FAILED",
            "Error while executing commands: mvn verify. Reason: exit status 1");

    private static final Repository GITHUB =
            Repository.parse("GITHUB", "https://github.com/octo/widgets.git").orElseThrow();
    private static final Commit ADAS_COMMIT = Commit.of(SHA, "Ada Lovelace", "ada@example.com",
            "Ada Lovelace", "ada@example.com", "Fix the flux capacitor\n\nIt was upside down.");

    private final BuildMessages renderer = new BuildMessages();

    private static Build build(String region, BuildStatus status, List<Build.Phase> phases) {
        return new Build("widgets:" + UUID, "arn:aws:codebuild:" + region + ":123456789012:build/widgets:" + UUID,
                "widgets", Instant.parse("2024-05-01T10:00:00Z"), status, "pr/42", SHA, "GITHUB",
                "https://github.com/octo/widgets.git", "GitHub-Hookshot/abc", "", Map.of(), phases);
    }

    private static Build build(BuildStatus status) {
        return build("eu-west-1", status, status.passed() ? List.of() : List.of(BUILD_PHASE_FAILED));
    }

    @Test
    void failedGitHubPullRequestBuild() {
        BuildMessages.BuildMessage message = renderer.render(build(BuildStatus.FAILED), BuildStatus.FAILED, ADAS_COMMIT, GITHUB,
                SourceRef.pullRequest("42"));

        assertEquals(String.join("\n",
                ":broken_heart: *<" + BUILD_LINK_EU + "|widgets>* failed",
                "Ada Lovelace's commit <https://github.com/octo/widgets/commit/" + SHA + "|4f2a9c1> (Fix the flux capacitor)",
                "in <https://github.com/octo/widgets/pull/42|pr/42>",
                "BUILD phase failed: Error while executing commands: mvn verify. Reason: exit status 1"),
                message.text());
        assertEquals("danger", message.color());
        assertEquals("Ada Lovelace's widgets build - failed: pr/42 4f2a9c1", message.fallback());
    }

    @Test
    void passingBranchBuild() {
        BuildMessages.BuildMessage message = renderer.render(build(BuildStatus.SUCCEEDED), BuildStatus.SUCCEEDED, ADAS_COMMIT,
                GITHUB, SourceRef.branch("main"));

        assertEquals(String.join("\n",
                ":green_heart: *<" + BUILD_LINK_EU + "|widgets>* passed",
                "Ada Lovelace's commit <https://github.com/octo/widgets/commit/" + SHA + "|4f2a9c1> (Fix the flux capacitor)",
                "in <https://github.com/octo/widgets/tree/main|branch/main>"),
                message.text());
        assertEquals("good", message.color());
    }

    @Test
    void codeCommitBuildLinksToTheConsoleInTheRepositorysRegion() {
        Repository repo = Repository.parse("CODECOMMIT",
                "https://git-codecommit.us-west-2.amazonaws.com/v1/repos/my-repo").orElseThrow();
        String console = "https://us-west-2.console.aws.amazon.com/codesuite/codecommit/repositories/my-repo/";

        BuildMessages.BuildMessage pr = renderer.render(build("us-west-2", BuildStatus.FAILED, List.of()), BuildStatus.FAILED,
                ADAS_COMMIT, repo, SourceRef.pullRequest("7"));
        assertEquals(String.join("\n",
                ":broken_heart: *<https://us-west-2.console.aws.amazon.com/codesuite/codebuild/"
                        + "123456789012/projects/widgets/build/widgets%3A" + UUID
                        + "/?region=us-west-2|widgets>* failed",
                "Ada Lovelace's commit <" + console + "commit/" + SHA + "?region=us-west-2|4f2a9c1> (Fix the flux capacitor)",
                "in <" + console + "pull-requests/7/details?region=us-west-2|pr/7>"),
                pr.text());

        BuildMessages.BuildMessage branch = renderer.render(build("us-west-2", BuildStatus.SUCCEEDED, List.of()),
                BuildStatus.SUCCEEDED, ADAS_COMMIT, repo, SourceRef.branch("feature/x"));
        assertTrue(branch.text().endsWith(
                "\nin <" + console + "browse/refs/heads/feature/x?region=us-west-2|branch/feature/x>"),
                branch.text());
    }

    @Test
    void gitHubEnterpriseLinksStayOnTheEnterpriseHost() {
        Repository repo = Repository.parse("GITHUB_ENTERPRISE", "https://git.example.com/org/repo.git").orElseThrow();

        BuildMessages.BuildMessage pr = renderer.render(build(BuildStatus.FAILED), BuildStatus.FAILED, ADAS_COMMIT, repo,
                SourceRef.pullRequest("42"));
        assertTrue(pr.text().contains("<https://git.example.com/org/repo/commit/" + SHA + "|4f2a9c1>"), pr.text());
        assertTrue(pr.text().contains("<https://git.example.com/org/repo/pull/42|pr/42>"), pr.text());

        BuildMessages.BuildMessage branch = renderer.render(build(BuildStatus.SUCCEEDED), BuildStatus.SUCCEEDED, ADAS_COMMIT, repo,
                SourceRef.branch("main"));
        assertTrue(branch.text().contains("<https://git.example.com/org/repo/tree/main|branch/main>"), branch.text());
        assertFalse(pr.text().contains("github.com") || branch.text().contains("github.com"));
    }

    @Test
    void userTextIsEscaped() {
        Commit hostile = Commit.of(SHA, "Mallory <@U123>", "mallory@example.com",
                "Eve <!here>", "eve@example.com", "<!channel> & <https://evil|click>");
        Build build = build("eu-west-1", BuildStatus.FAILED,
                List.of(new Build.Phase("BUILD", "FAILED", "echo '<!everyone>' && exit 1")));

        BuildMessages.BuildMessage message = renderer.render(build, BuildStatus.FAILED, hostile, GITHUB,
                SourceRef.branch("fix/<!subteam>&co"));

        assertTrue(message.text().contains("\nMallory &lt;@U123&gt;'s commit <"), message.text());
        assertTrue(message.text().contains("(&lt;!channel&gt; &amp; &lt;https://evil|click&gt;)"), message.text());
        assertTrue(message.text().contains("echo '&lt;!everyone&gt;' &amp;&amp; exit 1"), message.text());
        assertSafe(message.text());
        assertSafe(message.fallback());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"feature/x", "fix/a&b<c>|d#e%f+g", "deps/bump-@types/node-20.1", "release/1.x/ü"})
    void branchNamesGiveValidLinks(String branchName) {
        BuildMessages.BuildMessage message = renderer.render(build(BuildStatus.SUCCEEDED), BuildStatus.SUCCEEDED, ADAS_COMMIT,
                GITHUB, SourceRef.branch(branchName));

        List<String[]> links = links(message.text());
        assertEquals(3, links.size(), message.text());
        String[] refLink = links.get(2);
        URI uri = URI.create(refLink[0]);
        assertEquals("github.com", uri.getHost());
        assertEquals("/octo/widgets/tree/" + branchName, uri.getPath());
        assertEquals("branch/" + Mrkdwn.escape(branchName).replace("|", "\u2223"), refLink[1]);
        assertSafe(message.text());
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({
            "SUCCEEDED, good,   :green_heart:",
            "FAILED,    danger, :broken_heart:",
            "FAULT,     danger, :broken_heart:",
            "TIMED_OUT, danger, :hourglass:",
    })
    void colourAndIcon(BuildStatus status, String colour, String icon) {
        BuildMessages.BuildMessage message = renderer.render(build(status), status, ADAS_COMMIT, GITHUB, SourceRef.branch("main"));
        assertEquals(colour, message.color());
        assertTrue(message.text().startsWith(icon + " "), message.text());
        assertTrue(message.text().lines().findFirst().orElseThrow().endsWith("* " + status.label()));
    }

    @Test
    void failedPhaseLineOnlyForFailures() {
        List<Build.Phase> phases = List.of(
                new Build.Phase("INSTALL", "SUCCEEDED", ""),
                new Build.Phase("BUILD", "TIMED_OUT", "Build timed out"),
                new Build.Phase("POST_BUILD", "FAILED", "later"));
        Build timedOut = build("eu-west-1", BuildStatus.TIMED_OUT, phases);

        String failedText = renderer.render(timedOut, BuildStatus.TIMED_OUT, ADAS_COMMIT, GITHUB,
                SourceRef.pullRequest("42")).text();
        assertTrue(failedText.endsWith("\nBUILD phase timed out: Build timed out"), failedText);
        assertEquals(4, failedText.lines().count());

        String passedText = renderer.render(timedOut, BuildStatus.SUCCEEDED, ADAS_COMMIT, GITHUB,
                SourceRef.pullRequest("42")).text();
        assertEquals(3, passedText.lines().count(), passedText);
    }

    @Test
    void failedPhaseWithoutMessage() {
        Build build = build("eu-west-1", BuildStatus.FAULT, List.of(new Build.Phase("PROVISIONING", "FAULT", "")));
        String text = renderer.render(build, BuildStatus.FAULT, ADAS_COMMIT, GITHUB, SourceRef.pullRequest("42")).text();
        assertTrue(text.endsWith("\nPROVISIONING phase fault"), text);
    }

    @Test
    void longPhaseMessagesAreTruncated() {
        String longMessage = "x".repeat(SlackMessages.MAX_PHASE_MESSAGE + 500);
        Build build = build("eu-west-1", BuildStatus.FAILED, List.of(new Build.Phase("BUILD", "FAILED", longMessage)));

        String text = renderer.render(build, BuildStatus.FAILED, ADAS_COMMIT, GITHUB, SourceRef.pullRequest("42")).text();

        String phaseLine = text.lines().reduce((a, b) -> b).orElseThrow();
        assertEquals("BUILD phase failed: " + "x".repeat(SlackMessages.MAX_PHASE_MESSAGE) + "\u2026", phaseLine);
    }

    @Test
    void truncationKeepsEscapesWhole() {
        // the cut happens before escaping, so an '&' near the limit never leaves a broken entity
        String message = "x".repeat(SlackMessages.MAX_PHASE_MESSAGE - 1) + "&&&&";
        Build build = build("eu-west-1", BuildStatus.FAILED, List.of(new Build.Phase("BUILD", "FAILED", message)));

        String text = renderer.render(build, BuildStatus.FAILED, ADAS_COMMIT, GITHUB, SourceRef.pullRequest("42")).text();

        assertTrue(text.endsWith("x&amp;\u2026"), text);
        assertSafe(text);
    }

    @Test
    void truncationDoesNotSplitACharacter() {
        String message = "x".repeat(SlackMessages.MAX_PHASE_MESSAGE - 1) + "\uD83C\uDF89 and more";
        Build build = build("eu-west-1", BuildStatus.FAILED, List.of(new Build.Phase("BUILD", "FAILED", message)));

        String text = renderer.render(build, BuildStatus.FAILED, ADAS_COMMIT, GITHUB, SourceRef.pullRequest("42")).text();

        assertTrue(text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE),
                "lone surrogate in: " + text);
    }

    @Test
    void authorFallsBackToEmail() {
        Commit noName = Commit.of(SHA, "", "ada@example.com", "", "ada@example.com", "Fix");
        String text = renderer.render(build(BuildStatus.SUCCEEDED), BuildStatus.SUCCEEDED, noName, GITHUB,
                SourceRef.branch("main")).text();
        assertTrue(text.contains("\nada@example.com's commit <"), text);
    }

    @Test
    void emptySubjectLeavesNoParentheses() {
        Commit noSubject = Commit.of(SHA, "Ada", "ada@example.com", "Ada", "ada@example.com", "");
        String text = renderer.render(build(BuildStatus.SUCCEEDED), BuildStatus.SUCCEEDED, noSubject, GITHUB,
                SourceRef.branch("main")).text();
        assertTrue(text.contains("|4f2a9c1>\nin <"), text);
    }

    /** The {@code <url|label>} links in a mrkdwn text, as {url, label} pairs. */
    private static List<String[]> links(String text) {
        List<String[]> links = new ArrayList<>();
        Matcher m = Pattern.compile("<([^<>]*)>").matcher(text);
        while (m.find()) {
            String[] parts = m.group(1).split("\\|", -1);
            assertEquals(2, parts.length, "one '|' per link: " + m.group());
            links.add(parts);
        }
        return links;
    }

    /**
     * No mention, no link but ours, no bare ampersand: every {@code <} opens one of our https links,
     * and every {@code &} starts an escape.
     */
    @Test
    void bidirectionalControlsNeverReachSlack() {
        // U+202E (right-to-left override) and U+2066..U+2069 (isolates) would reverse the rest of the line
        String rlo = "\u202E";
        Commit hostile = Commit.of(SHA, "Mallory " + rlo + "reversed", "mallory@example.com",
                "Eve\u2067x", "eve@example.com", "Fix " + rlo + "txt.exe\u2069 and \u202Aembedded\u202C");
        Build build = build("eu-west-1", BuildStatus.FAILED,
                List.of(new Build.Phase("BUILD", "FAILED", "exit " + rlo + "1\u2066")));

        BuildMessages.BuildMessage message = renderer.render(build, BuildStatus.FAILED, hostile, GITHUB,
                SourceRef.branch("main" + rlo + "evil\u2068"));

        for (String text : List.of(message.text(), message.fallback())) {
            assertTrue(text.codePoints().noneMatch(c -> (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)),
                    "a bidirectional control in: " + text);
        }
        assertTrue(message.text().contains("Mallory reversed's"), message.text());
        assertTrue(message.text().contains("(Fix txt.exe and embedded)"), message.text());
        assertTrue(message.text().contains("|branch/mainevil>"), message.text());
        assertTrue(message.text().endsWith("exit 1"), message.text());
    }

    private static void assertSafe(String text) {
        assertFalse(text.contains("<!"), text);
        assertFalse(text.contains("<@"), text);
        assertFalse(text.contains("<#"), text);
        for (String[] link : links(text)) {
            URI uri = URI.create(link[0]);
            assertEquals("https", uri.getScheme(), link[0]);
        }
        assertEquals(text.chars().filter(c -> c == '<').count(), links(text).size(), text);
        Matcher ampersand = Pattern.compile("&(?!amp;|lt;|gt;)").matcher(text);
        assertFalse(ampersand.find(), "bare & in: " + text);
    }
}
