package io.codebuildnotifier.interactions;

import static io.codebuildnotifier.interactions.Fixture.EVE;
import static io.codebuildnotifier.interactions.Fixture.JANE;
import static io.codebuildnotifier.interactions.Fixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Preference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HomeTest {
    private final Fixture f = new Fixture();

    @Test
    void theHomeShowsOnesBuildsPreferencesAndTheNotifiersHealth() {
        f.board.put(new StatusBoard.Standing("web", "acme/web", "PR #12", false, "FAILED", NOW.minusSeconds(600),
                "https://console/web/12", "abc"), "Jane@Example.com");
        f.board.put(new StatusBoard.Standing("api", "acme/api", "main", true, "SUCCEEDED", NOW, "", "def"));
        f.preferences.with(new Preference("UJANE", List.of(), Optional.of(NotifyStrategy.STATUS_CHANGE)));
        f.health.set(new Health.Report(Optional.of(NOW.minus(Duration.ofMinutes(20))), 2,
                new java.util.LinkedHashMap<>(Map.of("FailedInvocationsQueue", 3)) {{
                    put("DeliveryFailuresQueue", 0);
                }}));

        Ack ack = f.handle(new Request.HomeOpened("Ev1", JANE));

        assertEquals(Ack.LATER, ack);
        assertEquals("UJANE", f.chat.homes().get(0).chatId());
        Home home = f.chat.homes().get(0).home();
        assertEquals(new Home.Section("Your builds", List.of(new Home.Line("web · PR #12: FAILED, 10m ago",
                "https://console/web/12"))), home.sections().get(0));
        // web's own whitelisted branches: none recorded (only the PR), so the section says so
        assertEquals("Watched branches of your projects", home.sections().get(1).heading());
        assertEquals(new Home.Section("Your preferences", List.of(new Home.Line("Nothing muted.", ""),
                new Home.Line("DMs: status_change", ""))), home.sections().get(2));
        // the queues in the order the report gives them
        assertEquals(new Home.Section("The notifier", List.of(
                new Home.Line("Last reconciliation: 20m ago, it recovered 2 missed build(s)", ""),
                new Home.Line("Failures waiting in FailedInvocationsQueue: 3", ""),
                new Home.Line("Failures waiting in DeliveryFailuresQueue: 0", ""))), home.sections().get(3));
        assertEquals(List.of("codebuild-notifier: interaction who=UJANE what=home result=shown"), f.log);
    }

    @Test
    void aPersonWithoutAnAddressOrBuildsIsToldSo() {
        f.handle(new Request.HomeOpened("Ev1", EVE));
        Home home = f.chat.homes().get(0).home();
        assertEquals("Slack does not share your address with the notifier, so your builds cannot be found.",
                home.sections().get(0).lines().get(0).text());
        assertEquals("Last reconciliation: never recorded", home.sections().get(3).lines().get(0).text());

        f.handle(new Request.HomeOpened("Ev2", JANE));
        assertEquals("No builds of your commits in the history yet.",
                f.chat.homes().get(1).home().sections().get(0).lines().get(0).text());
    }

    @Test
    void healthThatCannotBeReadLeavesTheRestOfTheHome() {
        Fixture fixture = new Fixture();
        Interactions interactions = new Interactions(fixture.rules, new Ports(fixture.chat, fixture.retries,
                fixture.decisions, ApprovalMessages.NONE, fixture.runs, fixture.once, Optional.empty(),
                fixture.preferences, fixture.board, (Deadline d) -> {
                    throw new TransientFailure("SQS throttled");
                }, new ExecutionAuthors(fixture.pipelines, fixture.git, "", new io.codebuildnotifier.people.Recipients(
                        fixture.directory, io.codebuildnotifier.people.AliasBook.NONE)), fixture.directory),
                fixture.clock, fixture.log::add);
        interactions.complete(new Request.HomeOpened("Ev1", JANE), fixture.invocation());
        assertEquals(List.of(new Home.Line("Its health could not be read just now.", "")),
                fixture.chat.homes().get(0).home().sections().get(3).lines());
    }
}
