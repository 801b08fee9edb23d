package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the chat members behind commit emails, one recipient per distinct member: a lookup by
 * email; for a GitHub noreply address, a lookup of the public email of its user's profile; then the
 * alias table followed once (never in a loop). {@link Robots} are skipped: neither looked up nor
 * reported.
 */
public final class Recipients {
    private final ChatDirectory directory;
    private final PublicProfiles profiles;
    private final AliasBook aliases;

    public Recipients(ChatDirectory directory, AliasBook aliases) {
        this(directory, PublicProfiles.NONE, aliases);
    }

    public Recipients(ChatDirectory directory, PublicProfiles profiles, AliasBook aliases) {
        this.directory = directory;
        this.profiles = profiles;
        this.aliases = aliases;
    }

    /** A member to message, and the emails that led to them. */
    public record Recipient(String userId, List<String> emails) { }

    /** An email nobody could be found for, and why. */
    public record Unresolved(String email, String error) { }

    /**
     * @param robots the addresses skipped as {@link Robots}, for a debug line; nobody hears of them
     */
    public record Resolution(List<Recipient> recipients, List<Unresolved> unresolved, List<String> robots) {
        public Resolution {
            recipients = List.copyOf(recipients);
            unresolved = List.copyOf(unresolved);
            robots = List.copyOf(robots);
        }

        public Resolution(List<Recipient> recipients, List<Unresolved> unresolved) {
            this(recipients, unresolved, List.of());
        }

        /** The member each email was found as (emails lowercase). */
        public Map<String, String> memberByEmail() {
            Map<String, String> ids = new LinkedHashMap<>();
            recipients.forEach(r -> r.emails().forEach(e -> ids.put(e.toLowerCase(Locale.ROOT), r.userId())));
            return ids;
        }
    }

    public Resolution resolve(List<String> emails, Deadline deadline) {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        List<Unresolved> unresolved = new ArrayList<>();
        List<String> robots = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String email : emails) {
            if (email == null || email.isBlank() || seen.put(email.toLowerCase(Locale.ROOT), true) != null) {
                continue;
            }
            if (Robots.isRobot(email)) {
                robots.add(email);
                continue;
            }
            switch (lookup(email, deadline)) {
                case ChatDirectory.Lookup.Found found ->
                        byUser.computeIfAbsent(found.userId(), id -> new ArrayList<>()).add(email);
                case ChatDirectory.Lookup.Missing missing -> unresolved.add(new Unresolved(email, missing.error()));
            }
        }
        List<Recipient> recipients = new ArrayList<>();
        byUser.forEach((id, list) -> recipients.add(new Recipient(id, List.copyOf(list))));
        return new Resolution(recipients, unresolved, robots);
    }

    /** Addresses are at most 254 characters (RFC 5321); anything else is not looked up. */
    static final int MAX_EMAIL = 254;

    private ChatDirectory.Lookup lookup(String email, Deadline deadline) {
        if (email.length() > MAX_EMAIL || email.indexOf('@') <= 0) {
            return new ChatDirectory.Lookup.Missing("not an email address");
        }
        ChatDirectory.Lookup direct = directory.lookupByEmail(email, deadline);
        switch (direct) {
            case ChatDirectory.Lookup.Found found -> {
                return found;
            }
            case ChatDirectory.Lookup.Missing missing -> {
                // the user's public profile, or the alias table, may know the workspace address
            }
        }
        // a GitHub noreply address: the public email of the user's profile, before the alias table
        String profileNote = "";
        Optional<String> login = PublicProfiles.noreplyLogin(email);
        if (login.isPresent()) {
            PublicProfiles.Answer answer = profiles.publicEmail(login.get(), deadline);
            if (answer instanceof PublicProfiles.Answer.Email shown && usable(shown.email(), email)) {
                if (directory.lookupByEmail(shown.email(), deadline) instanceof ChatDirectory.Lookup.Found found) {
                    return found;
                }
                profileNote = "; nor for " + login.get() + "'s public email " + shown.email();
            } else if (answer instanceof PublicProfiles.Answer.NoEmail none) {
                profileNote = "; " + none.why();
            } else if (answer instanceof PublicProfiles.Answer.Unavailable unavailable) {
                profileNote = "; " + unavailable.why();
            }
        }
        ChatDirectory.Lookup unaliased = direct instanceof ChatDirectory.Lookup.Missing missing && !profileNote.isEmpty()
                ? new ChatDirectory.Lookup.Missing(missing.error() + profileNote) : direct;
        Optional<String> alias = aliases.workspaceEmail(email, deadline);
        if (alias.isEmpty() && !email.equals(email.toLowerCase(Locale.ROOT))) {
            alias = aliases.workspaceEmail(email.toLowerCase(Locale.ROOT), deadline);
        }
        if (alias.isEmpty() || alias.get().isBlank() || alias.get().equalsIgnoreCase(email)) {
            return unaliased;
        }
        String aliasEmail = alias.get();
        return switch (directory.lookupByEmail(aliasEmail, deadline)) {
            case ChatDirectory.Lookup.Found found -> found;
            case ChatDirectory.Lookup.Missing missing ->
                    new ChatDirectory.Lookup.Missing(missing.error() + " (also for its alias " + aliasEmail + ")"
                            + profileNote);
        };
    }

    /** A public email worth a lookup: an address, not the one just looked up, not a robot's. */
    private static boolean usable(String shown, String email) {
        return shown != null && shown.length() <= MAX_EMAIL && shown.indexOf('@') > 0 && !shown.equalsIgnoreCase(email)
                && !Robots.isRobot(shown);
    }
}
