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

    @Test
    void everyProjectsResultOnOneLineWithHowManyFinished() {
        String text = SlackMessages.preview(rollup("Split *the* module", List.of(
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
    void withNothingMoreExpectedItSaysHowManyFinished() {
        String text = SlackMessages.preview(rollup("x", List.of(new Part("unit", Severity.TIMEOUT, "timed out", "")),
                null));

        assertTrue(text.contains(": 1 finished\n"), text);
        assertTrue(text.endsWith("unit :hourglass:"), text);
    }

    @Test
    void aHugeMonorepoListsTheFirstFortyAndCountsTheRest() {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            parts.add(new Part(String.format("p%03d", i), Severity.SUCCESS, "succeeded", "https://console/" + i));
        }
        String text = SlackMessages.preview(rollup("x", parts, null));

        assertTrue(text.endsWith(" … and 160 more"), text.substring(text.length() - 40));
        assertTrue(text.contains("|p039>"));
        assertFalse(text.contains("|p040>"));
        assertTrue(text.length() < 4000, "well within Slack's limits: " + text.length());
    }
}
