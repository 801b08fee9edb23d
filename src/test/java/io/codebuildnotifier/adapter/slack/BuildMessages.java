package io.codebuildnotifier.adapter.slack;

import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.BuildNotifications;
import io.codebuildnotifier.sources.build.BuildStatus;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.sources.build.SourceRef;

/** A build's Slack message, as a user sees it: the core's notification laid out by {@link SlackMessages}. */
final class BuildMessages {

    /**
     * The top-level text (fallback), the colour, every text the message shows (its blocks' mrkdwn, in order,
     * one per line), and the message as sent.
     */
    record BuildMessage(String fallback, String color, String text, SlackWire wire) {
    }

    BuildMessage render(Build build, BuildStatus status, Commit commit, Repository repo, SourceRef ref) {
        Build withStatus = new Build(build.id(), build.arn(), build.projectCode(), build.startTime(), status,
                build.sourceVersion(), build.commit(), build.sourceType(), build.sourceLocation(), build.initiator(),
                build.logLink(), build.exportedVariables(), build.phases());
        SlackMessage message = SlackMessages.render(BuildNotifications.of(withStatus, commit, repo, ref));
        SlackWire wire = SlackWire.of(message);
        return new BuildMessage(message.text(), message.color(), wire.shown(), wire);
    }
}
