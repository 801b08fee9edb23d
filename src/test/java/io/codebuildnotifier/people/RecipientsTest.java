package io.codebuildnotifier.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.people.Recipients.Recipient;
import io.codebuildnotifier.people.Recipients.Resolution;
import io.codebuildnotifier.people.Recipients.Unresolved;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.testkit.InMemoryAliasBook;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientsTest {
    private static final Deadline DEADLINE = Deadline.in(java.time.Duration.ofMinutes(1));

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryAliasBook aliases = new InMemoryAliasBook();
    private final Recipients recipients = new Recipients(directory, aliases);

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
}
