package io.codebuildnotifier.people;

import io.codebuildnotifier.kernel.Deadline;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public profiles of the git host's users, for the address a commit was made with when it is
 * one of GitHub's noreply addresses ({@code ID+LOGIN@users.noreply.github.com}, and the older
 * {@code LOGIN@users.noreply.github.com}): the email the user chose to show, if any.
 */
public interface PublicProfiles {
    /** Asks nobody: every user has no public email. */
    PublicProfiles NONE = (login, deadline) -> new Answer.NoEmail("public profiles are not asked");

    String NOREPLY_DOMAIN = "users.noreply.github.com";

    /** What a profile says of a user's email. */
    sealed interface Answer {
        /** The user shows this email on their profile. */
        record Email(String email) implements Answer { }

        /** Definitely none: the user shows no email, or there is no such user (worth remembering). */
        record NoEmail(String why) implements Answer { }

        /** The profile could not be read now (the host is down, or rate limited): nothing to remember. */
        record Unavailable(String why) implements Answer { }
    }

    /** The public email of the user {@code login}. Never throws for the host's failures: they are {@link Answer.Unavailable}. */
    Answer publicEmail(String login, Deadline deadline);

    /** A GitHub login: letters, digits and single inner hyphens, at most 39 characters. */
    Pattern NOREPLY = Pattern.compile("(?:[0-9]+\\+)?([a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38})@"
            + Pattern.quote(NOREPLY_DOMAIN));

    /**
     * The login behind a GitHub noreply address, when it is one ({@code 123+ada@…} and {@code ada@…}
     * give {@code ada}); empty for other addresses and for local parts that are no GitHub login
     * ({@code jane.doe@…}, {@code x[bot]@…}).
     */
    static Optional<String> noreplyLogin(String email) {
        if (email == null) {
            return Optional.empty();
        }
        Matcher m = NOREPLY.matcher(email.strip().toLowerCase(Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
