package io.codebuildnotifier.sources.push;

/** Who pushed, as a person reads it: the name at the end of the caller's ARN. */
final class Pushers {
    private Pushers() {
    }

    /**
     * {@code arn:aws:iam::123:user/jane} (or {@code user/team/jane}) is {@code jane};
     * {@code arn:aws:sts::123:assumed-role/Role/jane@example.com} is {@code jane@example.com} (the session
     * name); {@code arn:aws:sts::123:federated-user/jane} is {@code jane}; {@code arn:aws:iam::123:root} is
     * {@code root}. Empty when the ARN is empty or says no name.
     */
    static String name(String callerArn) {
        if (callerArn == null || !callerArn.startsWith("arn:")) {
            return "";
        }
        String[] parts = callerArn.split(":", 6);
        if (parts.length < 6 || parts[5].isEmpty()) {
            return "";
        }
        String resource = parts[5];
        if (resource.equals("root")) {
            return "root";
        }
        int slash = resource.lastIndexOf('/');
        String name = slash < 0 ? "" : resource.substring(slash + 1);
        return name.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? "" : name;
    }
}
