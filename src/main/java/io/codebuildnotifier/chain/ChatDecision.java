package io.codebuildnotifier.chain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An approval decided from the chat. CodePipeline records the function's role as the approver, so the person is
 * named in the decision's summary, where the console, the approval's events and this notifier all read it:
 * {@code "Looks good. (approved by Jane Doe in Slack, U0123ABC)"}.
 *
 * @param comment what the person wrote; may be empty
 * @param who     the person's name as the chat gave it
 * @param chatId  the person's chat member id
 */
public record ChatDecision(String comment, String who, String chatId) {
    /** CodePipeline's limit on a summary. */
    public static final int MAX_SUMMARY = 512;
    private static final Pattern SIGNED = Pattern.compile(
            "(?s)^(.*?) ?\\((?:approved|rejected) by ([^()]{1,120}) in [A-Za-z]{1,20}, ([A-Z0-9]{1,40})\\)$");

    public ChatDecision {
        comment = comment == null ? "" : comment.strip();
        // no parentheses in a name: the signature is read back from the last parenthesis
        who = who == null || who.isBlank() ? chatId : who.replace("(", "").replace(")", "").strip();
    }

    /** The summary to record, the comment clipped so that the signature always fits. */
    public String summary(boolean approved, String chat) {
        String signature = "(" + (approved ? "approved" : "rejected") + " by " + clip(who, 120) + " in " + chat + ", "
                + chatId + ")";
        String room = clip(comment, MAX_SUMMARY - signature.length() - 1);
        return room.isEmpty() ? signature : room + " " + signature;
    }

    /**
     * Whether whoever CodePipeline says decided ({@code lastUpdatedBy}: the role's session) is the interactions
     * function, so that a summary's signature is believed: anybody deciding in the console could type one. The
     * stack's role and function names carry the function's logical id ({@code SlackInteractionsFunction}).
     */
    public static boolean byTheChat(String updatedBy) {
        return updatedBy != null && updatedBy.toLowerCase(java.util.Locale.ROOT).contains("slackinteractions");
    }

    /** The decision a summary records, if the chat recorded it. */
    public static Optional<ChatDecision> read(String summary) {
        if (summary == null) {
            return Optional.empty();
        }
        Matcher m = SIGNED.matcher(summary.strip());
        return m.matches() ? Optional.of(new ChatDecision(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    private static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
