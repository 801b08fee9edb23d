package io.codebuildnotifier.interactions;

import io.codebuildnotifier.notification.Preferences;
import io.codebuildnotifier.people.ChatDirectory;
import java.util.Objects;
import java.util.Optional;

/**
 * What the interactions act and answer through.
 *
 * @param conversation     the chat: answers, message changes, dialogs, the home tab, groups and addresses
 * @param retries          CodeBuild's retries
 * @param decisions        CodePipeline's approvals
 * @param approvalMessages brings an approval's message up to date after a decision
 * @param runs             starts pipelines and lists their executions
 * @param once             which requests were acted on already
 * @param aliasLinks       writes the alias table; empty when there is none
 * @param preferences      people's own preferences
 * @param board            where builds stand, from the history
 * @param health           the notifier's own health
 * @param authors          who wrote an approval's revision (self-approval)
 * @param directory        finds the admins as their notices are addressed
 */
public record Ports(Conversation conversation, BuildRetries retries, ApprovalDecisions decisions,
                    ApprovalMessages approvalMessages, PipelineRuns runs, Once once, Optional<AliasLinks> aliasLinks,
                    Preferences preferences, StatusBoard board, Health health, ExecutionAuthors authors,
                    ChatDirectory directory) {
    public Ports {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(decisions, "decisions");
        approvalMessages = approvalMessages == null ? ApprovalMessages.NONE : approvalMessages;
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(once, "once");
        aliasLinks = aliasLinks == null ? Optional.empty() : aliasLinks;
        preferences = preferences == null ? Preferences.NONE : preferences;
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(authors, "authors");
        Objects.requireNonNull(directory, "directory");
    }
}
