package io.codebuildnotifier.notification;

/** Keys that name a message's target in a marker, so that a retry knows what was sent. */
final class Target {
    private Target() {
    }

    public static String directMessage(String userId) {
        return "dm:" + userId;
    }

    public static String channel(String channel) {
        return "channel:" + channel;
    }

    /** A target and where it points. */
    record Parsed(Delivery.Role role, String destination) {
    }

    /** The destination of a {@code dm:} or {@code channel:} target; admin notices are not followed. */
    static java.util.Optional<Parsed> parse(String target) {
        if (target.startsWith("dm:") && target.length() > 3) {
            return java.util.Optional.of(new Parsed(Delivery.Role.DIRECT_MESSAGE, target.substring(3)));
        }
        if (target.startsWith("channel:") && target.length() > 8) {
            return java.util.Optional.of(new Parsed(Delivery.Role.CHANNEL, target.substring(8)));
        }
        return java.util.Optional.empty();
    }

    public static String adminNotice(String adminId, String email) {
        return "admin:" + adminId + ":" + email.toLowerCase(java.util.Locale.ROOT);
    }
}
