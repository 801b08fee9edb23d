package io.codebuildnotifier.interactions;

import static io.codebuildnotifier.interactions.Fixture.ADA;
import static io.codebuildnotifier.interactions.Fixture.BUILD;
import static io.codebuildnotifier.interactions.Fixture.EVE;
import static io.codebuildnotifier.interactions.Fixture.GUS;
import static io.codebuildnotifier.interactions.Fixture.JANE;
import static io.codebuildnotifier.interactions.Fixture.MESSAGE;
import static io.codebuildnotifier.interactions.Fixture.RITA;
import static io.codebuildnotifier.interactions.Fixture.SAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.testkit.InMemoryBuildRetries;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ButtonsTest {
    private final Fixture f = new Fixture();

    @Test
    void theAuthorRetriesAFailedBuildAndTheMessageSaysWhoDid() {
        Ack ack = f.handle(f.retry(JANE));

        assertEquals(Ack.LATER, ack);
        assertEquals(1, f.retries.started().size());
        BuildRetries.Retried retried = f.retries.started().get(0);
        assertEquals(13, retried.buildNumber());
        assertEquals(MESSAGE, f.chat.amends().get(0).message());
        assertEquals("retried this build", f.chat.amends().get(0).note().text());
        assertEquals(Optional.of(JANE.chatId()), f.chat.amends().get(0).note().by());
        assertEquals(retried.url(), f.chat.amends().get(0).note().link().orElseThrow().url());
        Answer answer = f.chat.onlyAnswer();
        assertFalse(answer.visibleToAll());
        assertEquals(List.of("Retrying web: build #13."), answer.lines());
        assertEquals(List.of("codebuild-notifier: interaction who=UJANE what=retry_build " + BUILD
                + " result=retried: build #13 " + retried.buildId()), f.log);
    }

    @Test
    void approversMayRetryByIdAddressOrGroup() {
        for (Actor approver : List.of(SAM, RITA, GUS)) {
            Fixture fixture = new Fixture();
            fixture.handle(fixture.retry(approver));
            assertEquals(1, fixture.retries.started().size(), approver.name());
        }
    }

    @Test
    void aStrangerIsRefusedAndNothingHappens() {
        f.handle(f.retry(EVE));

        assertEquals(List.of(), f.retries.started());
        assertEquals(List.of(), f.chat.amends());
        assertTrue(f.chat.onlyAnswer().lines().get(0).startsWith("You are not allowed to retry this build"));
        assertFalse(f.chat.onlyAnswer().visibleToAll());
        assertEquals(List.of("codebuild-notifier: interaction who=UEVE what=retry_build " + BUILD
                + " result=refused: not the build's author, committer or an approver"), f.log);
    }

    @Test
    void anyoneMayRetryWhenTheRulesSaySo() {
        f.rules = new Rules(List.of(), Rules.RetryBy.ANYONE, List.of(), false, "Slack");
        f.handle(f.retry(EVE));
        assertEquals(1, f.retries.started().size());
    }

    @Test
    void nobodyMayRetryWhenRetriesAreOff() {
        f.rules = new Rules(List.of("USAM"), Rules.RetryBy.NOBODY, List.of(), false, "Slack");
        f.handle(f.retry(JANE));
        f.handle(f.retry(SAM));
        assertEquals(List.of(), f.retries.started());
        assertTrue(f.said().contains("turned off"));
    }

    @Test
    void aDoubleClickStartsOneBuild() {
        f.handle(f.retry(JANE));
        f.handle(f.retry(JANE));

        assertEquals(1, f.retries.started().size());
        assertEquals(2, f.chat.amends().size());
        assertEquals(f.chat.amends().get(0).note(), f.chat.amends().get(1).note());
    }

    @Test
    void aRedeliveredClickActsOnceAndSaysSoInOneLine() {
        Request.Click click = f.retry(JANE);
        f.handle(click);
        f.log.clear();
        f.interactions().complete(click, f.invocation());

        assertEquals(1, f.retries.started().size());
        assertEquals(1, f.chat.answers().size());
        assertEquals(List.of("codebuild-notifier: interaction who=UJANE what=retry_build result=duplicate: acted on"
                + " already"), f.log);
    }

    @Test
    void aTransientFailureReleasesTheClaimSoTheRetryActs() {
        BuildRetries down = new BuildRetries() {
            private int calls;

            @Override
            public Retried retry(String buildId, String token, Deadline deadline) {
                if (calls++ == 0) {
                    throw new TransientFailure("CodeBuild throttled");
                }
                return new Retried("web:new", 13, "https://console/web:new");
            }
        };
        Interactions interactions = new Interactions(f.rules, new Ports(f.chat, down, f.decisions,
                ApprovalMessages.NONE, f.runs, f.once, Optional.empty(), f.preferences, f.board, f.health,
                new ExecutionAuthors(f.pipelines, f.git, "eu-west-1", new io.codebuildnotifier.people.Recipients(
                        f.directory, io.codebuildnotifier.people.AliasBook.NONE)), f.directory), f.clock, f.log::add);
        Request.Click click = f.retry(JANE);

        assertThrows(TransientFailure.class, () -> interactions.complete(click, f.invocation()));
        assertFalse(f.once.claimed(click.requestId()));
        interactions.complete(click, f.invocation());
        assertTrue(f.once.claimed(click.requestId()));
        assertEquals("retried this build", f.chat.amends().get(0).note().text());
        assertEquals(Optional.of(JANE.chatId()), f.chat.amends().get(0).note().by());
    }

    @Test
    void aBuildCodeBuildDoesNotKnowGetsAClearAnswer() {
        Fixture fixture = new Fixture();
        Request.Click click = fixture.click(JANE, Actions.RETRY_BUILD, Map.of(Actions.BUILD_ID,
                "web:99999999-0000-4000-8000-000000000000", Actions.PEOPLE, "UJANE"));
        fixture.handle(click);
        assertTrue(fixture.said().contains("could not be retried: CodeBuild knows no build"));
        assertEquals(List.of(), fixture.chat.amends());
    }

    @Test
    void aButtonWithoutABuildIsAnsweredAndDoesNothing() {
        f.handle(f.click(JANE, Actions.RETRY_BUILD, Map.of(Actions.BUILD_ID, "not a build", Actions.PEOPLE,
                "UJANE")));
        assertEquals(List.of(), f.retries.started());
        assertTrue(f.said().contains("does not say which build"));
    }

    @Test
    void theRetryTokenIsTheBuildsWhicheverMessageIsClicked() {
        // a DM and the channel post of the same failure, clicked by two people at once: one build
        f.handle(f.retry(JANE));
        Request.Click other = f.retry(JANE);
        f.handle(new Request.Click(other.requestId() + "-channel", other.actor(), other.actionId(), other.args(),
                Optional.of(new Message(new io.codebuildnotifier.notification.MessageRef("C0BUILDS", "9.9"), "{}")),
                other.picked(), other.replyTo(), other.dialogTrigger()));
        assertEquals(1, f.retries.started().size());
        assertFalse(Work.token(Actions.RETRY_BUILD, BUILD).equals(Work.token(Actions.RETRY_BUILD, BUILD + "x")));
        assertTrue(Work.token("x").matches("[0-9a-f]{32}"));
    }

    @Test
    void anAdminLinksAnAddressToThePersonPicked() {
        f.handle(f.pick(ADA, "jane@old-mail.com", "UNEW"));

        assertEquals(Map.of("jane@old-mail.com", "jane.doe@example.com"), f.aliases.rows());
        assertEquals("linked jane@old-mail.com to jane.doe@example.com", f.chat.amends().get(0).note().text());
        assertEquals(ADA.chatId(), f.chat.amends().get(0).note().by().orElseThrow());
        assertTrue(f.said().contains("Linked jane@old-mail.com to jane.doe@example.com"));
        assertEquals(1, f.log.size());
        assertTrue(f.log.get(0).endsWith("result=linked"), f.log.get(0));
    }

    @Test
    void anAdminListedByMemberIdLinksToo() {
        f.rules = new Rules(List.of(), Rules.RetryBy.AUTHORS, List.of("UADA"), false, "Slack");
        f.handle(f.pick(ADA, "jane@old-mail.com", "UNEW"));
        assertEquals(1, f.aliases.rows().size());
    }

    @Test
    void aNonAdminIsRefused() {
        f.handle(f.pick(JANE, "jane@old-mail.com", "UJANE"));

        assertEquals(Map.of(), f.aliases.rows());
        assertEquals(List.of(), f.chat.amends());
        assertTrue(f.said().contains("Only the notifier's admins"));
        assertTrue(f.log.get(0).endsWith("result=refused: not an admin"));
    }

    @Test
    void withoutAnAliasTableTheAdminIsToldSo() {
        f.aliasTable = Optional.empty();
        f.handle(f.pick(ADA, "jane@old-mail.com", "UNEW"));
        assertTrue(f.said().contains("There is no alias table"));
        assertEquals(List.of(), f.chat.amends());
    }

    @Test
    void aPersonWithoutAnAddressIsNotLinked() {
        f.handle(f.pick(ADA, "jane@old-mail.com", "UNOMAIL"));
        assertEquals(Map.of(), f.aliases.rows());
        assertTrue(f.said().contains("nothing was linked"));
    }

    @Test
    void aPickWithoutAnAddressOrAPersonIsAnswered() {
        f.handle(f.pick(ADA, "", "UNEW"));
        f.handle(f.pick(ADA, "jane@old-mail.com", null));
        assertEquals(Map.of(), f.aliases.rows());
        assertTrue(f.said().contains("does not say which address"));
        assertTrue(f.said().contains("Pick the person who uses jane@old-mail.com"));
    }

    @Test
    void anUnknownButtonIsIgnoredAtOnce() {
        Ack ack = f.interactions().acknowledge(f.click(JANE, "somebody_elses", Map.of()), f.deadline());
        assertEquals(Ack.DONE, ack);
        assertEquals(List.of(), f.chat.calls());
        assertEquals(1, f.log.size());
    }

    @Test
    void retriesBuildsEvenWithoutAMessageToChange() {
        Request.Click click = new Request.Click("t-1", JANE, Actions.RETRY_BUILD, Map.of(Actions.BUILD_ID, BUILD,
                Actions.PEOPLE, "UJANE"), Optional.empty(), Optional.empty(), Fixture.REPLY, "");
        f.handle(click);
        assertEquals(1, f.retries.started().size());
        assertEquals(List.of(), f.chat.amends());
    }

    @Test
    void theRetryFakeStartsOneBuildPerToken() {
        InMemoryBuildRetries retries = new InMemoryBuildRetries().build(BUILD, 4);
        BuildRetries.Retried first = retries.retry(BUILD, "t", f.deadline());
        assertEquals(first, retries.retry(BUILD, "t", f.deadline()));
        assertEquals(6, retries.retry(BUILD, "u", f.deadline()).buildNumber());
    }
}
