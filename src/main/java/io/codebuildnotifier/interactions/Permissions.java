package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ChatDirectory;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who the asker is allowed to be, for one request: the chat's answers are read only when a rule needs them, the
 * asker's address at most once. A group's members are the chat's to keep ({@code SlackConversation} keeps them five
 * minutes per instance, which also serves a request that asks twice), so a person removed from a group may keep the
 * right for up to five minutes.
 */
final class Permissions {
    private final Rules rules;
    private final Conversation conversation;
    private final ChatDirectory directory;
    private final Actor actor;
    private final Deadline deadline;
    private Optional<String> email;

    Permissions(Rules rules, Conversation conversation, ChatDirectory directory, Actor actor, Deadline deadline) {
        this.rules = rules;
        this.conversation = conversation;
        this.directory = directory;
        this.actor = actor;
        this.deadline = deadline;
    }

    /** The asker's address as the chat has it (asked once). */
    Optional<String> email() {
        if (email == null) {
            email = conversation.emailOf(actor.chatId(), deadline).map(String::strip).filter(e -> !e.isEmpty());
        }
        return email;
    }

    /** Listed in {@code CBN_APPROVERS}: by member id, by address, or as a member of a listed group. */
    boolean isApprover() {
        List<String> approvers = rules.approvers();
        if (approvers.isEmpty()) {
            return false;
        }
        if (approvers.stream().anyMatch(a -> a.equals(actor.chatId()))) {
            return true;
        }
        if (approvers.stream().anyMatch(a -> a.contains("@") && !a.startsWith("@"))) {
            Optional<String> mine = email();
            if (mine.isPresent() && approvers.stream().anyMatch(a -> !a.startsWith("@") && a.equalsIgnoreCase(mine.get()))) {
                return true;
            }
        }
        for (String approver : approvers) {
            if (approver.startsWith("@") && membersOf(approver.substring(1)).contains(actor.chatId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the asker may retry a build whose author and committer are {@code people}: as {@link Rules.RetryBy}
     * says.
     */
    boolean mayRetry(Set<String> people) {
        return switch (rules.retryBy()) {
            case ANYONE -> true;
            case NOBODY -> false;
            case AUTHORS -> people.contains(actor.chatId()) || isApprover();
        };
    }

    /** An admin, as {@code CBN_SLACK_ADMIN_USERNAMES} names them: the member each entry is found as. */
    boolean isAdmin() {
        for (String admin : rules.admins()) {
            if (admin.equals(actor.chatId())) {
                return true;
            }
        }
        for (String admin : rules.admins()) {
            if (directory.resolveAdmin(admin, deadline).map(actor.chatId()::equals).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private List<String> membersOf(String handle) {
        return conversation.membersOf(handle, deadline);
    }
}
