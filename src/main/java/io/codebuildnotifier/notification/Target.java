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

    public static String adminNotice(String adminId, String email) {
        return "admin:" + adminId + ":" + email.toLowerCase(java.util.Locale.ROOT);
    }
}
