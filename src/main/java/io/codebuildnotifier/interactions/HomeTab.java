package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Preference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A person's home: their builds, their preferences, and the notifier's own health. */
final class HomeTab {
    /** Builds shown at most. */
    static final int BUILDS = 10;
    /** Projects whose watched branches are shown at most. */
    static final int PROJECTS = 5;

    private HomeTab() {
    }

    static void show(Work work, Request.HomeOpened opened) {
        Instant now = work.now();
        List<Home.Section> sections = new ArrayList<>();
        List<StatusBoard.Standing> mine = mine(work);
        sections.add(builds(work, mine, now));
        sections.add(watched(work, mine, now));
        Preference preference = work.ports.preferences().of(work.actor.chatId(), work.deadline());
        sections.add(new Home.Section("Your preferences", Commands.describe(preference, now).stream()
                .map(l -> new Home.Line(l, "")).toList()));
        sections.add(health(work, now));
        work.chat().showHome(work.actor.chatId(), new Home(sections), work.deadline());
        work.record("home", "shown");
    }

    /** The person's latest builds (their PRs and branches); empty when the chat does not give their address. */
    private static List<StatusBoard.Standing> mine(Work work) {
        Optional<String> email = work.permissions.email();
        return email.isEmpty() ? List.of() : work.ports.board().involving(email.get(), BUILDS, work.deadline());
    }

    /**
     * Where the whitelisted branches of the person's projects stand (at most {@link #PROJECTS} projects): the
     * branches everybody's work lands on.
     */
    private static Home.Section watched(Work work, List<StatusBoard.Standing> mine, Instant now) {
        List<Home.Line> lines = new ArrayList<>();
        mine.stream().map(StatusBoard.Standing::project).distinct().limit(PROJECTS).forEach(project ->
                work.ports.board().ofProject(project, work.deadline()).stream()
                        .filter(s -> !s.place().startsWith("PR "))
                        .forEach(s -> lines.add(new Home.Line(Commands.line(s, now), s.url() == null ? "" : s.url()))));
        return new Home.Section("Watched branches of your projects", lines.isEmpty()
                ? List.of(new Home.Line("No whitelisted branch of your projects has a build in the history yet.", ""))
                : lines);
    }

    private static Home.Section builds(Work work, List<StatusBoard.Standing> mine, Instant now) {
        Optional<String> email = work.permissions.email();
        if (email.isEmpty()) {
            return new Home.Section("Your builds", List.of(new Home.Line(work.rules.chatName()
                    + " does not share your address with the notifier, so your builds cannot be found.", "")));
        }
        List<Home.Line> lines = mine.isEmpty()
                ? List.of(new Home.Line("No builds of your commits in the history yet.", ""))
                : mine.stream().map(s -> new Home.Line(Commands.line(s, now), s.url() == null ? "" : s.url())).toList();
        return new Home.Section("Your builds", lines);
    }

    private static Home.Section health(Work work, Instant now) {
        Health.Report report;
        try {
            report = work.ports.health().read(work.deadline());
        } catch (TransientFailure e) {
            return new Home.Section("The notifier", List.of(new Home.Line("Its health could not be read just now.",
                    "")));
        }
        List<Home.Line> lines = new ArrayList<>();
        lines.add(new Home.Line(report.lastReconciliation()
                .map(at -> "Last reconciliation: " + Texts.age(at, now) + ", it recovered " + report.recovered()
                        + " missed build(s)")
                .orElse("Last reconciliation: never recorded"), ""));
        if (report.waiting().isEmpty()) {
            lines.add(new Home.Line("Failures waiting: not counted (no failure queue is known or could be read)", ""));
        }
        for (Map.Entry<String, Integer> queue : report.waiting().entrySet()) { // in the order given
            lines.add(new Home.Line("Failures waiting in " + queue.getKey() + ": " + queue.getValue(), ""));
        }
        return new Home.Section("The notifier", lines);
    }
}
