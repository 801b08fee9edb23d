package io.codebuildnotifier.interactions;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words answers share: ages, durations, names. */
final class Texts {
    /** A pipeline's name as CodePipeline allows it. */
    static final Pattern PIPELINE = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");
    /** A project, repository ({@code owner/name}) or pipeline name, as a command may give it. */
    static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.@_/-]{0,254}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,4})([mhdw])");
    /** The longest mute: a year. */
    static final Duration MAX_MUTE = Duration.ofDays(366);

    private Texts() {
    }

    /** {@code just now}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}; a time in the future reads {@code just now}. */
    static String age(Instant at, Instant now) {
        if (at == null) {
            return "at an unknown time";
        }
        long seconds = Duration.between(at, now).toSeconds();
        if (seconds < 60) {
            return "just now";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h ago";
        }
        return seconds / 86_400 + "d ago";
    }

    /** {@code in 5m}, {@code in 3h}, {@code in 2d}. */
    static String within(Instant at, Instant now) {
        long seconds = Math.max(0, Duration.between(now, at).toSeconds());
        if (seconds < 3600) {
            return "in " + Math.max(1, (seconds + 59) / 60) + "m";
        }
        if (seconds < 86_400) {
            return "in " + seconds / 3600 + "h";
        }
        return "in " + seconds / 86_400 + "d";
    }

    /** {@code 30m}, {@code 2h}, {@code 1d}, {@code 1w}: positive, at most {@link #MAX_MUTE}; empty otherwise. */
    static Optional<Duration> duration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        return d.isZero() || d.compareTo(MAX_MUTE) > 0 ? Optional.empty() : Optional.of(d);
    }

    /** How a person is named in notes and logs: the chat's name for them, else their id. */
    static String nameOf(Actor actor) {
        return actor.name().isBlank() ? actor.chatId() : actor.name().strip();
    }

    /**
     * A name a person typed, as the log may keep it: withheld when it looks like a credential pasted into the
     * wrong box (a Slack, GitHub or AWS key), which a name never does.
     */
    static String loggable(String typed) {
        String t = typed == null ? "" : typed.strip();
        return t.matches("(?i)(xox[a-z]-|xapp-|ghp_|gho_|ghs_|github_pat_|AKIA|ASIA).*") || t.length() > 100
                ? "(a name withheld from the log)" : t;
    }

    /** Text a person typed, made safe to repeat in an answer: one line, at most 60 characters. */
    static String quoted(String typed) {
        return "'" + io.codebuildnotifier.kernel.LogText.abbreviate(typed, 60) + "'";
    }
}
