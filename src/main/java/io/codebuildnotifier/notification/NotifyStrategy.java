package io.codebuildnotifier.notification;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** When a build's people hear about it. */
public enum NotifyStrategy {
    /** Every build, whatever its status. */
    EVERY_BUILD,
    /** The first build of a PR or branch, then whenever pass/fail differs from the previous build. */
    STATUS_CHANGE,
    /** Every failure, and every change of status. */
    FAIL_OR_STATUS_CHANGE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NotifyStrategy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id().equals(v)).findFirst();
    }

    public static String validIds() {
        return Arrays.stream(values()).map(NotifyStrategy::id).collect(Collectors.joining(", "));
    }
}
