package io.codebuildnotifier.notification;

import java.time.Duration;
import java.util.Locale;

/** How long something took, in the words every message uses. */
public final class Durations {
    private Durations() {
    }

    /** {@code 42s}, {@code 4m 05s}, {@code 1h 02m}; a negative duration reads {@code 0s}. */
    public static String inWords(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
