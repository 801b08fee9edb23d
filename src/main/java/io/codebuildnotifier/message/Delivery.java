package io.codebuildnotifier.message;

/**
 * One message sent, or not.
 *
 * @param role   why this target got it
 * @param target who or where (a member id, a channel)
 * @param about  the email or setting that led to the target
 * @param error  empty when delivered; the chat API's error otherwise
 */
public record Delivery(Role role, String target, String about, String error) {
    public enum Role { DIRECT_MESSAGE, CHANNEL, ADMIN_NOTICE }

    public boolean delivered() {
        return error == null || error.isEmpty();
    }

    @Override
    public String toString() {
        String who = switch (role) {
            case DIRECT_MESSAGE -> "DM " + target + " (" + about + ")";
            case CHANNEL -> "channel " + target;
            case ADMIN_NOTICE -> "admin " + target + " (about " + about + ")";
        };
        return delivered() ? who : who + " failed: " + error;
    }
}
