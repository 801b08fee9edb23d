package io.codebuildnotifier.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.people.Recipients.Recipient;
import io.codebuildnotifier.people.Recipients.Resolution;
import io.codebuildnotifier.people.Recipients.Unresolved;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryProfileCache;
import io.codebuildnotifier.testkit.InMemoryProfiles;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientsTest {
    private static final Deadline DEADLINE = Deadline.in(java.time.Duration.ofMinutes(1));

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryAliasBook aliases = new InMemoryAliasBook();
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final Recipients recipients = new Recipients(directory, profiles, aliases);

    private Resolution resolve(String... emails) {
        return recipients.resolve(Arrays.asList(emails), DEADLINE);
    }

    @Test
    void authorWhoIsAlsoCommitterIsMessagedOnce() {
        directory.member("ada@example.com", "U1");

        Resolution resolution = resolve("ada@example.com", "ada@example.com");

        assertEquals(List.of(new Recipient("U1", List.of("ada@example.com"))), resolution.recipients());
        assertEquals(List.of(), resolution.unresolved());
        assertEquals(List.of("ada@example.com"), directory.lookups());
        assertEquals(List.of(), aliases.lookups(), "a member found directly needs no alias");
    }

    @Test
    void distinctEmailsOfOneMemberGiveOneRecipient() {
        directory.member("ada@example.com", "U1").member("ada@users.noreply.github.com", "U1");

        Resolution resolution = resolve("ada@example.com", "ada@users.noreply.github.com");

        assertEquals(List.of(new Recipient("U1", List.of("ada@example.com", "ada@users.noreply.github.com"))),
                resolution.recipients());
    }

    @Test
    void authorAndCommitterWhoAreDifferentPeopleBothGetAMessage() {
        directory.member("ada@example.com", "U1").member("grace@example.com", "U2");

        Resolution resolution = resolve("ada@example.com", "grace@example.com");

        assertEquals(List.of(new Recipient("U1", List.of("ada@example.com")),
                new Recipient("U2", List.of("grace@example.com"))), resolution.recipients());
    }

    @Test
    void caseInsensitiveDuplicatesCollapse() {
        directory.member("ada@example.com", "U1");

        Resolution resolution = resolve("Ada@Example.COM", "ada@example.com");

        assertEquals(List.of(new Recipient("U1", List.of("Ada@Example.COM"))), resolution.recipients());
        assertEquals(1, directory.lookups().size(), directory.lookups().toString());
    }

    @Test
    void blankEmailsAreSkipped() {
        Resolution resolution = resolve("", "  ", null);

        assertEquals(new Resolution(List.of(), List.of()), resolution);
        assertEquals(List.of(), directory.lookups());
    }

    @Test
    void notFoundFollowsTheAliasOnce() {
        directory.member("ada@corp.example", "U1");
        aliases.alias("ada@home.example", "ada@corp.example");

        Resolution resolution = resolve("ada@home.example");

        assertEquals(List.of(new Recipient("U1", List.of("ada@home.example"))), resolution.recipients());
        assertEquals(List.of(), resolution.unresolved());
        assertEquals(List.of("ada@home.example", "ada@corp.example"), directory.lookups());
        assertEquals(List.of("ada@home.example"), aliases.lookups());
    }

    @Test
    void aliasIsLookedUpInLowerCaseWhenTheExactEmailHasNone() {
        directory.member("ada@corp.example", "U1");
        aliases.alias("ada@home.example", "ada@corp.example");

        Resolution resolution = resolve("Ada@Home.example");

        assertEquals(List.of(new Recipient("U1", List.of("Ada@Home.example"))), resolution.recipients());
        assertEquals(List.of("Ada@Home.example", "ada@home.example"), aliases.lookups());
    }

    @Test
    void aliasCycleIsFollowedAtMostOnce() {
        aliases.alias("a@example.com", "b@example.com").alias("b@example.com", "a@example.com");

        Resolution one = resolve("a@example.com");

        assertEquals(List.of(), one.recipients());
        assertEquals(1, one.unresolved().size());
        assertEquals(List.of("a@example.com", "b@example.com"), directory.lookups());
        assertEquals(List.of("a@example.com"), aliases.lookups());

        directory.clearLookups();
        aliases.clearLookups();
        Resolution both = resolve("a@example.com", "b@example.com");

        assertEquals(2, both.unresolved().size());
        assertEquals(4, directory.lookups().size(), "two lookups per email: " + directory.lookups());
        assertEquals(2, aliases.lookups().size(), "one alias per email: " + aliases.lookups());
    }

    @Test
    void aliasToItselfIsNotLookedUpAgain() {
        aliases.alias("a@example.com", "A@example.com");

        Resolution resolution = resolve("a@example.com");

        assertEquals(List.of(new Unresolved("a@example.com", "users_not_found")), resolution.unresolved());
        assertEquals(List.of("a@example.com"), directory.lookups());
    }

    @Test
    void aliasToAnotherMissingEmailMentionsBoth() {
        aliases.alias("ada@home.example", "ada@corp.example");

        Resolution resolution = resolve("ada@home.example");

        assertEquals(List.of(), resolution.recipients());
        assertEquals(1, resolution.unresolved().size());
        Unresolved unresolved = resolution.unresolved().get(0);
        assertEquals("ada@home.example", unresolved.email());
        assertTrue(unresolved.error().contains("users_not_found"), unresolved.error());
        assertTrue(unresolved.error().contains("ada@corp.example"), unresolved.error());
    }

    @Test
    void withoutAnAliasBookNotFoundIsUnresolved() {
        Recipients noAliases = new Recipients(directory, AliasBook.NONE);
        directory.member("grace@example.com", "U2");

        Resolution resolution = noAliases.resolve(List.of("ada@example.com", "grace@example.com"), DEADLINE);

        assertEquals(List.of(new Recipient("U2", List.of("grace@example.com"))), resolution.recipients());
        assertEquals(List.of(new Unresolved("ada@example.com", "users_not_found")), resolution.unresolved());
    }

    // ------------------------------------------------------------------ robots and GitHub noreply addresses

    private static final String NOREPLY = "1234567+ada-l@users.noreply.github.com";

    @Test
    void robotsAreNeitherLookedUpNorReported() {
        directory.member("ada@example.com", "U1");

        Resolution resolution = resolve("noreply@github.com", "49699333+dependabot[bot]@users.noreply.github.com",
                "ada@example.com", "action@github.com");

        assertEquals(List.of(new Recipient("U1", List.of("ada@example.com"))), resolution.recipients());
        assertEquals(List.of(), resolution.unresolved());
        assertEquals(List.of("noreply@github.com", "49699333+dependabot[bot]@users.noreply.github.com",
                "action@github.com"), resolution.robots());
        assertEquals(List.of("ada@example.com"), directory.lookups());
        assertEquals(List.of(), aliases.lookups());
        assertEquals(List.of(), profiles.asked());
    }

    @Test
    void aNoreplyAddressIsLookedUpThenItsPublicEmailThenTheAliasTable() {
        aliases.alias(NOREPLY, "ada@corp.example");
        directory.member("ada@corp.example", "U1");
        profiles.user("ada-l", "ada@home.example");

        Resolution resolution = resolve(NOREPLY);

        assertEquals(List.of(new Recipient("U1", List.of(NOREPLY))), resolution.recipients());
        assertEquals(List.of(NOREPLY, "ada@home.example", "ada@corp.example"), directory.lookups());
        assertEquals(List.of("ada-l"), profiles.asked());
        assertEquals(List.of(NOREPLY), aliases.lookups(), "the alias table with the original address");
    }

    @Test
    void aPublicEmailInSlackIsEnough() {
        directory.member("ada@example.com", "U1");
        profiles.user("ada-l", "ada@example.com");

        Resolution resolution = resolve(NOREPLY, "ada@example.com");

        assertEquals(List.of(new Recipient("U1", List.of(NOREPLY, "ada@example.com"))), resolution.recipients());
        assertEquals(List.of(), aliases.lookups());
    }

    @Test
    void aNoreplyAddressInSlackItselfNeedsNoProfile() {
        directory.member(NOREPLY, "U1");

        assertEquals(List.of(new Recipient("U1", List.of(NOREPLY))), resolve(NOREPLY).recipients());
        assertEquals(List.of(), profiles.asked());
    }

    @Test
    void theOlderNoreplyFormIsAskedForToo() {
        directory.member("ada@example.com", "U1");
        profiles.user("ada-l", "ada@example.com");

        assertEquals(List.of(new Recipient("U1", List.of("ada-l@users.noreply.github.com"))),
                resolve("ada-l@users.noreply.github.com").recipients());
        assertEquals(List.of("ada-l"), profiles.asked());
    }

    @Test
    void aLocalPartThatIsNoLoginGoesStraightToTheAliasTable() {
        directory.member("jane@example.com", "U1");
        aliases.alias("jane.doe@users.noreply.github.com", "jane@example.com");

        assertEquals(List.of(new Recipient("U1", List.of("jane.doe@users.noreply.github.com"))),
                resolve("jane.doe@users.noreply.github.com").recipients());
        assertEquals(List.of(), profiles.asked());
    }

    @Test
    void whyNobodyWasFoundSaysWhatTheProfileSaid() {
        profiles.user("ada-l", "");
        profiles.user("bea", "bea@example.com");

        Resolution resolution = resolve(NOREPLY, "bea@users.noreply.github.com", "99+nobody@users.noreply.github.com");

        assertEquals(List.of(
                new Unresolved(NOREPLY, "users_not_found; GitHub user ada-l shows no public email"),
                new Unresolved("bea@users.noreply.github.com",
                        "users_not_found; nor for bea's public email bea@example.com"),
                new Unresolved("99+nobody@users.noreply.github.com", "users_not_found; no GitHub user nobody")),
                resolution.unresolved());
    }

    @Test
    void anUnavailableProfileFallsBackToTheAliasTable() {
        profiles.unavailable(true);
        directory.member("ada@corp.example", "U1");
        aliases.alias(NOREPLY, "ada@corp.example");

        assertEquals(List.of(new Recipient("U1", List.of(NOREPLY))), resolve(NOREPLY).recipients());

        aliases.alias(NOREPLY, "nobody@corp.example");
        Unresolved unresolved = resolve(NOREPLY).unresolved().get(0);
        assertTrue(unresolved.error().contains("also for its alias nobody@corp.example"), unresolved.error());
        assertTrue(unresolved.error().contains("HTTP 503"), unresolved.error());
    }

    @Test
    void profilesAreRememberedAndAnUnavailableOneIsNot() {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2025-03-01T12:00:00Z"),
                java.time.ZoneOffset.UTC);
        InMemoryProfileCache shared = new InMemoryProfileCache();
        profiles.user("ada-l", "");
        CachedProfiles cached = new CachedProfiles(profiles, shared, clock);

        cached.publicEmail("ada-l", DEADLINE);
        cached.publicEmail("Ada-L", DEADLINE);
        new CachedProfiles(profiles, shared, clock).publicEmail("ada-l", DEADLINE);
        assertEquals(List.of("ada-l"), profiles.asked(), "a miss is remembered, in memory and shared");

        profiles.unavailable(true);
        cached.publicEmail("bea", DEADLINE);
        cached.publicEmail("bea", DEADLINE);
        assertEquals(List.of("ada-l", "bea", "bea"), profiles.asked(), "an unavailable profile is asked again");
        assertEquals(1, shared.size());
    }
}
