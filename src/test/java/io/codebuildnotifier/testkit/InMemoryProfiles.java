package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.PublicProfiles;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Public profiles, like {@code GitHubUsers} against github.com: users by login (case-insensitively),
 * with or without a public email; an unknown login has no such user; {@link #unavailable} makes
 * every answer {@link PublicProfiles.Answer.Unavailable} (GitHub down or rate limited). Records every
 * login asked for, in order. Thread-safe.
 */
public final class InMemoryProfiles implements PublicProfiles {
    private final Map<String, String> emails = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;

    /** A user who shows {@code email} on their profile; an empty one shows none. */
    public InMemoryProfiles user(String login, String email) {
        emails.put(login.toLowerCase(Locale.ROOT), email);
        return this;
    }

    /** Whether the host answers at all. */
    public InMemoryProfiles unavailable(boolean down) {
        this.unavailable = down;
        return this;
    }

    @Override
    public Answer publicEmail(String login, Deadline deadline) {
        asked.add(login);
        if (unavailable) {
            return new Answer.Unavailable("GitHub profile of " + login + " not read: HTTP 503");
        }
        String email = emails.get(login.toLowerCase(Locale.ROOT));
        if (email == null) {
            return new Answer.NoEmail("no GitHub user " + login);
        }
        return email.isEmpty() ? new Answer.NoEmail("GitHub user " + login + " shows no public email")
                : new Answer.Email(email);
    }

    /** The logins asked for, in order. */
    public List<String> asked() {
        return List.copyOf(asked);
    }
}
