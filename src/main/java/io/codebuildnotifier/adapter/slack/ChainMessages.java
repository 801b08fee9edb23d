package io.codebuildnotifier.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.LinkKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The delivery chain's messages (approvals, pipeline runs, deployments, pushes, "your commit is
 * live"), one layout for all: a headline (icon and the notification's title, linked to the console),
 * the facts as labelled lines, the commits and changed files, and link buttons. An approval that is
 * no longer waiting has no approve link, so its message invites nothing.
 * <pre>
 * ⚠️ *web-release* is waiting for approval at Prod / ApproveRelease
 * ┃ *Custom data:* Check the staging dashboard first
 * ┃ *Expires:* 2026-12-08 10:15 UTC
 * ┃ • c219984 Add widget size validation (Jane Doe)
 * ┃ [Approve or reject] [Review] [View pipeline]
 * </pre>
 */
final class ChainMessages {
    static final int MAX_VALUE = 300;
    static final int MAX_LONG_VALUE = 1500;
    static final int MAX_TITLE = 200;
    static final int MAX_PATH = 200;

    /** How each fact reads, in the order shown; facts not named here are not shown. */
    private static final Map<FactKey, String> LABELS = labels();

    private ChainMessages() {
    }

    private static Map<FactKey, String> labels() {
        Map<FactKey, String> labels = new java.util.LinkedHashMap<>();
        labels.put(FactKey.DECISION, "Decision");
        labels.put(FactKey.DECIDED_BY, "By");
        labels.put(FactKey.COMMENT, "Comment");
        labels.put(FactKey.STATUS, "Status");
        labels.put(FactKey.CHANGE, "Change");
        labels.put(FactKey.PUSHED_BY, "Pushed by");
        labels.put(FactKey.REPOSITORY, "Repository");
        labels.put(FactKey.REF_NAME, "Ref");
        labels.put(FactKey.APPLICATION, "Application");
        labels.put(FactKey.DEPLOYMENT_GROUP, "Deployment group");
        labels.put(FactKey.DEPLOYMENT_ID, "Deployment");
        labels.put(FactKey.PIPELINE, "Pipeline");
        labels.put(FactKey.STAGE, "Stage");
        labels.put(FactKey.ACTION, "Action");
        labels.put(FactKey.EXECUTION_ID, "Execution");
        labels.put(FactKey.TRIGGER, "Triggered by");
        labels.put(FactKey.CREATOR, "Created by");
        labels.put(FactKey.DURATION, "Duration");
        labels.put(FactKey.INSTANCES, "Targets");
        labels.put(FactKey.FAILED_ACTION, "Failed at");
        labels.put(FactKey.ERROR_CODE, "Error code");
        labels.put(FactKey.ERROR, "Error");
        labels.put(FactKey.ROLLBACK, "Rollback");
        labels.put(FactKey.CUSTOM_DATA, "Custom data");
        labels.put(FactKey.EXPIRES, "Expires");
        return labels;
    }

    static SlackMessage render(Notification n) {
        String title = Mrkdwn.clip(n.title(), MAX_TITLE);
        String headline = SlackMessages.icon(n.severity()) + " *" + n.link(LinkKey.CONSOLE)
                .filter(l -> linkable(l.url())).map(l -> link(l.url(), title))
                .orElseGet(() -> Mrkdwn.escape(title)) + "*";
        List<String> lines = new ArrayList<>();
        LABELS.forEach((key, label) -> n.fact(key).filter(v -> !v.isBlank()).ifPresent(value -> lines.add(
                "*" + label + ":* " + Mrkdwn.escape(Mrkdwn.clip(value, key == FactKey.CUSTOM_DATA
                        || key == FactKey.COMMENT || key == FactKey.ERROR ? MAX_LONG_VALUE : MAX_VALUE)))));
        List<LayoutBlock> details = new ArrayList<>(BlockKit.sections(lines));
        details.addAll(BlockKit.sections(commits(n.changes())));
        details.addAll(BlockKit.sections(files(n.changes())));
        List<BlockKit.Button> buttons = new ArrayList<>();
        n.link(LinkKey.APPROVE).ifPresent(l -> buttons.add(new BlockKit.Button("Approve or reject", l.url())));
        n.link(LinkKey.REVIEW).ifPresent(l -> buttons.add(new BlockKit.Button("Review", l.url())));
        n.link(LinkKey.COMPARE).ifPresent(l -> buttons.add(new BlockKit.Button("Compare", l.url())));
        n.link(LinkKey.CONSOLE).ifPresent(l -> buttons.add(new BlockKit.Button(n.kind() == Notification.Kind.DEPLOYED
                && !l.label().isBlank() ? Mrkdwn.clip(l.label(), 40) : consoleLabel(n.kind()), l.url())));
        // an approval's Approve and Reject buttons first, while it waits (its decided revision has none)
        details.addAll(BlockKit.buttons(n.actions(), buttons.stream().filter(b -> linkable(b.url())).toList()));
        String fallback = n.title() + n.fact(FactKey.DECISION).map(d -> ": " + d).orElse("");
        return SlackMessages.message(n, fallback, headline, details);
    }

    /**
     * Whether a URL can be a link of a message as it is: {@code https}, within Block Kit's length, with nothing that
     * would end the link markup or that Slack would refuse (spaces, controls, {@code < > |}).
     */
    static boolean linkable(String url) {
        return url.startsWith("https://") && url.length() <= BlockKit.URL
                && url.chars().noneMatch(c -> c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '<'
                || c == '>' || c == '|' || c == '"' || c == 0x2028 || c == 0x2029);
    }

    /** A link in mrkdwn: its URL's {@code &} escaped as Slack asks of every {@code &} in a text. */
    private static String link(String url, String label) {
        return Mrkdwn.link(url.replace("&", "&amp;"), label);
    }

    private static String consoleLabel(Notification.Kind kind) {
        return switch (kind) {
            case APPROVAL, PIPELINE_RUN -> "View pipeline";
            case DEPLOYMENT, DEPLOYED -> "View deployment";
            case PUSH -> "View in CodeCommit";
            default -> "View";
        };
    }

    private static List<String> commits(Notification.Changes changes) {
        List<String> lines = new ArrayList<>();
        for (Notification.Revision commit : changes.commits()) {
            String sha = Mrkdwn.clip(commit.shortSha(), 40);
            String id = !linkable(commit.url()) ? "`" + Mrkdwn.escape(sha) + "`" : link(commit.url(), sha);
            String line = "• " + (commit.source().isEmpty() ? "" : Mrkdwn.escape(Mrkdwn.clip(commit.source(), 60))
                    + ": ") + id + (commit.subject().isEmpty() ? "" : " " + Mrkdwn.escape(Mrkdwn.clip(commit.subject(),
                    SlackMessages.MAX_SUBJECT))) + (commit.author().isEmpty() ? "" : " _(" + Mrkdwn.escape(
                    Mrkdwn.clip(commit.author(), SlackMessages.MAX_NAME)) + ")_");
            lines.add(line);
        }
        if (changes.moreCommits() > 0) {
            lines.add("_and " + changes.moreCommits() + " more commit" + (changes.moreCommits() == 1 ? "" : "s") + "_");
        }
        return lines.isEmpty() ? lines : List.of(String.join("\n", lines));
    }

    private static List<String> files(Notification.Changes changes) {
        List<String> lines = new ArrayList<>();
        for (Notification.FileChange file : changes.files()) {
            lines.add("`" + file.change() + "` " + Mrkdwn.escape(Mrkdwn.clip(file.path(), MAX_PATH)));
        }
        if (changes.moreFiles() > 0) {
            lines.add("_and " + changes.moreFiles() + " more file" + (changes.moreFiles() == 1 ? "" : "s") + "_");
        }
        return lines.isEmpty() ? lines : List.of(String.join("\n", lines));
    }
}
