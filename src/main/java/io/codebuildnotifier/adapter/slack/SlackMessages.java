package io.codebuildnotifier.adapter.slack;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.LinkKey;
import java.util.List;
import java.util.Optional;

/**
 * Lays a notification out for Slack: icon and colour from its severity, mrkdwn links, Slack's
 * escaping, and every piece of user text clipped to a length Slack shows well (clipped before
 * escaping, so that an escape is never cut in half).
 *
 * <p>A build result reads:
 * <pre>
 * :broken_heart: Jane Doe's &lt;BUILD|widgets-ci build&gt; - failed
 * commit &lt;COMMIT|c219984&gt; (Add widget size validation) in &lt;PR|pr/42&gt;
 * BUILD phase failed: Error while executing command: ./mvnw -B verify. Reason: exit status 1
 * </pre>
 */
public final class SlackMessages {
    static final int MAX_PHASE_MESSAGE = 300;
    static final int MAX_NAME = 100;
    static final int MAX_SUBJECT = 250;
    static final int MAX_REF = 150;

    private SlackMessages() {
    }

    /** The message for a notification, whatever its kind. */
    public static String preview(Notification notification) {
        return switch (render(notification)) {
            case SlackMessage.Attachment a -> a.body();
            case SlackMessage.Text t -> t.text();
        };
    }

    /** The attachment colour of a notification ({@code good}, {@code danger}), or empty for plain text. */
    public static Optional<String> color(Notification notification) {
        return switch (render(notification)) {
            case SlackMessage.Attachment a -> Optional.of(a.color());
            case SlackMessage.Text t -> Optional.empty();
        };
    }

    static SlackMessage render(Notification n) {
        return switch (n.kind()) {
            case BUILD_RESULT -> buildResult(n);
            case COMMIT_ROLLUP -> commitRollup(n);
            case PERSON_NOT_FOUND -> personNotFound(n);
        };
    }

    /** Up to this many projects, a rollup lists each inline with its icon; more are grouped by result. */
    static final int INLINE_PARTS = 12;
    /**
     * How long the project lists of a rollup may grow (Slack cuts a message at 40,000 characters):
     * beyond it, the rest of a group is counted ("… and 12 more").
     */
    static final int MAX_PARTS_TEXT = 24_000;

    /**
     * Every project's build of one commit. Up to {@link #INLINE_PARTS} projects:
     * <pre>
     * :broken_heart: acme/widgets @ &lt;COMMIT|abc1234&gt; (Add widget size validation): 3 of 5 finished
     * Jane Doe · &lt;REF|main&gt;
     * &lt;URL|unit&gt; :white_check_mark:  &lt;URL|lint&gt; :white_check_mark:  &lt;URL|integration&gt; :x:
     * </pre>
     * More (a monorepo's hundreds), one line per result, what needs looking at first, each failure
     * linked to its build and each pass named:
     * <pre>
     * :x: 53 failed: &lt;URL|billing&gt; :x:  &lt;URL|search&gt; :x:  …
     * :white_check_mark: 147 passed: admin :white_check_mark:  api :white_check_mark:  …
     * </pre>
     */
    private static SlackMessage commitRollup(Notification n) {
        String repo = Mrkdwn.clip(n.factOrEmpty(FactKey.REPOSITORY), MAX_REF);
        String shortCommit = n.factOrEmpty(FactKey.SHORT_COMMIT);
        String finished = n.factOrEmpty(FactKey.FINISHED);
        String counted = n.fact(FactKey.EXPECTED).map(expected -> finished + " of " + expected + " finished")
                .orElse(finished + " finished");
        String subject = n.fact(FactKey.SUBJECT).filter(s -> !s.isEmpty())
                .map(s -> " (" + Mrkdwn.escape(Mrkdwn.clip(s, MAX_SUBJECT)) + ")").orElse("");
        String author = Mrkdwn.clip(n.person(Notification.Person.Role.AUTHOR)
                .map(Notification.Person::label).orElse(""), MAX_NAME);
        String ref = Mrkdwn.clip(n.factOrEmpty(FactKey.SOURCE_REF), MAX_REF);
        String parts = n.parts().size() <= INLINE_PARTS ? inline(n.parts()) : grouped(n.parts());
        String text = icon(n.severity()) + " " + Mrkdwn.escape(repo) + " @ " + link(n, LinkKey.COMMIT, shortCommit)
                + subject + ": " + counted + "\n" + Mrkdwn.escape(author) + " · " + link(n, LinkKey.SOURCE_REF, ref)
                + "\n" + parts;
        String fallback = repo + " @ " + shortCommit + ": " + counts(n.parts()) + ", " + counted;
        return new SlackMessage.Attachment(Mrkdwn.escape(fallback),
                n.severity() == Notification.Severity.SUCCESS ? "good" : "danger", text);
    }

    /** The order results are read in: what needs looking at first. */
    private static final List<Notification.Severity> READING_ORDER = List.of(Notification.Severity.FAILURE,
            Notification.Severity.TIMEOUT, Notification.Severity.WARNING, Notification.Severity.SUCCESS);

    private static String grouped(List<Notification.Part> parts) {
        StringBuilder lines = new StringBuilder();
        int budget = MAX_PARTS_TEXT;
        for (Notification.Severity severity : READING_ORDER) {
            List<Notification.Part> group = parts.stream().filter(p -> p.severity() == severity).toList();
            if (group.isEmpty()) {
                continue;
            }
            // a pass is only named; what did not pass links to its build
            boolean linked = severity != Notification.Severity.SUCCESS;
            StringBuilder line = new StringBuilder(partIcon(severity)).append(' ').append(group.size()).append(' ')
                    .append(Mrkdwn.escape(Mrkdwn.clip(group.get(0).status(), MAX_NAME))).append(": ");
            int listed = 0;
            for (Notification.Part part : group) {
                String item = item(part, linked);
                if (line.length() + item.length() + 2 > budget) {
                    break;
                }
                line.append(listed++ == 0 ? "" : "  ").append(item);
            }
            if (listed < group.size()) {
                line.append(" … and ").append(group.size() - listed).append(" more");
            }
            budget = Math.max(0, budget - line.length());
            lines.append(lines.isEmpty() ? "" : "\n").append(line);
        }
        return lines.toString();
    }

    private static String inline(List<Notification.Part> parts) {
        StringBuilder line = new StringBuilder();
        for (Notification.Part part : parts) {
            line.append(line.isEmpty() ? "" : "  ").append(item(part, true));
        }
        return line.toString();
    }

    private static String item(Notification.Part part, boolean linked) {
        String label = Mrkdwn.clip(part.label(), MAX_NAME);
        String name = linked && !part.url().isEmpty() ? Mrkdwn.link(part.url(), label) : Mrkdwn.escape(label);
        return name + " " + partIcon(part.severity());
    }

    /** "2 failed, 3 passed": the plain summary of a rollup's results. */
    private static String counts(List<Notification.Part> parts) {
        List<String> counts = new java.util.ArrayList<>();
        for (Notification.Severity severity : READING_ORDER) {
            List<Notification.Part> group = parts.stream().filter(p -> p.severity() == severity).toList();
            if (!group.isEmpty()) {
                counts.add(group.size() + " " + group.get(0).status());
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

    private static SlackMessage buildResult(Notification n) {
        String author = Mrkdwn.clip(n.person(Notification.Person.Role.AUTHOR)
                .map(Notification.Person::label).orElse(""), MAX_NAME);
        String project = n.factOrEmpty(FactKey.PROJECT);
        String status = n.factOrEmpty(FactKey.STATUS);
        String shortCommit = n.factOrEmpty(FactKey.SHORT_COMMIT);
        String ref = Mrkdwn.clip(n.factOrEmpty(FactKey.SOURCE_REF), MAX_REF);
        String title = icon(n.severity()) + " " + Mrkdwn.escape(author) + "'s "
                + link(n, LinkKey.BUILD, project + " build") + " - " + status;
        String subject = n.fact(FactKey.SUBJECT).filter(s -> !s.isEmpty())
                .map(s -> " (" + Mrkdwn.escape(Mrkdwn.clip(s, MAX_SUBJECT)) + ")").orElse("");
        String where = "commit " + link(n, LinkKey.COMMIT, shortCommit) + subject
                + " in " + link(n, LinkKey.SOURCE_REF, ref);
        StringBuilder text = new StringBuilder(title).append('\n').append(where);
        n.fact(FactKey.FAILED_PHASE).ifPresent(phase -> text.append('\n').append(phaseLine(phase,
                n.factOrEmpty(FactKey.FAILED_PHASE_STATUS), n.factOrEmpty(FactKey.FAILED_PHASE_MESSAGE))));
        String fallback = author + "'s " + project + " build - " + status + ": " + ref + " " + shortCommit;
        return new SlackMessage.Attachment(Mrkdwn.escape(fallback),
                n.severity() == Notification.Severity.SUCCESS ? "good" : "danger", text.toString());
    }

    private static String link(Notification n, LinkKey key, String label) {
        return n.link(key).map(l -> Mrkdwn.link(l.url(), label)).orElseGet(() -> Mrkdwn.escape(label));
    }

    private static String phaseLine(String type, String status, String message) {
        String line = Mrkdwn.clip(type, MAX_NAME) + " phase " + status;
        if (message.isEmpty()) {
            return Mrkdwn.escape(line);
        }
        return Mrkdwn.escape(line + ": " + Mrkdwn.clip(message, MAX_PHASE_MESSAGE));
    }

    private static SlackMessage personNotFound(Notification n) {
        String about = n.fact(FactKey.SHORT_COMMIT).map(c -> "commit " + Mrkdwn.escape(c)).orElse("")
                + n.fact(FactKey.BUILD_ID).map(b -> " of " + Mrkdwn.escape(b)).orElse("");
        return new SlackMessage.Text(":warning: CodeBuild notifier: Slack user lookup by email for "
                + Mrkdwn.escape(Mrkdwn.clip(n.factOrEmpty(FactKey.EMAIL), 254)) + " failed with error: "
                + Mrkdwn.escape(Mrkdwn.clip(n.factOrEmpty(FactKey.ERROR), 200))
                + (about.isBlank() ? "" : " (" + about.strip() + ")")
                + ". Add the address to the Slack alias table to route it to a workspace email.");
    }

    static String icon(Notification.Severity severity) {
        return switch (severity) {
            case SUCCESS -> ":green_heart:";
            case TIMEOUT -> ":hourglass:";
            case FAILURE -> ":broken_heart:";
            case WARNING -> ":warning:";
        };
    }
}
