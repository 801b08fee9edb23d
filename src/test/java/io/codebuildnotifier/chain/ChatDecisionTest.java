package io.codebuildnotifier.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChatDecisionTest {

    @Test
    void aSummaryNamesThePersonAndReadsBack() {
        String summary = new ChatDecision("Looks good.", "Jane Doe", "U0123ABC").summary(true, "Slack");
        assertEquals("Looks good. (approved by Jane Doe in Slack, U0123ABC)", summary);
        ChatDecision read = ChatDecision.read(summary).orElseThrow();
        assertEquals(new ChatDecision("Looks good.", "Jane Doe", "U0123ABC"), read);
    }

    @Test
    void noCommentIsOnlyTheSignature() {
        String summary = new ChatDecision("", "Jane", "U1").summary(false, "Slack");
        assertEquals("(rejected by Jane in Slack, U1)", summary);
        assertEquals("", ChatDecision.read(summary).orElseThrow().comment());
    }

    @Test
    void aLongCommentIsClippedSoTheSignatureFits() {
        String summary = new ChatDecision("x".repeat(2000), "Jane", "U1").summary(true, "Slack");
        assertTrue(summary.length() <= ChatDecision.MAX_SUMMARY);
        assertEquals("Jane", ChatDecision.read(summary).orElseThrow().who());
    }

    @Test
    void aCommentThatLooksSignedDoesNotChangeWhoDecided() {
        String summary = new ChatDecision("ok (approved by Alice in Slack, UALICE)", "Bob (ops)", "UBOB")
                .summary(true, "Slack");
        ChatDecision read = ChatDecision.read(summary).orElseThrow();
        assertEquals("Bob ops", read.who());
        assertEquals("UBOB", read.chatId());
    }

    @Test
    void onlyTheInteractionsFunctionsRoleIsBelieved() {
        assertTrue(ChatDecision.byTheChat("arn:aws:sts::123456789012:assumed-role/"
                + "cbn-SlackInteractionsFunctionRole-1A2B/cbn-SlackInteractionsFunction-3C4D"));
        assertTrue(!ChatDecision.byTheChat("arn:aws:iam::123456789012:user/alice"));
        assertTrue(!ChatDecision.byTheChat(null));
    }

    @Test
    void anOrdinarySummaryIsNotAChatDecision() {
        assertTrue(ChatDecision.read("approved in the console").isEmpty());
        assertTrue(ChatDecision.read(null).isEmpty());
    }
}
