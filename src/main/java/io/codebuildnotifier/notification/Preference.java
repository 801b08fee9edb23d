package io.codebuildnotifier.notification;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One person's own say over their direct messages: what they muted (a project, pipeline or repository, or all, for
 * a while or until unmuted) and the notify strategy that replaces the default for their DMs only. Channel posts are
 * never affected.
 *
 * @param chatId   the person's chat member id
 * @param mutes    what is muted
 * @param strategy the person's own strategy; empty for the default
 */
public record Preference(String chatId, List<Mute> mutes, Optional<NotifyStrategy> strategy) {
    /** Every subject. */
    public static final String ALL = "*";

    public Preference {
        Objects.requireNonNull(chatId, "chatId");
        mutes = List.copyOf(mutes);
        strategy = strategy == null ? Optional.empty() : strategy;
    }

    public static Preference none(String chatId) {
        return new Preference(chatId, List.of(), Optional.empty());
    }

    /** Whether a DM about this subject (a project, pipeline or repository name) is muted at this time. */
    public boolean mutes(String subject, Instant now) {
        return mutes.stream().anyMatch(m -> m.covers(subject, now));
    }

    /**
     * @param subject a project, pipeline or repository name, or {@link #ALL}
     * @param until   when the mute ends; empty for until unmuted
     */
    public record Mute(String subject, Optional<Instant> until) {
        public Mute {
            Objects.requireNonNull(subject, "subject");
            until = until == null ? Optional.empty() : until;
        }

        public boolean covers(String what, Instant now) {
            return (subject.equals(ALL) || subject.equalsIgnoreCase(what)) && until.map(now::isBefore).orElse(true);
        }
    }
}
