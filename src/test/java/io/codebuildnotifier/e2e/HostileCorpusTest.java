package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus as a whole (every class's cases: {@link HostileEventsTest},
 * {@link HostileBuildsTest}, {@link HostileCommitsTest}, {@link HostileSlackTest}, {@link HostileChainEventsTest}), and the mrkdwn
 * checker every case's messages are judged by. Runs no case.
 */
class HostileCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<HostileInput.Case> corpus() {
        return Stream.of(HostileEventsTest.cases(), HostileBuildsTest.cases(), HostileCommitsTest.cases(),
                HostileSlackTest.cases(), HostileChainEventsTest.cases()).flatMap(List::stream);
    }

    @Test
    void theCorpusIsLargeItsNamesUniqueAndKnownBugsReal() {
        List<String> names = corpus().map(HostileInput.Case::name).toList();
        assertTrue(names.size() >= 50, "the corpus needs at least 50 cases");
        assertEquals(names.size(), names.stream().distinct().count(), "case names must be unique");
        assertEquals(List.of(), HostileInput.KNOWN_BUGS.keySet().stream().filter(name -> !names.contains(name)).toList(),
                "KNOWN_BUGS names a case that is not in the corpus");
    }

    @Test
    void theCheckerPassesWhatWeSendAndCatchesWhatWeMustNot() {
        HostileInput.assertSafeMrkdwn(":broken_heart: Eve &lt;eve&gt; &amp; co's "
                + "<https://us-east-1.console.aws.amazon.com/codesuite/codebuild/1/projects/p/build/p%3A1|p build>"
                + " - failed\ncommit <https://github.com/acme/widgets/commit/abc|abc1234> (&lt;!channel&gt; "
                + "\uD83D\uDE00 *ok*) in <https://github.com/acme/widgets/pull/42|pr/42>");
        HostileInput.assertSafeMrkdwn("");
        Map<String, String> unsafe = new LinkedHashMap<>();
        unsafe.put("<!channel> hi", "contains <!");
        unsafe.put("hey <@U0BOB00002>", "contains <@");
        unsafe.put("in <#C0BUILDS01>", "contains <#");
        unsafe.put("<https://evil.example|click>", "a link we did not make");
        unsafe.put("<https://github.com/acme/widgets/x|a> <b", "'<' outside a link");
        unsafe.put("1 > 0", "'>' outside a link");
        unsafe.put("Tom & Jerry", "'&' that is not an escape");
        unsafe.put("&amp &quot;", "'&' that is not an escape");
        unsafe.put("cut \uD83D", "broken surrogate pair");
        unsafe.put("\uDE00 alone", "broken surrogate pair");
        unsafe.put("tab\there", "control character U+0009");
        unsafe.put("nul\u0000", "control character U+0000");
        unsafe.put("x".repeat(HostileInput.TEXT_LIMIT), "characters, the limit is");
        unsafe.forEach((text, problem) -> {
            // user text never mentions anyone, not even a member the notifier itself would mention
            List<String> found = io.codebuildnotifier.adapter.slack.SlackSafety.problems(text, HostileInput.TEXT_LIMIT,
                    HostileInput.OUR_LINKS);
            assertTrue(found.stream().anyMatch(p -> p.contains(problem)),
                    () -> HostileInput.abbreviate(text) + ": expected '" + problem + "', found " + found);
            AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> io.codebuildnotifier.adapter.slack.SlackSafety.assertSafe(text, HostileInput.TEXT_LIMIT,
                            HostileInput.OUR_LINKS));
            assertTrue(error.getMessage().contains(problem), error.getMessage());
        });
        assertTrue(HostileInput.mrkdwnProblems("y".repeat(HostileInput.ATTACHMENT_TEXT_LIMIT - 1), HostileInput.ATTACHMENT_TEXT_LIMIT).isEmpty());
    }

    @Test
    void postsAreCheckedInTextAndEveryAttachmentField() {
        Sandbox.SlackPost clean = new Sandbox.SlackPost("U1", "D1", "a &amp; b",
                "[{\"text\":\"fine\",\"fallback\":\"fine\",\"color\":\"danger\"}]", null);
        assertEquals(List.of(), HostileInput.postProblems(clean));
        Sandbox.SlackPost badFallback = new Sandbox.SlackPost("U1", "D1", "fine",
                "[{\"text\":\"fine\"},{\"fallback\":\"<!here>\"}]", null);
        List<String> problems = HostileInput.postProblems(badFallback);
        assertTrue(!problems.isEmpty() && problems.stream().allMatch(p -> p.startsWith("attachment fallback: ")),
                problems.toString());
        Sandbox.SlackPost longAttachment = new Sandbox.SlackPost("U1", "D1", "fine",
                JSON.createArrayNode().add(JSON.createObjectNode().put("text", "z".repeat(5000))).toString(), null);
        assertEquals(List.of(), HostileInput.postProblems(longAttachment), "attachment text may run to 8,000 characters");
        Sandbox.SlackPost badBlock = new Sandbox.SlackPost("U1", "D1", "fine",
                "[{\"fallback\":\"fine\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\","
                        + "\"text\":\"<!channel>\"}}]}]", "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\","
                        + "\"text\":\"" + "w".repeat(3001) + "\"}}]");
        List<String> blockProblems = HostileInput.postProblems(badBlock);
        assertTrue(blockProblems.stream().anyMatch(p -> p.startsWith("block text: ") && p.contains("<!")),
                blockProblems.toString());
        assertTrue(blockProblems.stream().anyMatch(p -> p.startsWith("blocks: ") && p.contains("3001")),
                blockProblems.toString());
    }
}
