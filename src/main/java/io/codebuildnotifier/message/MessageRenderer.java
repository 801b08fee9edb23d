package io.codebuildnotifier.message;

import io.codebuildnotifier.build.Build;
import io.codebuildnotifier.build.BuildStatus;
import io.codebuildnotifier.commit.Commit;
import io.codebuildnotifier.source.Repository;
import io.codebuildnotifier.source.SourceRef;

/**
 * Renders a build notification: status icon and colour, author, build link, commit link with
 * short hash and subject, PR or branch link, and the phase that failed.
 */
public final class MessageRenderer {
    static final int MAX_PHASE_MESSAGE = 300;
    static final int MAX_NAME = 100;
    static final int MAX_SUBJECT = 250;
    static final int MAX_REF = 150;

    public BuildMessage render(Build build, BuildStatus status, Commit commit, Repository repo, SourceRef ref) {
        String author = Mrkdwn.clip(commit.authorName().isEmpty() ? commit.authorEmail() : commit.authorName(),
                MAX_NAME);
        String title = icon(status) + " " + Mrkdwn.escape(author) + "'s "
                + Mrkdwn.link(Links.build(build), build.projectCode() + " build") + " - " + status.label();
        String subject = commit.subject().isEmpty() ? ""
                : " (" + Mrkdwn.escape(Mrkdwn.clip(commit.subject(), MAX_SUBJECT)) + ")";
        String where = "commit " + Mrkdwn.link(Links.commit(repo, commit.sha()), commit.shortHash()) + subject
                + " in " + Mrkdwn.link(Links.sourceRef(repo, ref), Mrkdwn.clip(ref.toString(), MAX_REF));
        StringBuilder text = new StringBuilder(title).append('\n').append(where);
        if (!status.passed()) {
            build.phases().stream()
                    .filter(p -> !p.status().isEmpty() && !p.status().equals("SUCCEEDED"))
                    .findFirst()
                    .ifPresent(p -> text.append('\n').append(phaseLine(p)));
        }
        String fallback = author + "'s " + build.projectCode() + " build - " + status.label()
                + ": " + Mrkdwn.clip(ref.toString(), MAX_REF) + " " + commit.shortHash();
        return new BuildMessage(Mrkdwn.escape(fallback), status.passed() ? "good" : "danger", text.toString());
    }

    private static String phaseLine(Build.Phase phase) {
        String line = Mrkdwn.clip(phase.type(), MAX_NAME) + " phase " + phase.status().toLowerCase().replace('_', ' ');
        if (phase.message().isEmpty()) {
            return Mrkdwn.escape(line);
        }
        String message = Mrkdwn.clip(phase.message(), MAX_PHASE_MESSAGE);
        return Mrkdwn.escape(line + ": " + message);
    }

    static String icon(BuildStatus status) {
        return switch (status) {
            case SUCCEEDED -> ":green_heart:";
            case TIMED_OUT -> ":hourglass:";
            default -> ":broken_heart:";
        };
    }
}
