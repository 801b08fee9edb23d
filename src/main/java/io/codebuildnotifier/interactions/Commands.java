package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Preference;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The slash command: where things stand, one's own preferences, deploys and runs, help. Public only for
 * {@link #loggedVerb}, which the interactions function's log lines use too.
 */
public final class Commands {
    /** Projects shown by {@code status} without an argument. */
    static final int RECENT = 10;
    /** Executions shown by {@code runs}. */
    static final int RUNS = 5;
    /** Builds shown by {@code status} at most (a project with many open pull requests). */
    static final int MAX_STANDINGS = 20;
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Commands() {
    }

    static Answer help(String command) {
        return new Answer("What " + command + " does", List.of(
                command + " status [PROJECT|REPOSITORY]: where builds stand (no name: the latest projects)",
                command + " mute [PROJECT|all] [for DURATION]: no DMs about it (DURATION like 30m, 2h, 1d, 1w)",
                command + " unmute [PROJECT|all]: DMs again",
                command + " notify every_build|status_change|fail_or_status_change|default: when your DMs come",
                command + " prefs: your mutes and strategy",
                command + " deploy PIPELINE: start a pipeline, after a confirmation (approvers only)",
                command + " runs PIPELINE: its latest executions",
                command + " help: this",
                "Channel posts are the same for everybody; your preferences change your DMs only."),
                List.of(), List.of(), false, false);
    }

    /** A command not understood: why, then the help. */
    static Answer invalid(String command, String why) {
        Answer help = help(command);
        List<String> lines = new ArrayList<>();
        lines.add(why);
        lines.addAll(help.lines());
        return new Answer(help.title(), lines, List.of(), List.of(), false, false);
    }

    static void run(Work work, Request.Command command, CommandLine line) {
        switch (line) {
            case CommandLine.Status status -> status(work, command, status);
            case CommandLine.Mute mute -> mute(work, command, mute);
            case CommandLine.Unmute unmute -> unmute(work, command, unmute);
            case CommandLine.Notify notify -> notify(work, command, notify);
            case CommandLine.Prefs prefs -> prefs(work, command);
            case CommandLine.Deploy deploy -> deploy(work, command, deploy);
            case CommandLine.Runs runs -> runs(work, command, runs);
            case CommandLine.Help help -> {
                work.record("command help", "answered");
                work.tell(command.replyTo(), help(command.command()));
            }
            case CommandLine.Invalid invalid -> {
                work.record("command " + loggedVerb(command.text()), "refused: not understood as typed");
                work.tell(command.replyTo(), invalid(command.command(), invalid.why()));
            }
        }
    }

    private static void status(Work work, Request.Command command, CommandLine.Status status) {
        List<StatusBoard.Standing> standings;
        String title;
        if (status.subject().isEmpty()) {
            standings = work.ports.board().recent(RECENT, work.deadline());
            title = "The latest builds";
        } else {
            String subject = status.subject().get();
            standings = work.ports.board().ofProject(subject, work.deadline());
            title = "Where " + subject + " stands";
            if (standings.isEmpty()) {
                standings = work.ports.board().ofRepository(subject, work.deadline());
            }
        }
        work.record("command status " + status.subject().map(Texts::loggable).orElse(""), standings.size()
                + " build(s)");
        if (standings.isEmpty()) {
            work.tell(command.replyTo(), Answer.of(status.subject()
                    .map(s -> "No builds of a project or repository named " + s + " in the history.")
                    .orElse("No builds in the history yet.")));
            return;
        }
        List<String> lines = new ArrayList<>();
        List<Answer.LinkedText> links = new ArrayList<>();
        for (StatusBoard.Standing s : standings.stream().limit(MAX_STANDINGS).toList()) {
            lines.add(line(s, work.now()));
            if (s.url() != null && !s.url().isBlank()) {
                links.add(new Answer.LinkedText(s.project() + " " + s.place(), s.url()));
            }
        }
        if (standings.size() > MAX_STANDINGS) {
            lines.add("… and " + (standings.size() - MAX_STANDINGS) + " more.");
        }
        work.tell(command.replyTo(), new Answer(title, lines, links, List.of(), false, false));
    }

    /** {@code web · main: FAILED, 3h ago}. */
    static String line(StatusBoard.Standing s, Instant now) {
        String place = s.place() == null || s.place().isBlank() ? "" : " · " + s.place();
        return s.project() + place + ": " + s.status() + ", " + Texts.age(s.at(), now);
    }

    private static void mute(Work work, Request.Command command, CommandLine.Mute mute) {
        Instant now = work.now();
        Preference current = work.ports.preferences().of(work.actor.chatId(), work.deadline());
        List<Preference.Mute> mutes = new ArrayList<>(live(current, now).stream()
                .filter(m -> !m.subject().equalsIgnoreCase(mute.subject())).toList());
        Optional<Instant> until = mute.duration().map(now::plus);
        mutes.add(new Preference.Mute(mute.subject(), until));
        work.ports.preferences().save(new Preference(current.chatId(), mutes, current.strategy()), work.deadline());
        String what = mute.subject().equals(Preference.ALL) ? "all your DMs" : "your DMs about " + mute.subject();
        String how = until.map(u -> " until " + UNTIL.format(u)).orElse(" until you unmute");
        work.record("command mute " + Texts.loggable(mute.subject()) + mute.duration().map(d -> " for " + d)
                .orElse(""), "saved");
        work.tell(command.replyTo(), Answer.of("Muted " + what + how + ". Channel posts are unchanged."));
    }

    private static void unmute(Work work, Request.Command command, CommandLine.Unmute unmute) {
        Instant now = work.now();
        Preference current = work.ports.preferences().of(work.actor.chatId(), work.deadline());
        List<Preference.Mute> live = live(current, now);
        List<Preference.Mute> kept = unmute.subject().equals(Preference.ALL) ? List.of()
                : live.stream().filter(m -> !m.subject().equalsIgnoreCase(unmute.subject())).toList();
        if (kept.size() == live.size()) {
            work.record("command unmute " + Texts.loggable(unmute.subject()), "nothing muted");
            work.tell(command.replyTo(), Answer.of(unmute.subject().equals(Preference.ALL) ? "Nothing was muted."
                    : unmute.subject() + " was not muted" + (live.stream().anyMatch(m -> m.subject()
                    .equals(Preference.ALL)) ? " on its own (all your DMs are: unmute all)." : ".")));
            return;
        }
        work.ports.preferences().save(new Preference(current.chatId(), kept, current.strategy()), work.deadline());
        work.record("command unmute " + Texts.loggable(unmute.subject()), "saved");
        work.tell(command.replyTo(), Answer.of(unmute.subject().equals(Preference.ALL) ? "Unmuted all your DMs."
                : "Unmuted your DMs about " + unmute.subject() + "."));
    }

    private static void notify(Work work, Request.Command command, CommandLine.Notify notify) {
        Preference current = work.ports.preferences().of(work.actor.chatId(), work.deadline());
        work.ports.preferences().save(new Preference(current.chatId(), live(current, work.now()), notify.strategy()),
                work.deadline());
        work.record("command notify " + notify.strategy().map(s -> s.id()).orElse("default"), "saved");
        work.tell(command.replyTo(), Answer.of(notify.strategy()
                .map(s -> "Your DMs now follow " + s.id() + ". Channel posts are unchanged.")
                .orElse("Your DMs follow the default strategy again.")));
    }

    private static void prefs(Work work, Request.Command command) {
        Preference current = work.ports.preferences().of(work.actor.chatId(), work.deadline());
        work.record("command prefs", "answered");
        work.tell(command.replyTo(), new Answer("Your preferences", describe(current, work.now()), List.of(),
                List.of(), false, false));
    }

    /** A person's preferences in words, for {@code prefs} and the home. */
    static List<String> describe(Preference preference, Instant now) {
        List<String> lines = new ArrayList<>();
        List<Preference.Mute> live = live(preference, now);
        if (live.isEmpty()) {
            lines.add("Nothing muted.");
        }
        for (Preference.Mute m : live) {
            String what = m.subject().equals(Preference.ALL) ? "All your DMs" : m.subject();
            lines.add("Muted: " + what + m.until().map(u -> ", until " + UNTIL.format(u) + " (" + Texts.within(u, now)
                    + ")").orElse(", until you unmute"));
        }
        lines.add("DMs: " + preference.strategy().map(s -> s.id()).orElse("the default strategy"));
        return lines;
    }

    private static List<Preference.Mute> live(Preference preference, Instant now) {
        return preference.mutes().stream().filter(m -> m.until().map(now::isBefore).orElse(true)).toList();
    }

    private static void deploy(Work work, Request.Command command, CommandLine.Deploy deploy) {
        String what = "command deploy " + Texts.loggable(deploy.pipeline());
        if (!work.permissions.isApprover()) {
            work.record(what, "refused: not an approver");
            work.tell(command.replyTo(), Answer.of("You are not allowed to deploy: only the approvers may."));
            return;
        }
        work.record(what, "asked to confirm");
        Map<String, String> args = Map.of(Actions.PIPELINE, deploy.pipeline(), Actions.NONCE, command.requestId());
        work.tell(command.replyTo(), new Answer("Deploy " + deploy.pipeline() + "?", List.of(
                "This starts a new execution of " + deploy.pipeline() + " with the latest changes of its sources."),
                List.of(), List.of(
                new Answer.Button(Actions.CONFIRM_DEPLOY, "Deploy", args, Answer.Button.Style.PRIMARY),
                new Answer.Button(Actions.CANCEL_DEPLOY, "Cancel", Map.of(Actions.PIPELINE, deploy.pipeline()),
                        Answer.Button.Style.DEFAULT)), false, false));
    }

    private static void runs(Work work, Request.Command command, CommandLine.Runs runs) {
        String what = "command runs " + Texts.loggable(runs.pipeline());
        List<PipelineRuns.Run> latest;
        try {
            latest = work.ports.runs().latest(runs.pipeline(), RUNS, work.deadline());
        } catch (PermanentFailure e) {
            work.record(what, "failed: " + e.getMessage());
            work.tell(command.replyTo(), Answer.of("No executions of " + runs.pipeline() + " could be read: "
                    + e.getMessage()));
            return;
        }
        work.record(what, latest.size() + " run(s)");
        if (latest.isEmpty()) {
            work.tell(command.replyTo(), Answer.of(runs.pipeline() + " has no executions."));
            return;
        }
        List<String> lines = new ArrayList<>();
        List<Answer.LinkedText> links = new ArrayList<>();
        for (PipelineRuns.Run run : latest) {
            String revision = run.revision() == null || run.revision().isBlank() ? ""
                    : ", " + (run.revision().length() > 7 ? run.revision().substring(0, 7) : run.revision());
            String trigger = run.trigger() == null || run.trigger().isBlank() ? "" : ", " + run.trigger();
            lines.add(shortId(run.executionId()) + ": " + run.status() + ", started " + Texts.age(run.started(),
                    work.now()) + trigger + revision);
            links.add(new Answer.LinkedText("execution " + shortId(run.executionId()),
                    work.ports.runs().executionUrl(runs.pipeline(), run.executionId())));
        }
        work.tell(command.replyTo(), new Answer("The latest runs of " + runs.pipeline(), lines, links, List.of(),
                false, false));
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** The verbs a command may start with. */
    private static final java.util.Set<String> VERBS = java.util.Set.of("help", "?", "status", "mute", "unmute",
            "notify", "prefs", "preferences", "deploy", "runs");

    /**
     * What a log line may say of a command's text: its verb when it is one of ours, else {@code (unknown)}; never
     * what was typed (a token pasted into the wrong box, a private name).
     */
    public static String loggedVerb(String text) {
        String word = text == null ? "" : text.strip().split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
        return VERBS.contains(word) ? word : word.isEmpty() ? "(none)" : "(unknown)";
    }
}
