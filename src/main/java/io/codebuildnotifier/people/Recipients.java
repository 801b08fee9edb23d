package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the chat members behind commit emails: a lookup by email, then the alias table
 * followed once (never in a loop), one recipient per distinct member.
 */
public final class Recipients {
    private final ChatDirectory directory;
    private final AliasBook aliases;

    public Recipients(ChatDirectory directory, AliasBook aliases) {
        this.directory = directory;
        this.aliases = aliases;
    }

    /** A member to message, and the emails that led to them. */
    public record Recipient(String userId, List<String> emails) { }

    /** An email nobody could be found for, and why. */
    public record Unresolved(String email, String error) { }

    public record Resolution(List<Recipient> recipients, List<Unresolved> unresolved) { }

    public Resolution resolve(List<String> emails, Deadline deadline) {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        List<Unresolved> unresolved = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String email : emails) {
            if (email == null || email.isBlank() || seen.put(email.toLowerCase(Locale.ROOT), true) != null) {
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
        return new Resolution(List.copyOf(recipients), List.copyOf(unresolved));
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
                // the alias table may know the workspace address
            }
        }
        Optional<String> alias = aliases.workspaceEmail(email, deadline);
        if (alias.isEmpty() && !email.equals(email.toLowerCase(Locale.ROOT))) {
            alias = aliases.workspaceEmail(email.toLowerCase(Locale.ROOT), deadline);
        }
        if (alias.isEmpty() || alias.get().isBlank() || alias.get().equalsIgnoreCase(email)) {
            return direct;
        }
        String aliasEmail = alias.get();
        return switch (directory.lookupByEmail(aliasEmail, deadline)) {
            case ChatDirectory.Lookup.Found found -> found;
            case ChatDirectory.Lookup.Missing missing ->
                    new ChatDirectory.Lookup.Missing(missing.error() + " (also for its alias " + aliasEmail + ")");
        };
    }
}
