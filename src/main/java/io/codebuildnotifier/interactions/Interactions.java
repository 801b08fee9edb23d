package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.NotifierFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What people ask of the notifier from the chat, in two steps. {@link #acknowledge} answers within the chat's few
 * seconds and calls nothing slow: it opens an approval's dialog (the only chat call it makes), answers {@code help}
 * and commands it cannot read, and says the rest is work for later. {@link #complete} does that work, once per
 * request however often it is delivered: checks who may act, acts through the ports, answers, and logs one line.
 */
public final class Interactions {
    private final Rules rules;
    private final Ports ports;
    private final Clock clock;
    private final Audit audit;
    private final Consumer<String> log;

    public Interactions(Rules rules, Ports ports, Clock clock) {
        this(rules, ports, clock, System.out::println);
    }

    /** @param log where the one line per request goes (standard output in Lambda) */
    public Interactions(Rules rules, Ports ports, Clock clock, Consumer<String> log) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.audit = new Audit(log);
    }

    /**
     * The answer due at once. Calls no AWS port, and of the chat only {@link Conversation#open}.
     *
     * @return {@link Ack#LATER} when {@link #complete} has work to do
     */
    public Ack acknowledge(Request request, Deadline deadline) {
        return switch (request) {
            case Request.Click click -> acknowledge(click, deadline);
            case Request.Submission submission -> {
                if (submission.dialogId().equals(Actions.DECIDE_DIALOG)) {
                    yield Ack.LATER;
                }
                audit.record(submission.actor(), "dialog " + submission.dialogId(), "ignored: not ours");
                yield Ack.DONE;
            }
            case Request.Command command -> acknowledge(command);
            case Request.HomeOpened opened -> Ack.LATER;
        };
    }

    private Ack acknowledge(Request.Click click, Deadline deadline) {
        switch (click.actionId()) {
            case Actions.APPROVE, Actions.REJECT -> {
                Optional<Dialog> dialog = Approvals.dialogFor(rules, click);
                if (dialog.isEmpty()) {
                    return Ack.LATER; // the work says why nothing opened
                }
                try {
                    ports.conversation().open(click.dialogTrigger(), dialog.get(), deadline);
                } catch (NotifierFailure e) {
                    audit.record(click.actor(), click.actionId() + " dialog", "not opened: " + e.getMessage());
                    return Ack.LATER;
                }
                audit.record(click.actor(), click.actionId() + " " + Approvals.describe(Approvals.approvalOf(
                        click.args()).orElseThrow()), "dialog opened");
                return Ack.DONE;
            }
            case Actions.RETRY_BUILD, Actions.LINK_PERSON, Actions.CONFIRM_DEPLOY, Actions.CANCEL_DEPLOY -> {
                return Ack.LATER;
            }
            default -> {
                audit.record(click.actor(), "click " + click.actionId(), "ignored: not ours");
                return Ack.DONE;
            }
        }
    }

    private Ack acknowledge(Request.Command command) {
        CommandLine line = CommandLine.parse(command.text());
        return switch (line) {
            case CommandLine.Help help -> {
                audit.record(command.actor(), "command help", "answered");
                yield Ack.answer(Commands.help(command.command()));
            }
            case CommandLine.Invalid invalid -> {
                // not what was typed (a token pasted into the wrong box would be logged): the verb, if it is one
                audit.record(command.actor(), "command " + Commands.loggedVerb(command.text()),
                        "refused: not understood as typed");
                yield Ack.answer(Commands.invalid(command.command(), invalid.why()));
            }
            default -> Ack.LATER;
        };
    }

    /**
     * Does a request's work, once: a request claimed already (a redelivery, the chat's retry) does nothing.
     *
     * @throws TransientFailure when a port cannot answer now; the claim is released so that a retry acts
     */
    public void complete(Request request, Invocation invocation) {
        Deadline deadline = invocation.deadline();
        if (!ports.once().claim(request.requestId(), deadline)) {
            audit.record(request.actor(), kind(request), "duplicate: acted on already");
            return;
        }
        try {
            act(request, new Work(rules, ports, clock, audit, request.actor(), invocation));
        } catch (TransientFailure | MisconfigurationFailure e) {
            try {
                ports.once().release(request.requestId(), deadline);
            } catch (NotifierFailure released) {
                e.addSuppressed(released);
            }
            throw e;
        }
    }

    private void act(Request request, Work work) {
        switch (request) {
            case Request.Click click -> {
                switch (click.actionId()) {
                    case Actions.RETRY_BUILD -> Buttons.retry(work, click);
                    case Actions.LINK_PERSON -> Buttons.link(work, click);
                    case Actions.CONFIRM_DEPLOY -> Buttons.confirmDeploy(work, click);
                    case Actions.CANCEL_DEPLOY -> Buttons.cancelDeploy(work, click);
                    case Actions.APPROVE, Actions.REJECT -> Approvals.unopened(work, click);
                    default -> work.record("click " + click.actionId(), "ignored: not ours");
                }
            }
            case Request.Submission submission -> {
                if (submission.dialogId().equals(Actions.DECIDE_DIALOG)) {
                    Approvals.decide(work, submission);
                } else {
                    work.record("dialog " + submission.dialogId(), "ignored: not ours");
                }
            }
            case Request.Command command -> Commands.run(work, command, CommandLine.parse(command.text()));
            case Request.HomeOpened opened -> HomeTab.show(work, opened);
        }
    }

    private static String kind(Request request) {
        return switch (request) {
            case Request.Click click -> click.actionId();
            case Request.Submission submission -> submission.dialogId();
            case Request.Command command -> "command";
            case Request.HomeOpened opened -> "home";
        };
    }
}
