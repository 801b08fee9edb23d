package io.codebuildnotifier.people;

import java.util.Locale;
import java.util.Set;

/**
 * Commit identities that belong to no person: nobody is looked up or reported for them, and no
 * admin hears about them. The whole list is here, and kept small:
 * <ul>
 *   <li>{@code noreply@github.com}: "GitHub", the committer GitHub's web-flow writes for merges,
 *       squashes, rebases, reverts and edits made with its web buttons;</li>
 *   <li>{@code LOGIN[bot]@users.noreply.github.com} (with or without the {@code ID+} prefix): every
 *       GitHub App, e.g. {@code 49699333+dependabot[bot]@…} and the Actions bot
 *       {@code 41898282+github-actions[bot]@…};</li>
 *   <li>{@code action@github.com} and {@code actions@github.com}: what workflows commonly configure as
 *       the committer of the commits they push ("GitHub Action").</li>
 * </ul>
 */
public final class Robots {
    /** Addresses no person has, lowercase. */
    static final Set<String> ADDRESSES = Set.of("noreply@github.com", "action@github.com", "actions@github.com");
    /** GitHub Apps commit as {@code [ID+]LOGIN[bot]} at this domain. */
    static final String BOT_SUFFIX = "[bot]@" + PublicProfiles.NOREPLY_DOMAIN;

    private Robots() {
    }

    /** Whether an address is one of the robots above (case-insensitively). */
    public static boolean isRobot(String email) {
        if (email == null) {
            return false;
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        return ADDRESSES.contains(address) || address.endsWith(BOT_SUFFIX);
    }
}
