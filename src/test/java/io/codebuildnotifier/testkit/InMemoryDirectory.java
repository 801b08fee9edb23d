package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ChatDirectory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A chat workspace: members by email (case-insensitively, as Slack matches them) and admins by
 * member id, email or name. An email nobody has answers {@code users_not_found}. Records every
 * lookup by email, in order. Thread-safe.
 */
public final class InMemoryDirectory implements ChatDirectory {
    private final Map<String, String> members = new ConcurrentHashMap<>();
    private final Map<String, String> admins = new ConcurrentHashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    /** A member who registered with {@code email}. */
    public InMemoryDirectory member(String email, String userId) {
        members.put(email.toLowerCase(Locale.ROOT), userId);
        return this;
    }

    /** An admin found by {@code name} (a username or an email) or by the member id itself. */
    public InMemoryDirectory admin(String name, String userId) {
        admins.put(name.toLowerCase(Locale.ROOT), userId);
        admins.put(userId.toLowerCase(Locale.ROOT), userId);
        return this;
    }

    @Override
    public Lookup lookupByEmail(String email, Deadline deadline) {
        lookups.add(email);
        String id = members.get(email.toLowerCase(Locale.ROOT));
        return id == null ? new Lookup.Missing("users_not_found") : new Lookup.Found(id);
    }

    @Override
    public Optional<String> resolveAdmin(String admin, Deadline deadline) {
        return Optional.ofNullable(admins.get(admin.toLowerCase(Locale.ROOT)));
    }

    /** The emails looked up, in order. */
    public List<String> lookups() {
        return List.copyOf(lookups);
    }

    public void clearLookups() {
        lookups.clear();
    }
}
