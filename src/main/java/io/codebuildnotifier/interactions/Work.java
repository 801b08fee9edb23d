package io.codebuildnotifier.interactions;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/** One request's work: the rules, the ports, the asker's permissions, and how it answers and is recorded. */
final class Work {
    final Rules rules;
    final Ports ports;
    final Invocation invocation;
    final Actor actor;
    final Permissions permissions;
    private final Clock clock;
    private final Audit audit;

    Work(Rules rules, Ports ports, Clock clock, Audit audit, Actor actor, Invocation invocation) {
        this.rules = rules;
        this.ports = ports;
        this.clock = clock;
        this.audit = audit;
        this.actor = actor;
        this.invocation = invocation;
        this.permissions = new Permissions(rules, ports.conversation(), ports.directory(), actor,
                invocation.deadline());
    }

    Deadline deadline() {
        return invocation.deadline();
    }

    Instant now() {
        return clock.instant();
    }

    Conversation chat() {
        return ports.conversation();
    }

    /** Answers the asker where the chat said to; a request without a reply address is answered nowhere. */
    void tell(String replyTo, Answer answer) {
        if (replyTo == null || replyTo.isBlank()) {
            audit.record(actor, "answer", "not sent: the request gave no reply address");
            return;
        }
        ports.conversation().answer(replyTo, answer, deadline());
    }

    void record(String what, String result) {
        audit.record(actor, what, result);
    }

    /**
     * A step after the action itself was done (telling the asker, updating the message): a failure of it is logged
     * and not thrown, so that the request is not retried, since a retry could act again once the action's own
     * token has expired (CodeBuild keeps a retry's for five minutes).
     */
    void afterwards(String what, Runnable step) {
        try {
            step.run();
        } catch (io.codebuildnotifier.kernel.NotifierFailure e) {
            audit.record(actor, what, "done, but the chat was not told: " + io.codebuildnotifier.kernel.LogText.clip(
                    String.valueOf(e.getMessage()), 300));
        }
    }

    /** A stable token for an action: the same parts, the same token (a double click or a redelivery acts once). */
    static String token(String... parts) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update((part == null ? "" : part).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
