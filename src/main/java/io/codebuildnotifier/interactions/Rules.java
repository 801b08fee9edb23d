package io.codebuildnotifier.interactions;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may do what from the chat, read once from the settings and validated.
 *
 * @param approvers         who may approve and reject (and deploy): member ids ({@code U…}, {@code W…}), emails, or
 *                          user group handles ({@code @release-managers}); empty: nobody ({@code CBN_APPROVERS})
 * @param retryBy           who may retry a failed build ({@code CBN_RETRY_BY})
 * @param admins            who may link an address to a person: member ids, emails or usernames, as the admins'
 *                          notices are addressed ({@code CBN_SLACK_ADMIN_USERNAMES})
 * @param allowSelfApproval whether an author or committer of the revision may approve it
 *                          ({@code CBN_ALLOW_SELF_APPROVAL})
 * @param chatName          the chat's name, in an approval's summary and in answers ({@code Slack})
 */
public record Rules(List<String> approvers, RetryBy retryBy, List<String> admins, boolean allowSelfApproval,
                    String chatName) {
    private static final Pattern MEMBER_ID = Pattern.compile("[UW][A-Z0-9]{2,40}");
    private static final Pattern GROUP = Pattern.compile("@[A-Za-z0-9._-]{1,80}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]{1,64}@[^@\\s,]{1,189}");
    private static final Pattern CHAT_NAME = Pattern.compile("[A-Za-z]{1,20}");

    /** Who may retry a build. */
    public enum RetryBy {
        /** The build's author and committer, and the approvers (the default). */
        AUTHORS,
        /** Every member of the workspace who sees the message. */
        ANYONE,
        /** Nobody: the button answers that retries are off. */
        NOBODY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code authors}, {@code anyone} or {@code nobody}, in any case; empty for anything else. */
        public static Optional<RetryBy> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (RetryBy r : values()) {
                if (r.id().equals(v)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    public Rules {
        approvers = approvers == null ? List.of() : approvers.stream().map(String::strip).filter(a -> !a.isEmpty())
                .toList();
        for (String approver : approvers) {
            if (!isApprover(approver)) {
                throw new IllegalArgumentException("CBN_APPROVERS: '" + clip(approver)
                        + "' is neither a member id (U…, W…), an email nor a user group handle (@name)");
            }
        }
        retryBy = retryBy == null ? RetryBy.AUTHORS : retryBy;
        admins = admins == null ? List.of() : admins.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        chatName = chatName == null || chatName.isBlank() ? "Slack" : chatName.strip();
        if (!CHAT_NAME.matcher(chatName).matches()) {
            throw new IllegalArgumentException("the chat's name must be 1 to 20 letters: '" + clip(chatName) + "'");
        }
        Objects.requireNonNull(retryBy);
    }

    /**
     * Whether the text is written as an approver may be: a member id ({@code U…}, {@code W…}), an email or a user
     * group handle ({@code @name}). {@code CBN_APPROVERS} is read with this too.
     */
    public static boolean isApprover(String approver) {
        return approver != null && (MEMBER_ID.matcher(approver).matches() || GROUP.matcher(approver).matches()
                || EMAIL.matcher(approver).matches());
    }

    /** The defaults: nobody approves, authors retry, no admins, no self-approval, Slack. */
    public static Rules defaults() {
        return new Rules(List.of(), RetryBy.AUTHORS, List.of(), false, "Slack");
    }

    /** Whether anybody may approve from the chat (the buttons are shown). */
    public boolean approvalsEnabled() {
        return !approvers.isEmpty();
    }

    /**
     * Whether the member is plainly no approver, without asking the chat: every approver is listed by member id, and
     * this one is not among them. (An approver listed by address or group may be anyone until the chat says.)
     */
    public boolean plainlyNotAnApprover(String chatId) {
        return approvers.stream().allMatch(a -> MEMBER_ID.matcher(a).matches()) && !approvers.contains(chatId);
    }

    private static String clip(String text) {
        return io.codebuildnotifier.kernel.LogText.abbreviate(text, 60);
    }
}
