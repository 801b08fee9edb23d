package io.codebuildnotifier.interactions;

import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Preference;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A slash command's text, read: what is asked, or why it cannot be done as typed. */
sealed interface CommandLine {

    record Status(Optional<String> subject) implements CommandLine { }

    /** @param subject a project, pipeline or repository, or {@link Preference#ALL} */
    record Mute(String subject, Optional<Duration> duration) implements CommandLine { }

    record Unmute(String subject) implements CommandLine { }

    /** @param strategy empty for {@code default} */
    record Notify(Optional<NotifyStrategy> strategy) implements CommandLine { }

    record Prefs() implements CommandLine { }

    record Deploy(String pipeline) implements CommandLine { }

    record Runs(String pipeline) implements CommandLine { }

    record Help() implements CommandLine { }

    /** Not understood: the line to answer with (help follows it). */
    record Invalid(String why) implements CommandLine { }

    static CommandLine parse(String text) {
        List<String> words = text == null || text.isBlank() ? List.of()
                : Arrays.asList(text.strip().split("\\s+"));
        if (words.isEmpty()) {
            return new Help();
        }
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = words.subList(1, words.size());
        return switch (verb) {
            case "help", "?" -> new Help();
            case "status" -> status(rest);
            case "mute" -> mute(rest);
            case "unmute" -> unmute(rest);
            case "notify" -> notify(rest);
            case "prefs", "preferences" -> rest.isEmpty() ? new Prefs() : new Invalid("prefs takes no arguments.");
            case "deploy" -> pipeline("deploy", rest).map(p -> (CommandLine) new Deploy(p))
                    .orElseGet(() -> invalidPipeline("deploy", rest));
            case "runs" -> pipeline("runs", rest).map(p -> (CommandLine) new Runs(p))
                    .orElseGet(() -> invalidPipeline("runs", rest));
            default -> new Invalid("I don't know " + Texts.quoted(words.get(0)) + ".");
        };
    }

    private static CommandLine status(List<String> rest) {
        if (rest.isEmpty()) {
            return new Status(Optional.empty());
        }
        if (rest.size() > 1) {
            return new Invalid("status takes one project or repository name.");
        }
        return subject(rest.get(0)).map(s -> (CommandLine) new Status(Optional.of(s)))
                .orElseGet(() -> new Invalid(Texts.quoted(rest.get(0)) + " is not a project or repository name."));
    }

    private static CommandLine mute(List<String> rest) {
        String subject = Preference.ALL;
        List<String> args = rest;
        if (!args.isEmpty() && !args.get(0).equalsIgnoreCase("for")) {
            Optional<String> named = muteSubject(args.get(0));
            if (named.isEmpty()) {
                return new Invalid(Texts.quoted(args.get(0)) + " is not a project, pipeline or repository name.");
            }
            subject = named.get();
            args = args.subList(1, args.size());
        }
        if (args.isEmpty()) {
            return new Mute(subject, Optional.empty());
        }
        if (!args.get(0).equalsIgnoreCase("for") || args.size() != 2) {
            return new Invalid("Mute with \"mute [PROJECT|all] [for DURATION]\", a duration like 30m, 2h, 1d or 1w.");
        }
        Optional<Duration> duration = Texts.duration(args.get(1));
        if (duration.isEmpty()) {
            return new Invalid(Texts.quoted(args.get(1)) + " is not a duration: use minutes, hours, days or weeks"
                    + " like 30m, 2h, 1d or 1w (at most a year).");
        }
        return new Mute(subject, duration);
    }

    private static CommandLine unmute(List<String> rest) {
        if (rest.isEmpty()) {
            return new Unmute(Preference.ALL);
        }
        if (rest.size() > 1) {
            return new Invalid("unmute takes one project name, or all.");
        }
        return muteSubject(rest.get(0)).map(s -> (CommandLine) new Unmute(s))
                .orElseGet(() -> new Invalid(Texts.quoted(rest.get(0))
                        + " is not a project, pipeline or repository name."));
    }

    private static CommandLine notify(List<String> rest) {
        String valid = NotifyStrategy.validIds() + " or default";
        if (rest.size() != 1) {
            return new Invalid("Choose how your DMs come with \"notify " + valid.replace(", ", "|")
                    .replace(" or ", "|") + "\".");
        }
        String choice = rest.get(0);
        if (choice.equalsIgnoreCase("default")) {
            return new Notify(Optional.empty());
        }
        Optional<NotifyStrategy> strategy = NotifyStrategy.parse(choice);
        return strategy.isPresent() ? new Notify(strategy)
                : new Invalid(Texts.quoted(choice) + " is not a strategy: use " + valid + ".");
    }

    private static Optional<String> pipeline(String verb, List<String> rest) {
        return rest.size() == 1 && Texts.PIPELINE.matcher(rest.get(0)).matches() ? Optional.of(rest.get(0))
                : Optional.empty();
    }

    private static CommandLine invalidPipeline(String verb, List<String> rest) {
        return rest.isEmpty() || rest.size() > 1 ? new Invalid(verb + " takes one pipeline name: \"" + verb
                + " PIPELINE\".") : new Invalid(Texts.quoted(rest.get(0)) + " is not a pipeline name.");
    }

    private static Optional<String> muteSubject(String word) {
        return word.equalsIgnoreCase("all") || word.equals(Preference.ALL) ? Optional.of(Preference.ALL)
                : subject(word);
    }

    private static Optional<String> subject(String word) {
        return Texts.SUBJECT.matcher(word).matches() ? Optional.of(word) : Optional.empty();
    }
}
