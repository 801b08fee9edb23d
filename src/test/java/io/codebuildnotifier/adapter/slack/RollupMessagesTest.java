package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.Notification.Part;
import io.codebuildnotifier.notification.Notification.Severity;
import io.codebuildnotifier.notification.NotificationKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a commit's rollup reads in Slack. */
class RollupMessagesTest {
    private static Notification rollup(String subject, List<Part> parts, String expected) {
        List<Fact> facts = new ArrayList<>(List.of(new Fact(FactKey.REPOSITORY, "acme/widgets"),
                new Fact(FactKey.SHORT_COMMIT, "abc1234"), new Fact(FactKey.SUBJECT, subject),
                new Fact(FactKey.SOURCE_REF, "branch/main"), new Fact(FactKey.FINISHED, Integer.toString(parts.size()))));
        if (expected != null) {
            facts.add(new Fact(FactKey.EXPECTED, expected));
        }
        return new Notification(new NotificationKey("commit:https://github.com/acme/widgets@abc1234"),
                Notification.Kind.COMMIT_ROLLUP, Severity.FAILURE, "t", facts,
                List.of(new Link(LinkKey.COMMIT, "https://github.com/acme/widgets/commit/abc1234", "abc1234"),
                        new Link(LinkKey.SOURCE_REF, "https://github.com/acme/widgets/tree/main", "branch/main")),
                List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Jane <Doe>", "jane@example.com")),
                List.of(), parts);
    }

    private static String shown(Notification rollup) {
        return SlackWire.of(SlackMessages.render(rollup)).shown();
    }

    @Test
    void everyProjectsResultOnOneLineWithHowManyFinished() {
        String text = shown(rollup("Split *the* module", List.of(
                new Part("integration", Severity.FAILURE, "failed", "https://console/i"),
                new Part("lint", Severity.SUCCESS, "succeeded", "https://console/l"),
                new Part("unit", Severity.SUCCESS, "succeeded", "https://console/u")), "5"));

        assertEquals(":broken_heart: acme/widgets @ <https://github.com/acme/widgets/commit/abc1234|abc1234> "
                + "(Split *the* module): 3 of 5 finished\n"
                + "Jane &lt;Doe&gt; · <https://github.com/acme/widgets/tree/main|branch/main>\n"
                + "<https://console/i|integration> :x:  <https://console/l|lint> :white_check_mark:  "
                + "<https://console/u|unit> :white_check_mark:", text);
    }

    @Test
    void whatDidNotPassGetsALineSayingWhatWentWrong_failuresFirst() {
        String text = shown(rollup("Split the module", List.of(
                new Part("api", Severity.SUCCESS, "passed", "https://console/a", "1m 10s · Fixed after 2 failed builds (1h 02m)"),
                new Part("integration", Severity.FAILURE, "failed", "https://console/i",
                        "4m 05s · BUILD phase failed · 3 of 120 tests failed · <2nd> failure in a row"),
                new Part("unit", Severity.SUCCESS, "passed", "https://console/u", "")), null));

        assertTrue(text.endsWith("\n:x: <https://console/i|integration>: 4m 05s · BUILD phase failed · 3 of 120 tests "
                + "failed · &lt;2nd&gt; failure in a row\n"
                + ":white_check_mark: <https://console/a|api>: 1m 10s · Fixed after 2 failed builds (1h 02m)"), text);
        assertFalse(text.contains("unit>:"), "a plain pass says nothing more");
    }

    @Test
    void atMostTenProjectsGetALineOfTheirOwn() {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            parts.add(new Part("p" + i, Severity.FAILURE, "failed", "https://console/" + i, "BUILD phase failed"));
        }
        String text = shown(rollup("Many", parts, null));

        assertEquals(10, text.lines().filter(l -> l.endsWith(": BUILD phase failed")).count(), text);
        assertTrue(text.contains("\n… and 4 more"), text);
    }

    @Test
    void withNothingMoreExpectedItSaysHowManyFinished() {
        String text = shown(rollup("x", List.of(new Part("unit", Severity.TIMEOUT, "timed out", "")),
                null));

        assertTrue(text.contains(": 1 finished\n"), text);
        assertTrue(text.endsWith("unit :hourglass:"), text);
    }

    @Test
    void aMonoreposHundredsAreGroupedFailuresFirstAndLinked() {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean failed = i % 4 == 1;
            parts.add(new Part(String.format("service-%03d-ci", i), failed ? Severity.FAILURE : Severity.SUCCESS,
                    failed ? "failed" : "succeeded", "https://us-east-1.console.aws.amazon.com/codesuite/codebuild/"
                    + "123456789012/projects/service-" + i + "/build/service-" + i
                    + "%3A0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/?region=us-east-1"));
        }
        SlackWire wire = SlackWire.of(SlackMessages.render(rollup("x", parts, null)));
        List<String> texts = wire.texts();
        String failed = texts.stream().filter(t -> t.contains(":x:")).reduce("", (a, b) -> a + "  " + b);
        List<String> passes = texts.stream().filter(t -> t.contains("service-") && !t.contains(":x:")).toList();

        assertTrue(texts.get(2).startsWith(":x: 50 failed: <https://"), texts.get(2).substring(0, 80));
        assertTrue(failed.contains("|service-001-ci> :x:"));
        assertTrue(failed.contains("|service-197-ci> :x:"), "every failure is named and linked");
        assertTrue(passes.get(0).startsWith(":white_check_mark: 150 succeeded: service-000-ci :white_check_mark:  "
                + "service-002-ci :white_check_mark:"), passes.get(0).substring(0, 120));
        assertTrue(passes.getLast().endsWith("service-199-ci :white_check_mark:"), "every pass is named");
        assertTrue(texts.size() > 4, "the lists are spread over sections: " + texts.size());
        assertEquals(List.of(), wire.problems(), "within Block Kit's limits");
        assertTrue(wire.text().contains("50 failed, 150 succeeded, 200 finished"), wire.text());
        assertEquals("View commit", wire.buttons().get(0)[0]);
    }

    @Test
    void whatDoesNotFitIsCounted() {
        List<Part> parts = new ArrayList<>();
        String longUrl = "https://console/" + "x".repeat(400);
        for (int i = 0; i < 200; i++) {
            parts.add(new Part("p" + i, Severity.FAILURE, "failed", longUrl));
        }
        String text = shown(rollup("x", parts, null));

        assertTrue(text.length() <= SlackMessages.MAX_PARTS_TEXT + 1_000, "bounded: " + text.length());
        assertEquals(List.of(), SlackWire.of(SlackMessages.render(rollup("x", parts, null))).problems());
        assertTrue(text.matches("(?s).* … and \\d+ more$"), text.substring(text.length() - 60));
    }
}
