package io.codebuildnotifier.interactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void approversAreMemberIdsEmailsOrGroups() {
        Rules rules = new Rules(List.of(" U0123ABC ", "W0ENTERPRISE", "jane@example.com", "@release-managers", ""),
                null, null, false, null);
        assertEquals(List.of("U0123ABC", "W0ENTERPRISE", "jane@example.com", "@release-managers"), rules.approvers());
        assertEquals(Rules.RetryBy.AUTHORS, rules.retryBy());
        assertEquals("Slack", rules.chatName());
        assertTrue(rules.approvalsEnabled());
        assertFalse(Rules.defaults().approvalsEnabled());
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Rules(List.of("jane doe"), Rules.RetryBy.AUTHORS, List.of(), false, "Slack"));
        assertTrue(e.getMessage().startsWith("CBN_APPROVERS: 'jane doe'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Rules(List.of("u0123"), Rules.RetryBy.AUTHORS, List.of(), false, "Slack"));
        assertThrows(IllegalArgumentException.class,
                () -> new Rules(List.of(), Rules.RetryBy.AUTHORS, List.of(), false, "Sl ack"));
    }

    @Test
    void aStrangerIsPlainlyNoApproverOnlyWhenEveryApproverIsAnId() {
        assertTrue(new Rules(List.of("USAM"), null, null, false, null).plainlyNotAnApprover("UEVE"));
        assertFalse(new Rules(List.of("USAM"), null, null, false, null).plainlyNotAnApprover("USAM"));
        assertFalse(new Rules(List.of("USAM", "@group"), null, null, false, null).plainlyNotAnApprover("UEVE"));
        assertFalse(new Rules(List.of("USAM", "e@x.com"), null, null, false, null).plainlyNotAnApprover("UEVE"));
    }

    @Test
    void retryByReadsItsThreeWords() {
        assertEquals(Optional.of(Rules.RetryBy.ANYONE), Rules.RetryBy.parse(" Anyone "));
        assertEquals(Optional.of(Rules.RetryBy.NOBODY), Rules.RetryBy.parse("nobody"));
        assertEquals(Optional.of(Rules.RetryBy.AUTHORS), Rules.RetryBy.parse("authors"));
        assertEquals(Optional.empty(), Rules.RetryBy.parse("admins"));
        assertEquals(Optional.empty(), Rules.RetryBy.parse(null));
    }
}
