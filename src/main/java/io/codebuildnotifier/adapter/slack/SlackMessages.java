package io.codebuildnotifier.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.LinkKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lays a notification out for Slack, in Block Kit: a headline block (icon and what happened), the
 * details in blocks inside a legacy attachment (for the coloured bar), link buttons, and a plain
 * one-line {@code text} for notifications. Every piece of user text is clipped to a length Slack
 * shows well, then escaped (so that an escape is never cut in half); Block Kit's limits hold
 * ({@link BlockKit}).
 *
 * <p>A build result reads (as {@link #readable} renders it; {@code ┃} is the coloured bar):
 * <pre>
 * 💔 *widgets-ci #41* failed · 4m 05s
 * ┃ Jane Doe's commit c219984 (Add widget size validation)
 * ┃ in pr/42: Validate widget sizes
 * ┃ BUILD phase failed: Error while executing command: ./mvnw -B verify. Reason: exit status 1
 * ┃ *3 of 120 tests failed*, 2 skipped · line coverage 83.4%
 * ┃ • 🆕 WidgetTest.rejectsNegativeSize: expected an exception
 * ┃ • WidgetTest.roundsHalfEven: expected 3 but was 2 _(already failing)_
 * ┃ 2nd failure in a row, failing since 14:02 UTC
 * ┃ [View build] [View logs]
 * </pre>
 */
public final class SlackMessages {
    static final int MAX_PHASE_MESSAGE = 300;
    static final int MAX_NAME = 100;
    static final int MAX_SUBJECT = 250;
    static final int MAX_REF = 150;
    static final int MAX_STATUS = 50;
    static final int MAX_TEST_NAME = 150;
    static final int MAX_TEST_MESSAGE = 200;
    /** A story sentence from the core (a streak, who broke it); it may list several names. */
    static final int MAX_STORY = 400;
    /** The plain fallback before escaping: escaped (at most five characters for one), it stays within Slack's. */
    static final int MAX_FALLBACK = BlockKit.MESSAGE_TEXT / 5 - 10;
    private static final Pattern MEMBER_ID = Pattern.compile("^[UW][A-Z0-9]{2,20}$");

    private SlackMessages() {
    }

    /**
     * What Slack shows of a notification, as readable plain text: the blocks as sent (the attachment's
     * behind a {@code ┃} bar), links by their label, mentions as {@code @U…}, buttons as {@code [View build]}.
     * The top-level text is not shown: Slack shows it only where blocks cannot be (notifications).
     */
    public static String readable(Notification notification) {
        return ReadableText.of(render(notification));
    }

    /** As {@link #readable(Notification)}, for a message as it went over the wire (its fields' JSON; null for none). */
    public static String readable(String text, String blocksJson, String attachmentsJson) {
        return ReadableText.of(text, blocksJson, attachmentsJson);
    }

    /** The attachment colour of a notification: {@code good}, {@code warning} or {@code danger}. */
    public static String color(Notification notification) {
        return color(notification.severity());
    }

    static SlackMessage render(Notification n) {
        return switch (n.kind()) {
            case BUILD_RESULT -> buildResult(n);
            case COMMIT_ROLLUP -> commitRollup(n);
            case PERSON_NOT_FOUND -> personNotFound(n);
            case APPROVAL, PIPELINE_RUN, DEPLOYMENT, PUSH, DEPLOYED -> ChainMessages.render(n);
        };
    }

    /**
     * A message: its headline on top, its details within Block Kit's limits below, the fallback text (plain, escaped
     * here and clipped) and the severity's colour.
     */
    static SlackMessage message(Notification n, String fallbackPlain, String headline, List<LayoutBlock> details) {
        List<LayoutBlock> top = BlockKit.sections(List.of(headline));
        return new SlackMessage(Mrkdwn.escape(Mrkdwn.clip(fallbackPlain, MAX_FALLBACK)), top, color(n.severity()),
                BlockKit.capped(top, details), n.metadata());
    }

    private static String color(Notification.Severity severity) {
        return switch (severity) {
            case SUCCESS -> "good";
            case WARNING -> "warning";
            case FAILURE, TIMEOUT -> "danger";
        };
    }

    // ------------------------------------------------------------------ build results

    private static SlackMessage buildResult(Notification n) {
        String authorName = Mrkdwn.clip(n.person(Notification.Person.Role.AUTHOR)
                .map(Notification.Person::label).orElse(""), MAX_NAME);
        String project = Mrkdwn.clip(n.factOrEmpty(FactKey.PROJECT), MAX_NAME);
        String number = n.fact(FactKey.BUILD_NUMBER).filter(s -> !s.isBlank())
                .map(s -> " #" + Mrkdwn.clip(s, 20)).orElse("");
        String status = Mrkdwn.clip(n.factOrEmpty(FactKey.STATUS), MAX_STATUS);
        String shortCommit = Mrkdwn.clip(n.factOrEmpty(FactKey.SHORT_COMMIT), 40);
        String ref = Mrkdwn.clip(n.factOrEmpty(FactKey.SOURCE_REF), MAX_REF);

        String headline = icon(n.severity()) + " *" + link(n, LinkKey.BUILD, project + number) + "* "
                + Mrkdwn.escape(status) + n.fact(FactKey.DURATION).filter(s -> !s.isBlank())
                .map(d -> " · " + Mrkdwn.escape(Mrkdwn.clip(d, 30))).orElse("");

        List<String> lines = new ArrayList<>();
        lines.add(who(n, authorName) + "'s commit " + link(n, LinkKey.COMMIT, shortCommit) + subject(n));
        lines.add("in " + link(n, LinkKey.SOURCE_REF, ref) + n.fact(FactKey.PR_TITLE).filter(s -> !s.isBlank())
                .map(t -> ": " + Mrkdwn.escape(Mrkdwn.clip(t, MAX_SUBJECT))).orElse(""));
        n.fact(FactKey.FAILED_PHASE).ifPresent(phase -> lines.add(phaseLine(phase,
                n.factOrEmpty(FactKey.FAILED_PHASE_STATUS), n.factOrEmpty(FactKey.FAILED_PHASE_MESSAGE))));

        List<LayoutBlock> details = new ArrayList<>(BlockKit.sections(lines));
        details.addAll(tests(n.tests()));
        details.addAll(BlockKit.sections(story(n)));
        List<BlockKit.Button> buttons = new ArrayList<>();
        n.link(LinkKey.BUILD).ifPresent(l -> buttons.add(new BlockKit.Button("View build", l.url())));
        n.link(LinkKey.LOGS).ifPresent(l -> buttons.add(new BlockKit.Button("View logs", l.url())));
        details.addAll(BlockKit.buttons(n.actions(), buttons));

        String fallback = authorName + "'s " + project + " build" + number + " - " + status + ": " + ref + " "
                + shortCommit;
        return message(n, fallback, headline, details);
    }

    /** The author as a mention when the chat id is known (and is one), else the escaped name. */
    private static String who(Notification n, String clippedName) {
        return n.person(Notification.Person.Role.AUTHOR).map(Notification.Person::chatId)
                .filter(id -> MEMBER_ID.matcher(id).matches()).map(id -> "<@" + id + ">")
                .orElseGet(() -> Mrkdwn.escape(clippedName));
    }

    private static String subject(Notification n) {
        return n.fact(FactKey.SUBJECT).filter(s -> !s.isEmpty())
                .map(s -> " (" + Mrkdwn.escape(Mrkdwn.clip(s, MAX_SUBJECT)) + ")").orElse("");
    }

    /**
     * What the test reports say: the totals and coverage, then the listed failures (new ones first, as
     * the core orders them) and how many more; "test report not ready" when they could not be read.
     */
    static List<LayoutBlock> tests(Notification.Tests tests) {
        return switch (tests.state()) {
            case NONE -> List.of();
            case NOT_READY -> List.of(BlockKit.context(List.of(":hourglass_flowing_sand: Test report not ready")));
            case READY -> BlockKit.sections(testLines(tests));
        };
    }

    private static List<String> testLines(Notification.Tests tests) {
        List<String> lines = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        if (tests.failed() > 0) {
            summary.add("*" + tests.failed() + " of " + tests.total() + plural(" test", tests.total()) + " failed*"
                    + (tests.skipped() > 0 ? ", " + tests.skipped() + " skipped" : ""));
        } else if (tests.total() > 0) {
            summary.add(tests.skipped() > 0
                    ? tests.passed() + " of " + tests.total() + plural(" test", tests.total()) + " passed, "
                    + tests.skipped() + " skipped"
                    : tests.total() + plural(" test", tests.total()) + " passed");
        }
        if (tests.lineCoverage() >= 0) {
            summary.add(String.format(Locale.ROOT, "%s %.1f%%", summary.isEmpty() ? "Line coverage" : "line coverage",
                    tests.lineCoverage()));
        }
        if (!summary.isEmpty()) {
            lines.add(String.join(" · ", summary));
        }
        for (Notification.TestCase failure : tests.failures()) {
            String message = Mrkdwn.clip(failure.message(), MAX_TEST_MESSAGE);
            lines.add("• " + (failure.isNew() ? ":new: " : "") + Mrkdwn.escape(Mrkdwn.clip(failure.name(),
                    MAX_TEST_NAME)) + (message.isEmpty() ? "" : ": " + Mrkdwn.escape(message))
                    + (failure.isNew() ? "" : " _(already failing)_"));
        }
        if (tests.moreFailures() > 0) {
            lines.add("… and " + tests.moreFailures() + " more");
        }
        return lines;
    }

    private static String plural(String word, int count) {
        return count == 1 ? word : word + "s";
    }

    /** The core's sentences about the story so far, each a line: plain text, escaped. */
    private static List<String> story(Notification n) {
        List<String> lines = new ArrayList<>();
        for (FactKey key : List.of(FactKey.STREAK, FactKey.FLAKY, FactKey.BROKEN_BY, FactKey.SINCE_LAST_PASS,
                FactKey.FIXED_BY)) {
            n.fact(key).filter(s -> !s.isBlank()).ifPresent(s -> lines.add(Mrkdwn.escape(Mrkdwn.clip(s, MAX_STORY))));
        }
        return lines;
    }

    private static String link(Notification n, LinkKey key, String label) {
        return n.link(key).filter(l -> l.url().length() <= BlockKit.URL).map(l -> Mrkdwn.link(l.url(), label))
                .orElseGet(() -> Mrkdwn.escape(label));
    }

    private static String phaseLine(String type, String status, String message) {
        String line = Mrkdwn.clip(type, MAX_NAME) + " phase " + Mrkdwn.clip(status, MAX_STATUS);
        if (message.isEmpty()) {
            return Mrkdwn.escape(line);
        }
        return Mrkdwn.escape(line + ": " + Mrkdwn.clip(message, MAX_PHASE_MESSAGE));
    }

    // ------------------------------------------------------------------ commit rollups

    /** Up to this many projects, a rollup lists each inline with its icon; more are grouped by result. */
    static final int INLINE_PARTS = 12;
    /**
     * How long the project lists of a rollup may grow (spread over sections of {@link BlockKit#SECTION_TEXT}):
     * beyond it, the rest of a group is counted ("… and 12 more").
     */
    static final int MAX_PARTS_TEXT = 24_000;

    /**
     * Every project's build of one commit. Up to {@link #INLINE_PARTS} projects:
     * <pre>
     * :broken_heart: acme/widgets @ &lt;COMMIT|abc1234&gt; (Add widget size validation): 3 of 5 finished
     * ┃ Jane Doe · &lt;REF|main&gt;
     * ┃ &lt;URL|unit&gt; :white_check_mark:  &lt;URL|lint&gt; :white_check_mark:  &lt;URL|integration&gt; :x:
     * ┃ [View commit]
     * </pre>
     * More (a monorepo's hundreds), one group per result, what needs looking at first, each failure
     * linked to its build and each pass named, a group's list continued over as many sections as it needs:
     * <pre>
     * ┃ :x: 53 failed: &lt;URL|billing&gt; :x:  &lt;URL|search&gt; :x:  …
     * ┃ :white_check_mark: 147 passed: admin :white_check_mark:  api :white_check_mark:  …
     * </pre>
     */
    private static SlackMessage commitRollup(Notification n) {
        String repo = Mrkdwn.clip(n.factOrEmpty(FactKey.REPOSITORY), MAX_REF);
        String shortCommit = Mrkdwn.clip(n.factOrEmpty(FactKey.SHORT_COMMIT), 40);
        String finished = n.factOrEmpty(FactKey.FINISHED);
        String counted = n.fact(FactKey.EXPECTED).map(expected -> finished + " of " + expected + " finished")
                .orElse(finished + " finished");
        String author = Mrkdwn.clip(n.person(Notification.Person.Role.AUTHOR)
                .map(Notification.Person::label).orElse(""), MAX_NAME);
        String ref = Mrkdwn.clip(n.factOrEmpty(FactKey.SOURCE_REF), MAX_REF);
        String headline = icon(n.severity()) + " " + Mrkdwn.escape(repo) + " @ "
                + link(n, LinkKey.COMMIT, shortCommit) + subject(n) + ": " + Mrkdwn.escape(Mrkdwn.clip(counted, 60));

        List<LayoutBlock> details = new ArrayList<>(BlockKit.sections(List.of(who(n, author) + " · "
                + link(n, LinkKey.SOURCE_REF, ref))));
        List<List<String>> groups = n.parts().size() <= INLINE_PARTS ? List.of(inline(n.parts())) : grouped(n.parts());
        for (List<String> group : groups) {
            BlockKit.pack(group, "  ").forEach(text -> details.add(BlockKit.section(text)));
        }
        List<String> glances = glances(n.parts());
        BlockKit.pack(glances, "\n").forEach(text -> details.add(BlockKit.section(text)));
        n.link(LinkKey.COMMIT).ifPresent(l -> details.addAll(BlockKit.buttons(
                List.of(new BlockKit.Button("View commit", l.url())))));
        String fallback = repo + " @ " + shortCommit + ": " + counts(n.parts()) + ", " + counted;
        return message(n, fallback, headline, details);
    }

    /** How many projects of a rollup get a line of their own (what needs looking at first). */
    static final int GLANCE_LINES = 10;

    /**
     * A line for each project with something to say (the core says it for builds that did not pass, and for
     * passes that fixed something or are flaky), what needs looking at first: "❌ integration-ci: 4m 05s · BUILD phase failed · 3 of 120 tests
     * failed". At most {@link #GLANCE_LINES}; the rest are counted.
     */
    private static List<String> glances(List<Notification.Part> parts) {
        List<Notification.Part> worth = new ArrayList<>();
        for (Notification.Severity severity : READING_ORDER) {
            parts.stream().filter(p -> p.severity() == severity && !p.detail().isEmpty()).forEach(worth::add);
        }
        List<String> lines = new ArrayList<>();
        for (Notification.Part part : worth.subList(0, Math.min(GLANCE_LINES, worth.size()))) {
            String label = Mrkdwn.clip(part.label(), MAX_NAME);
            String name = part.url().isEmpty() ? Mrkdwn.escape(label) : Mrkdwn.link(part.url(), label);
            lines.add(partIcon(part.severity()) + " " + name + ": "
                    + Mrkdwn.escape(Mrkdwn.clip(part.detail(), MAX_PHASE_MESSAGE)));
        }
        if (worth.size() > GLANCE_LINES) {
            lines.add("… and " + (worth.size() - GLANCE_LINES) + " more");
        }
        return lines;
    }

    /** The order results are read in: what needs looking at first. */
    private static final List<Notification.Severity> READING_ORDER = List.of(Notification.Severity.FAILURE,
            Notification.Severity.TIMEOUT, Notification.Severity.WARNING, Notification.Severity.SUCCESS);

    /** One list of items per result, its first item led by the group's count ("":x: 53 failed: "). */
    private static List<List<String>> grouped(List<Notification.Part> parts) {
        List<List<String>> groups = new ArrayList<>();
        int budget = MAX_PARTS_TEXT;
        for (Notification.Severity severity : READING_ORDER) {
            List<Notification.Part> group = parts.stream().filter(p -> p.severity() == severity).toList();
            if (group.isEmpty()) {
                continue;
            }
            // a pass is only named; what did not pass links to its build
            boolean linked = severity != Notification.Severity.SUCCESS;
            String head = partIcon(severity) + " " + group.size() + " "
                    + Mrkdwn.escape(Mrkdwn.clip(group.get(0).status(), MAX_NAME)) + ": ";
            List<String> items = new ArrayList<>();
            int length = head.length();
            int listed = 0;
            for (Notification.Part part : group) {
                String item = item(part, linked);
                if (length + item.length() + 2 > budget) {
                    break;
                }
                items.add(listed++ == 0 ? head + item : item);
                length += item.length() + 2;
            }
            if (listed < group.size()) {
                String more = "… and " + (group.size() - listed) + " more";
                items.add(listed == 0 ? head + more : more);
            }
            budget = Math.max(0, budget - length);
            groups.add(items);
        }
        return groups;
    }

    private static List<String> inline(List<Notification.Part> parts) {
        return parts.stream().map(part -> item(part, true)).toList();
    }

    private static String item(Notification.Part part, boolean linked) {
        String label = Mrkdwn.clip(part.label(), MAX_NAME);
        String name = linked && !part.url().isEmpty() && part.url().length() <= BlockKit.URL
                ? Mrkdwn.link(part.url(), label) : Mrkdwn.escape(label);
        return name + " " + partIcon(part.severity());
    }

    /** "2 failed, 3 passed": the plain summary of a rollup's results. */
    private static String counts(List<Notification.Part> parts) {
        List<String> counts = new ArrayList<>();
        for (Notification.Severity severity : READING_ORDER) {
            List<Notification.Part> group = parts.stream().filter(p -> p.severity() == severity).toList();
            if (!group.isEmpty()) {
                counts.add(group.size() + " " + Mrkdwn.clip(group.get(0).status(), MAX_STATUS));
            }
        }
        return String.join(", ", counts);
    }

    static String partIcon(Notification.Severity severity) {
        return switch (severity) {
            case SUCCESS -> ":white_check_mark:";
            case TIMEOUT -> ":hourglass:";
            case FAILURE -> ":x:";
            case WARNING -> ":warning:";
        };
    }

    // ------------------------------------------------------------------ admin notices

    /**
     * For admins: who could not be found, why, and what about (the project, commit and build, when known).
     * The fallback is the whole notice in one sentence.
     */
    private static SlackMessage personNotFound(Notification n) {
        String email = Mrkdwn.clip(n.factOrEmpty(FactKey.EMAIL), 254);
        String error = Mrkdwn.clip(n.factOrEmpty(FactKey.ERROR), 200);
        String headline = ":warning: CodeBuild notifier: Slack user lookup by email for " + Mrkdwn.escape(email)
                + " failed with error: " + Mrkdwn.escape(error);
        List<String> about = new ArrayList<>();
        n.fact(FactKey.PROJECT).filter(s -> !s.isBlank()).ifPresent(p -> about.add("project " + Mrkdwn.clip(p, MAX_NAME)));
        n.fact(FactKey.SHORT_COMMIT).filter(s -> !s.isBlank()).ifPresent(c -> about.add("commit " + Mrkdwn.clip(c, 40)));
        n.fact(FactKey.BUILD_ID).filter(s -> !s.isBlank()).ifPresent(b -> about.add("build " + Mrkdwn.clip(b, 300)));
        List<String> lines = new ArrayList<>();
        if (!about.isEmpty()) {
            lines.add(Mrkdwn.escape(String.join(" · ", about)));
        }
        lines.add("Add the address to the Slack alias table to route it to a workspace email.");

        List<String> what = new ArrayList<>();
        n.fact(FactKey.PROJECT).filter(s -> !s.isBlank()).ifPresent(p -> what.add(Mrkdwn.clip(p, MAX_NAME)));
        String commit = (n.fact(FactKey.SHORT_COMMIT).map(c -> "commit " + Mrkdwn.clip(c, 40)).orElse("")
                + n.fact(FactKey.BUILD_ID).map(b -> " of " + Mrkdwn.clip(b, 300)).orElse("")).strip();
        if (!commit.isEmpty()) {
            what.add(commit);
        }
        String fallback = ":warning: CodeBuild notifier: Slack user lookup by email for " + email
                + " failed with error: " + error + (what.isEmpty() ? "" : " (" + String.join(", ", what) + ")")
                + ". Add the address to the Slack alias table to route it to a workspace email.";
        List<LayoutBlock> details = new ArrayList<>(BlockKit.sections(lines));
        // a picker to link the address to a member, when the alias table can take it
        details.addAll(BlockKit.buttons(n.actions(), List.of()));
        return message(n, fallback, headline, details);
    }

    static String icon(Notification.Severity severity) {
        return switch (severity) {
            case SUCCESS -> ":green_heart:";
            case TIMEOUT -> ":hourglass:";
            case FAILURE -> ":broken_heart:";
            case WARNING -> ":warning:";
        };
    }

    /** The metadata as Slack takes it, when the notification has some. */
    static Optional<com.slack.api.model.Message.Metadata> metadata(SlackMessage message) {
        if (!message.metadata().present()) {
            return Optional.empty();
        }
        return Optional.of(new com.slack.api.model.Message.Metadata(message.metadata().eventType(),
                new java.util.LinkedHashMap<>(message.metadata().payload())));
    }
}
