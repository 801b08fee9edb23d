package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.Notification.Person;
import io.codebuildnotifier.notification.Notification.Severity;
import io.codebuildnotifier.notification.Notification.TestCase;
import io.codebuildnotifier.notification.Notification.Tests;
import io.codebuildnotifier.notification.NotificationKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind of notification in Block Kit: what it shows, within Slack's limits, whatever the text. */
class BlockKitMessagesTest {
    static final String BUILD_URL = "https://us-east-1.console.aws.amazon.com/codesuite/codebuild/123456789012/"
            + "projects/widgets-ci/build/widgets-ci%3A0b1c2d3e/?region=us-east-1";
    static final String LOGS_URL = "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEvent:"
            + "group=/aws/codebuild/widgets-ci;stream=0b1c2d3e";
    static final String COMMIT_URL = "https://github.com/acme/widgets/commit/c2199841d037cb5ae3fe3c263bd4834b4d2ac81c";
    static final String PR_URL = "https://github.com/acme/widgets/pull/42";
    static final List<String> OUR_LINKS = List.of("https://us-east-1.console.aws.amazon.com/",
            "https://console.aws.amazon.com/", "https://github.com/acme/widgets/");

    /** A failed PR build with everything a build message can show, changed by {@code change}. */
    static Notification failedBuild(UnaryOperator<List<Fact>> change, Person author, Tests tests) {
        List<Fact> facts = new ArrayList<>(List.of(new Fact(FactKey.PROJECT, "widgets-ci"),
                new Fact(FactKey.STATUS, "failed"), new Fact(FactKey.BUILD_ID, "widgets-ci:0b1c2d3e"),
                new Fact(FactKey.BUILD_NUMBER, "41"), new Fact(FactKey.DURATION, "4m 05s"),
                new Fact(FactKey.SHORT_COMMIT, "c219984"), new Fact(FactKey.SUBJECT, "Add widget size validation"),
                new Fact(FactKey.SOURCE_REF, "pr/42"), new Fact(FactKey.PR_TITLE, "Validate widget sizes"),
                new Fact(FactKey.FAILED_PHASE, "BUILD"), new Fact(FactKey.FAILED_PHASE_STATUS, "failed"),
                new Fact(FactKey.FAILED_PHASE_MESSAGE, "Error while executing command: ./mvnw -B verify. Reason: "
                        + "exit status 1"),
                new Fact(FactKey.STREAK, "2nd failure in a row, failing since 14:02 UTC")));
        return new Notification(NotificationKey.build("widgets-ci:0b1c2d3e"), Notification.Kind.BUILD_RESULT,
                Severity.FAILURE, "t", change.apply(facts),
                List.of(new Link(LinkKey.BUILD, BUILD_URL, "widgets-ci build"),
                        new Link(LinkKey.COMMIT, COMMIT_URL, "c219984"),
                        new Link(LinkKey.SOURCE_REF, PR_URL, "pr/42"),
                        new Link(LinkKey.LOGS, LOGS_URL, "logs")),
                List.of(author), List.of()).withTests(tests);
    }

    static final Person JANE = new Person(Person.Role.AUTHOR, "Jane Doe", "jane@example.com");

    static Tests threeFailed() {
        return new Tests(Tests.State.READY, 120, 115, 3, 2, List.of(
                new TestCase("WidgetTest.rejectsNegativeSize", "expected an exception at WidgetTest.java:12", true),
                new TestCase("WidgetTest.roundsHalfEven", "expected 3 but was 2", false)), 1, 83.4);
    }

    static SlackWire wire(Notification n) {
        return SlackWire.of(SlackMessages.render(n));
    }

    /** Within Block Kit's limits, and every text safe to post. */
    static SlackWire assertValid(Notification n) {
        return assertValid(n, List.of());
    }

    /** As {@link #assertValid(Notification)}, mentioning only these members. */
    static SlackWire assertValid(Notification n, List<String> mentions) {
        SlackWire wire = wire(n);
        assertEquals(List.of(), wire.problems(), "Block Kit problems");
        SlackSafety.assertSafe(wire.text(), BlockKit.MESSAGE_TEXT + 1, OUR_LINKS);
        for (String text : wire.texts()) {
            SlackSafety.assertSafe(text, BlockKit.SECTION_TEXT + 1, OUR_LINKS, mentions);
        }
        return wire;
    }

    @Test
    void aFailedBuildReadsAsSlackShowsIt() {
        Notification n = failedBuild(f -> f, JANE, threeFailed());

        assertEquals(String.join("\n",
                "💔 *widgets-ci #41* failed · 4m 05s",
                "┃ Jane Doe's commit c219984 (Add widget size validation)",
                "┃ in pr/42: Validate widget sizes",
                "┃ BUILD phase failed: Error while executing command: ./mvnw -B verify. Reason: exit status 1",
                "┃ *3 of 120 tests failed*, 2 skipped · line coverage 83.4%",
                "┃ • 🆕 WidgetTest.rejectsNegativeSize: expected an exception at WidgetTest.java:12",
                "┃ • WidgetTest.roundsHalfEven: expected 3 but was 2 _(already failing)_",
                "┃ … and 1 more",
                "┃ 2nd failure in a row, failing since 14:02 UTC",
                "┃ [View build] [View logs]"), SlackMessages.readable(n));
        assertEquals("danger", SlackMessages.color(n));
    }

    @Test
    void theHeadlineIsTheMessagesOwnBlockAndTheDetailsAreInTheColouredAttachment() throws Exception {
        SlackWire wire = assertValid(failedBuild(f -> f, JANE, threeFailed()));
        com.fasterxml.jackson.databind.JsonNode blocks = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(wire.blocksJson());
        assertEquals(1, blocks.size());
        assertEquals(":broken_heart: *<" + BUILD_URL + "|widgets-ci #41>* failed · 4m 05s",
                blocks.get(0).path("text").path("text").asText());
        assertEquals("mrkdwn", blocks.get(0).path("text").path("type").asText());
        com.fasterxml.jackson.databind.JsonNode attachment = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(wire.attachmentsJson()).get(0);
        assertEquals("danger", attachment.path("color").asText());
        assertEquals(wire.text(), attachment.path("fallback").asText());
        assertFalse(attachment.has("text"), "no legacy text: the blocks say it");
        assertEquals("Jane Doe's widgets-ci build #41 - failed: pr/42 c219984", wire.text(),
                "the fallback, for notifications: one plain line");
    }

    @Test
    void linkButtonsForTheBuildAndItsLogs() {
        List<String[]> buttons = wire(failedBuild(f -> f, JANE, Tests.NONE)).buttons();
        assertEquals(2, buttons.size());
        assertEquals(List.of("View build", BUILD_URL), List.of(buttons.get(0)));
        assertEquals(List.of("View logs", LOGS_URL), List.of(buttons.get(1)));

        Notification noLogs = failedBuild(f -> f, JANE, Tests.NONE);
        noLogs = new Notification(noLogs.key(), noLogs.kind(), noLogs.severity(), noLogs.title(), noLogs.facts(),
                noLogs.links().stream().filter(l -> l.key() != LinkKey.LOGS).toList(), noLogs.people(), List.of());
        assertEquals(List.of("View build"), wire(noLogs).buttons().stream().map(b -> b[0]).toList());
        assertTrue(SlackMessages.readable(noLogs).endsWith("┃ [View build]"), SlackMessages.readable(noLogs));
    }

    @Test
    void theAuthorIsMentionedWhenTheirSlackIdIsKnown() {
        SlackWire wire = assertValid(failedBuild(f -> f, JANE.withChatId("U0JANE0001"), Tests.NONE),
                List.of("U0JANE0001"));
        assertTrue(wire.shown().contains("\n<@U0JANE0001>'s commit <" + COMMIT_URL + "|c219984>"), wire.shown());
        assertFalse(wire.text().contains("<@"), "the fallback names, it does not ping twice: " + wire.text());
        assertTrue(SlackMessages.readable(failedBuild(f -> f, JANE.withChatId("U0JANE0001"), Tests.NONE))
                .contains("┃ @U0JANE0001's commit c219984"));
    }

    @Test
    void aChatIdThatIsNotAMemberIdIsNeverMentionedAndTheNameIsEscaped() {
        Person mallory = new Person(Person.Role.AUTHOR, "Mallory <!here>", "m@example.com", "<!channel>");
        SlackWire wire = assertValid(failedBuild(f -> f, mallory, Tests.NONE));
        assertTrue(wire.shown().contains("\nMallory &lt;!here&gt;'s commit"), wire.shown());
    }

    @Test
    void aBranchBuildWithoutPullRequestTitleOrDurationOrNumber() {
        Notification n = failedBuild(f -> {
            f.removeIf(x -> x.key() == FactKey.PR_TITLE || x.key() == FactKey.DURATION
                    || x.key() == FactKey.BUILD_NUMBER || x.key() == FactKey.STREAK);
            f.replaceAll(x -> x.key() == FactKey.SOURCE_REF ? new Fact(FactKey.SOURCE_REF, "branch/main") : x);
            return f;
        }, JANE, Tests.NONE);
        String readable = SlackMessages.readable(n);
        assertTrue(readable.startsWith("💔 *widgets-ci* failed\n┃ Jane Doe's commit"), readable);
        assertTrue(readable.contains("\n┃ in branch/main\n"), readable);
        assertEquals("Jane Doe's widgets-ci build - failed: branch/main c219984", wire(n).text());
    }

    @Test
    void allTestsPassed() {
        String readable = SlackMessages.readable(failedBuild(f -> f, JANE,
                new Tests(Tests.State.READY, 120, 120, 0, 0, List.of(), 0, -1)));
        assertTrue(readable.contains("\n┃ 120 tests passed\n"), readable);
        assertFalse(readable.contains("coverage"), readable);

        String skipped = SlackMessages.readable(failedBuild(f -> f, JANE,
                new Tests(Tests.State.READY, 1, 0, 0, 1, List.of(), 0, 91.25)));
        assertTrue(skipped.contains("\n┃ 0 of 1 test passed, 1 skipped · line coverage 91.2%\n")
                || skipped.contains("\n┃ 0 of 1 test passed, 1 skipped · line coverage 91.3%\n"), skipped);

        String coverageOnly = SlackMessages.readable(failedBuild(f -> f, JANE,
                new Tests(Tests.State.READY, 0, 0, 0, 0, List.of(), 0, 83.4)));
        assertTrue(coverageOnly.contains("\n┃ Line coverage 83.4%\n"), coverageOnly);
    }

    @Test
    void aReportNotReadySaysSoAndNoReportSaysNothing() {
        SlackWire notReady = assertValid(failedBuild(f -> f, JANE, Tests.notReady()));
        assertTrue(notReady.shown().contains(":hourglass_flowing_sand: Test report not ready"), notReady.shown());
        SlackWire none = assertValid(failedBuild(f -> f, JANE, Tests.NONE));
        assertFalse(none.shown().toLowerCase(java.util.Locale.ROOT).contains("test"), none.shown());
    }

    @Test
    void newFailuresAreMarkedAndTheOthersSayTheyWereAlreadyFailing() {
        List<String> texts = assertValid(failedBuild(f -> f, JANE, threeFailed())).texts();
        String tests = texts.stream().filter(t -> t.contains("tests failed")).findFirst().orElseThrow();
        assertEquals(String.join("\n", "*3 of 120 tests failed*, 2 skipped · line coverage 83.4%",
                "• :new: WidgetTest.rejectsNegativeSize: expected an exception at WidgetTest.java:12",
                "• WidgetTest.roundsHalfEven: expected 3 but was 2 _(already failing)_",
                "… and 1 more"), tests);
    }

    @Test
    void testNamesAndMessagesAreEscapedAndClipped() {
        Tests hostile = new Tests(Tests.State.READY, 2, 0, 2, 0, List.of(
                new TestCase("<!channel> & <@U0BOB00002>", "<https://evil.example|click> & more", true),
                new TestCase("x".repeat(10_000), "&".repeat(10_000), false)), 0, -1);
        SlackWire wire = assertValid(failedBuild(f -> f, JANE, hostile));
        assertTrue(wire.shown().contains("• :new: &lt;!channel&gt; &amp; &lt;@U0BOB00002&gt;: "
                + "&lt;https://evil.example|click&gt; &amp; more"), wire.shown());
        assertTrue(wire.shown().contains("• " + "x".repeat(SlackMessages.MAX_TEST_NAME) + "…: "
                + "&amp;".repeat(SlackMessages.MAX_TEST_MESSAGE) + "…"), "clipped before escaping");
    }

    @Test
    void theStoryIsToldInPlainSentencesEscaped() {
        Notification n = failedBuild(f -> {
            f.add(new Fact(FactKey.FLAKY, "flaky? commit c219984 failed in build #41 and passed in #42"));
            f.add(new Fact(FactKey.BROKEN_BY, "broken by Mallory <!here> in abc1234"));
            f.add(new Fact(FactKey.SINCE_LAST_PASS, "since the last pass: Alice & Bob"));
            f.add(new Fact(FactKey.FIXED_BY, "fixed by Bob in def5678"));
            return f;
        }, JANE, Tests.NONE);
        SlackWire wire = assertValid(n);
        assertTrue(wire.shown().contains(String.join("\n", "2nd failure in a row, failing since 14:02 UTC",
                "flaky? commit c219984 failed in build #41 and passed in #42",
                "broken by Mallory &lt;!here&gt; in abc1234", "since the last pass: Alice &amp; Bob",
                "fixed by Bob in def5678")), wire.shown());
    }

    @Test
    void oversizedTextStaysWithinBlockKitsLimits() {
        String huge = "<&>".repeat(5_000);
        List<TestCase> failures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            failures.add(new TestCase(huge + i, huge, i % 2 == 0));
        }
        Notification n = failedBuild(f -> {
            f.replaceAll(x -> x.key() == FactKey.BUILD_ID || x.key() == FactKey.STATUS ? x
                    : new Fact(x.key(), huge));
            for (FactKey story : List.of(FactKey.FLAKY, FactKey.BROKEN_BY, FactKey.SINCE_LAST_PASS, FactKey.FIXED_BY)) {
                f.add(new Fact(story, huge));
            }
            return f;
        }, new Person(Person.Role.AUTHOR, huge, huge), new Tests(Tests.State.READY, 100_000, 0, 100_000, 0, failures,
                99_995, 12.5));

        SlackWire wire = assertValid(n);
        assertTrue(wire.texts().size() > 5, "spread over sections: " + wire.texts().size());
        assertTrue(SlackMessages.readable(n).endsWith("[View build] [View logs]"));
    }

    @Test
    void aMonoreposThousandProjectsFitInOneMessage() {
        List<Notification.Part> parts = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            parts.add(new Notification.Part("p" + i + "-<&>".repeat(30), i % 3 == 0 ? Severity.FAILURE
                    : i % 3 == 1 ? Severity.TIMEOUT : Severity.SUCCESS, i % 3 == 0 ? "failed" : i % 3 == 1
                    ? "timed out" : "succeeded", BUILD_URL + "#" + "y".repeat(200)));
        }
        Notification rollup = new Notification(new NotificationKey("commit:x@y"), Notification.Kind.COMMIT_ROLLUP,
                Severity.FAILURE, "t", List.of(new Fact(FactKey.REPOSITORY, "acme/widgets"),
                new Fact(FactKey.SHORT_COMMIT, "c219984"), new Fact(FactKey.SUBJECT, "<!channel> " + "s".repeat(500)),
                new Fact(FactKey.SOURCE_REF, "branch/main"), new Fact(FactKey.FINISHED, "1000")),
                List.of(new Link(LinkKey.COMMIT, COMMIT_URL, "c219984")), List.of(JANE), List.of(), parts);
        SlackWire wire = assertValid(rollup);
        assertTrue(wire.shown().contains(" more"), "what does not fit is counted");
    }

    @ParameterizedTest
    @EnumSource(Notification.Kind.class)
    void everyKindIsValidBlockKitWithItsMetadata(Notification.Kind kind) {
        Notification.Metadata metadata = new Notification.Metadata("codebuild_build_finished",
                Map.of("project", "widgets-ci", "build_number", 41, "tests", Map.of("failed", 3)));
        Notification n = failedBuild(f -> {
            f.add(new Fact(FactKey.EMAIL, "carol@example.com"));
            f.add(new Fact(FactKey.ERROR, "users_not_found"));
            f.add(new Fact(FactKey.REPOSITORY, "acme/widgets"));
            f.add(new Fact(FactKey.FINISHED, "1"));
            return f;
        }, JANE, threeFailed());
        n = new Notification(n.key(), kind, n.severity(), n.title(), n.facts(), n.links(), n.people(), n.actions(),
                List.of(new Notification.Part("unit", Severity.FAILURE, "failed", BUILD_URL)), n.tests(), metadata,
                "");
        SlackWire wire = assertValid(n);
        assertEquals("codebuild_build_finished", wire.metadata().path("event_type").asText());
        assertEquals(41, wire.metadata().path("event_payload").path("build_number").asInt());
        assertEquals(3, wire.metadata().path("event_payload").path("tests").path("failed").asInt());
        assertTrue(wire(n.withMetadata(Notification.Metadata.NONE)).metadata().isMissingNode());
    }

    @Test
    void theAdminNoticeNamesWhatItIsAbout() {
        Notification notice = new Notification(new NotificationKey("build:widgets-ci:0b1c2d3e"),
                Notification.Kind.PERSON_NOT_FOUND, Severity.WARNING, "t", List.of(
                new Fact(FactKey.EMAIL, "carol@example.com"), new Fact(FactKey.ERROR, "users_not_found"),
                new Fact(FactKey.PROJECT, "billing-ci"), new Fact(FactKey.SHORT_COMMIT, "4eb06e0"),
                new Fact(FactKey.BUILD_ID, "billing-ci:6d6028c1")), List.of(), List.of(), List.of());
        SlackWire wire = assertValid(notice);
        assertEquals(String.join("\n",
                "⚠️ CodeBuild notifier: Slack user lookup by email for carol@example.com failed with error: "
                        + "users_not_found",
                "┃ project billing-ci · commit 4eb06e0 · build billing-ci:6d6028c1",
                "┃ Add the address to the Slack alias table to route it to a workspace email."),
                SlackMessages.readable(notice));
        assertEquals(":warning: CodeBuild notifier: Slack user lookup by email for carol@example.com failed with "
                + "error: users_not_found (billing-ci, commit 4eb06e0 of billing-ci:6d6028c1). Add the address to "
                + "the Slack alias table to route it to a workspace email.", wire.text());
        assertEquals("warning", SlackMessages.color(notice));
    }

    @Test
    void theAdminNoticeWithOnlyTheAddress() {
        Notification notice = new Notification(new NotificationKey("admin:1"), Notification.Kind.PERSON_NOT_FOUND,
                Severity.WARNING, "t", List.of(new Fact(FactKey.EMAIL, "<!channel>@evil.example"),
                new Fact(FactKey.ERROR, "users_not_found")), List.of(), List.of(), List.of());
        SlackWire wire = assertValid(notice);
        assertTrue(wire.text().contains("&lt;!channel&gt;@evil.example failed with error: users_not_found. Add"),
                wire.text());
        assertEquals(2, wire.texts().size(), wire.shown());
    }

    @Test
    void theReadableRenderingOfWhatWentOverTheWireIsTheSame() {
        Notification n = failedBuild(f -> f, JANE.withChatId("U0JANE0001"), threeFailed());
        SlackWire wire = wire(n);
        assertEquals(SlackMessages.readable(n), SlackMessages.readable(wire.text(), wire.blocksJson(),
                wire.attachmentsJson()));
        assertEquals("a <b> & c, see label", SlackMessages.readable("a &lt;b&gt; &amp; c, see <https://x|label>",
                null, null), "without blocks, the text is what Slack shows");
    }
}
