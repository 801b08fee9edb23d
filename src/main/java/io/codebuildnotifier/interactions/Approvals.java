package io.codebuildnotifier.interactions;

import io.codebuildnotifier.chain.ChatDecision;
import io.codebuildnotifier.kernel.LogText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Approve and Reject: the click opens a dialog for an optional comment (at once, while the chat still lets us);
 * its submission decides, if the person may, and brings the approval's message up to date.
 */
final class Approvals {
    static final String APPROVED = "Approved";
    static final String REJECTED = "Rejected";
    /** A stage's or action's name, as CodePipeline allows it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.@\\-_]{1,100}");
    private static final Pattern EXECUTION = Pattern.compile("[0-9a-fA-F-]{1,100}");
    /** What a comment may be: CodePipeline keeps 512 characters, with the signature. */
    static final int MAX_COMMENT = 2_000;

    private Approvals() {
    }

    /** The approval a button or dialog names, if it names one properly. */
    static Optional<ApprovalRef> approvalOf(Map<String, String> args) {
        String pipeline = args.getOrDefault(Actions.PIPELINE, "");
        String stage = args.getOrDefault(Actions.STAGE, "");
        String action = args.getOrDefault(Actions.ACTION, "");
        String execution = args.getOrDefault(Actions.EXECUTION_ID, "");
        if (!Texts.PIPELINE.matcher(pipeline).matches() || !NAME.matcher(stage).matches()
                || !NAME.matcher(action).matches() || !(execution.isEmpty() || EXECUTION.matcher(execution).matches())) {
            return Optional.empty();
        }
        return Optional.of(new ApprovalRef(pipeline, stage, action, execution));
    }

    /** The dialog a click opens, when it can be opened now. */
    static Optional<Dialog> dialogFor(Rules rules, Request.Click click) {
        Optional<ApprovalRef> approval = approvalOf(click.args());
        if (!rules.approvalsEnabled() || approval.isEmpty() || click.dialogTrigger().isBlank()
                || rules.plainlyNotAnApprover(click.actor().chatId())) {
            return Optional.empty();
        }
        boolean approve = click.actionId().equals(Actions.APPROVE);
        ApprovalRef ref = approval.get();
        Map<String, String> args = new LinkedHashMap<>();
        args.put(Actions.PIPELINE, ref.pipeline());
        args.put(Actions.STAGE, ref.stage());
        args.put(Actions.ACTION, ref.action());
        args.put(Actions.EXECUTION_ID, ref.executionId());
        args.put(Actions.DECISION, approve ? APPROVED : REJECTED);
        return Optional.of(new Dialog(Actions.DECIDE_DIALOG, approve ? "Approve" : "Reject",
                (approve ? "Approve " : "Reject ") + ref.pipeline() + ", " + ref.stage() + " / " + ref.action()
                        + ". A comment (optional):", approve ? "Approve" : "Reject", args,
                click.message().map(Message::ref), click.replyTo()));
    }

    /** A click whose dialog could not be opened: say why. */
    static void unopened(Work work, Request.Click click) {
        String what = click.actionId() + " " + approvalOf(click.args()).map(Approvals::describe).orElse("?");
        if (!work.rules.approvalsEnabled()) {
            work.record(what, "refused: nobody may approve from the chat");
            work.tell(click.replyTo(), Answer.of("Nobody may approve or reject from " + work.rules.chatName()
                    + " here: decide in the CodePipeline console."));
        } else if (!work.permissions.isApprover()) {
            work.record(what, "refused: not an approver");
            work.tell(click.replyTo(), Answer.of("You are not allowed to approve or reject: only the approvers may."));
        } else if (approvalOf(click.args()).isEmpty()) {
            work.record(what, "ignored: the button names no approval");
            work.tell(click.replyTo(), Answer.of("This button does not say which approval."));
        } else {
            work.record(what, "failed: the dialog could not be opened in time");
            work.tell(click.replyTo(), Answer.of("The dialog could not be opened in time: click again."));
        }
    }

    static void decide(Work work, Request.Submission submission) {
        Optional<ApprovalRef> approval = approvalOf(submission.args());
        String decision = submission.args().getOrDefault(Actions.DECISION, "");
        String what = "decide " + decision + " " + approval.map(Approvals::describe).orElse("?");
        if (approval.isEmpty() || !(decision.equals(APPROVED) || decision.equals(REJECTED))) {
            work.record(what, "ignored: the dialog names no approval");
            work.tell(submission.replyTo(), Answer.of("This dialog does not say which approval or what to decide."));
            return;
        }
        ApprovalRef ref = approval.get();
        boolean approve = decision.equals(APPROVED);
        if (!work.permissions.isApprover()) {
            work.record(what, "refused: not an approver");
            work.tell(submission.replyTo(), Answer.of("You are not allowed to approve or reject: only the approvers"
                    + " may. Nothing was decided."));
            return;
        }
        if (approve && !work.rules.allowSelfApproval()) {
            ExecutionAuthors.Authorship authors = work.ports.authors().of(ref, work.deadline());
            if (!authors.known()) {
                work.record(what, "refused: the revision's authors are unknown");
                work.tell(submission.replyTo(), Answer.of("CodePipeline does not know the execution this approval"
                        + " waits in, so who wrote its changes cannot be checked. Nothing was decided."));
                refresh(work, ref);
                return;
            }
            if (authors.includes(work.actor.chatId(), work.permissions.email())) {
                work.record(what, "refused: self-approval");
                work.tell(submission.replyTo(), Answer.of("You wrote or committed a change this approval would let"
                        + " through, so somebody else must approve it. Nothing was decided."));
                return;
            }
            if (authors.unread() > 0) {
                work.record(what, "refused: " + authors.unread() + " commit(s) of the revision could not be read");
                work.tell(submission.replyTo(), Answer.of("The commits of " + authors.unread() + " source revision(s)"
                        + " could not be read, so it cannot be checked that you did not write them. Nothing was"
                        + " decided: approve in the console, or ask whoever runs the notifier to allow"
                        + " self-approval."));
                return;
            }
        }
        String comment = LogText.clip(submission.inputs().getOrDefault(Actions.COMMENT_INPUT, "").strip(),
                MAX_COMMENT);
        String summary = new ChatDecision(comment, Texts.nameOf(work.actor), work.actor.chatId())
                .summary(approve, work.rules.chatName());
        ApprovalDecisions.Result result = work.ports.decisions().decide(ref, approve, summary, work.deadline());
        switch (result) {
            case ApprovalDecisions.Result.Decided decided -> {
                work.record(what, "decided");
                // decided: what follows must not fail the request, whose retry would find it "decided already"
                work.afterwards(what, () -> refresh(work, ref));
                work.afterwards(what, () -> work.tell(submission.replyTo(), Answer.of((approve ? "Approved "
                        : "Rejected ") + describe(ref) + ".")));
            }
            case ApprovalDecisions.Result.AlreadyDecided already -> {
                work.record(what, "already decided: " + already.status());
                refresh(work, ref);
                work.tell(submission.replyTo(), Answer.of("This approval was decided already ("
                        + decided(already.status()) + already.summary().map(Approvals::by).orElse("")
                        + "). Nothing was changed."));
            }
            case ApprovalDecisions.Result.NotWaiting gone -> {
                work.record(what, "not waiting: " + gone.why());
                refresh(work, ref);
                work.tell(submission.replyTo(), Answer.of("This approval is no longer waiting ("
                        + notWaiting(gone.why()) + "). Nothing was decided."));
            }
        }
    }

    /** CodePipeline's status of a decided approval, as people say it. */
    static String decided(String status) {
        return switch (status) {
            case "Succeeded" -> "Approved";
            case "Failed" -> "Rejected";
            default -> status.isBlank() ? "by somebody" : status;
        };
    }

    /** Why an approval waits no more, as people say it. */
    static String notWaiting(String why) {
        return why.equals("superseded") ? "superseded: its stage runs another execution now" : why;
    }

    private static void refresh(Work work, ApprovalRef ref) {
        work.ports.approvalMessages().refresh(ref, work.invocation);
    }

    /** Who decided, when the summary says: {@code , by Jane Doe}; or the summary itself, short. */
    private static String by(String summary) {
        return ChatDecision.read(summary).map(d -> ", by " + d.who())
                .orElse(summary.isBlank() ? "" : ": " + LogText.abbreviate(summary, 200));
    }

    static String describe(ApprovalRef ref) {
        return ref.pipeline() + ", " + ref.stage() + " / " + ref.action();
    }
}
