package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.PermanentFailure;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The buttons on our messages that act at once: retry a build, link an address to a person, confirm a deploy. */
final class Buttons {
    /** A CodeBuild build id: {@code PROJECT:UUID}. */
    private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}:[A-Za-z0-9-]{1,100}");
    private static final Pattern MEMBER = Pattern.compile("[A-Z0-9]{2,40}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private Buttons() {
    }

    static void retry(Work work, Request.Click click) {
        String buildId = click.args().getOrDefault(Actions.BUILD_ID, "");
        String what = Actions.RETRY_BUILD + " " + buildId;
        if (!BUILD_ID.matcher(buildId).matches()) {
            work.record(what, "ignored: the button names no build");
            work.tell(click.replyTo(), Answer.of("This button does not say which build to retry."));
            return;
        }
        if (work.rules.retryBy() == Rules.RetryBy.NOBODY) {
            work.record(what, "refused: retries are turned off");
            work.tell(click.replyTo(), Answer.of("Retrying builds from " + work.rules.chatName()
                    + " is turned off here."));
            return;
        }
        if (!work.permissions.mayRetry(people(click.args().getOrDefault(Actions.PEOPLE, "")))) {
            work.record(what, "refused: not the build's author, committer or an approver");
            work.tell(click.replyTo(), Answer.of("You are not allowed to retry this build: only its author, its"
                    + " committer and the approvers may."));
            return;
        }
        // one retry of a build, whichever of its messages (a DM, the channel) is clicked, within CodeBuild's five minutes
        String token = Work.token(Actions.RETRY_BUILD, buildId);
        BuildRetries.Retried retried;
        try {
            retried = work.ports.retries().retry(buildId, token, work.deadline());
        } catch (PermanentFailure e) {
            work.record(what, "failed: " + e.getMessage());
            work.tell(click.replyTo(), Answer.of("Build " + buildId + " could not be retried: " + e.getMessage()));
            return;
        }
        String label = "build #" + retried.buildNumber();
        Optional<Answer.LinkedText> link = retried.url() == null || retried.url().isBlank() ? Optional.empty()
                : Optional.of(new Answer.LinkedText(label, retried.url()));
        work.record(what, "retried: " + label + " " + retried.buildId());
        click.message().ifPresent(m -> work.afterwards(what, () -> work.chat().amend(m,
                new Conversation.Note(Optional.of(work.actor.chatId()), "retried this build", link), work.deadline())));
        work.afterwards(what, () -> work.tell(click.replyTo(), new Answer("", List.of("Retrying " + project(buildId)
                + ": " + label + "."), link.stream().toList(), List.of(), false, false)));
    }

    static void link(Work work, Request.Click click) {
        String email = click.args().getOrDefault(Actions.EMAIL, "").strip();
        String what = Actions.LINK_PERSON + " " + email + " to " + click.picked().orElse("nobody");
        if (!work.permissions.isAdmin()) {
            work.record(what, "refused: not an admin");
            work.tell(click.replyTo(), Answer.of("Only the notifier's admins may link an address to a person."));
            return;
        }
        if (work.ports.aliasLinks().isEmpty()) {
            work.record(what, "refused: no alias table");
            work.tell(click.replyTo(), Answer.of("There is no alias table, so addresses cannot be linked from "
                    + work.rules.chatName() + ": set CBN_SLACK_ALIAS_TABLE, or add the row to the table yourself."));
            return;
        }
        if (!EMAIL.matcher(email).matches()) {
            work.record(what, "ignored: the notice names no address");
            work.tell(click.replyTo(), Answer.of("This notice does not say which address to link."));
            return;
        }
        Optional<String> picked = click.picked().filter(p -> MEMBER.matcher(p).matches());
        if (picked.isEmpty()) {
            work.record(what, "ignored: nobody picked");
            work.tell(click.replyTo(), Answer.of("Pick the person who uses " + email + "."));
            return;
        }
        Optional<String> workspace = work.chat().emailOf(picked.get(), work.deadline()).map(String::strip)
                .filter(e -> !e.isEmpty());
        if (workspace.isEmpty()) {
            work.record(what, "failed: the chat gives no address for the person picked");
            work.tell(click.replyTo(), Answer.of(work.rules.chatName() + " does not give the address of the person"
                    + " picked (a bot, a guest, or a hidden address), so nothing was linked."));
            return;
        }
        if (workspace.get().equalsIgnoreCase(email)) {
            work.record(what, "nothing to do: the same address");
            work.tell(click.replyTo(), Answer.of(email + " is that person's workspace address already."));
            return;
        }
        work.ports.aliasLinks().get().link(email, workspace.get(), work.deadline());
        String note = "linked " + email + " to " + workspace.get();
        work.record(what, "linked");
        click.message().ifPresent(m -> work.afterwards(what, () -> work.chat().amend(m, new Conversation.Note(
                Optional.of(work.actor.chatId()), note, Optional.empty()), work.deadline())));
        work.afterwards(what, () -> work.tell(click.replyTo(), Answer.of("Linked " + email + " to " + workspace.get()
                + ": the next notifications about their commits find them.")));
    }

    static void confirmDeploy(Work work, Request.Click click) {
        String pipeline = click.args().getOrDefault(Actions.PIPELINE, "");
        String nonce = click.args().getOrDefault(Actions.NONCE, "");
        String what = Actions.CONFIRM_DEPLOY + " " + pipeline;
        if (!Texts.PIPELINE.matcher(pipeline).matches() || !NONCE.matcher(nonce).matches()) {
            work.record(what, "ignored: the button names no pipeline");
            work.tell(click.replyTo(), replacing("This button does not say which pipeline to start."));
            return;
        }
        if (!work.permissions.isApprover()) {
            work.record(what, "refused: not an approver");
            work.tell(click.replyTo(), replacing("You are not allowed to deploy: only the approvers may."));
            return;
        }
        String executionId;
        try {
            executionId = work.ports.runs().start(pipeline, Work.token(Actions.CONFIRM_DEPLOY, pipeline, nonce),
                    work.deadline());
        } catch (PermanentFailure e) {
            work.record(what, "failed: " + e.getMessage());
            work.tell(click.replyTo(), replacing(pipeline + " could not be started: " + e.getMessage()));
            return;
        }
        work.record(what, "started: " + executionId);
        work.afterwards(what, () -> work.tell(click.replyTo(), new Answer("", List.of("Started " + pipeline
                + ": execution " + executionId + "."), List.of(new Answer.LinkedText("execution " + executionId,
                work.ports.runs().executionUrl(pipeline, executionId))), List.of(), false, true)));
    }

    static void cancelDeploy(Work work, Request.Click click) {
        String pipeline = click.args().getOrDefault(Actions.PIPELINE, "");
        work.record(Actions.CANCEL_DEPLOY + " " + pipeline, "cancelled");
        work.tell(click.replyTo(), replacing(Texts.PIPELINE.matcher(pipeline).matches()
                ? "Not deploying " + pipeline + "." : "Not deploying."));
    }

    /** The chat ids a retry button names (comma or space separated). */
    static Set<String> people(String arg) {
        return Arrays.stream(arg.split("[,\\s]+")).map(String::strip).filter(p -> MEMBER.matcher(p).matches())
                .collect(Collectors.toSet());
    }

    private static String project(String buildId) {
        return buildId.substring(0, buildId.indexOf(':'));
    }

    private static Answer replacing(String line) {
        return new Answer("", List.of(line), List.of(), List.of(), false, true);
    }
}
