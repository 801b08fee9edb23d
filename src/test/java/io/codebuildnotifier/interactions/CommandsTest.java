package io.codebuildnotifier.interactions;

import static io.codebuildnotifier.interactions.Fixture.EVE;
import static io.codebuildnotifier.interactions.Fixture.JANE;
import static io.codebuildnotifier.interactions.Fixture.NOW;
import static io.codebuildnotifier.interactions.Fixture.SAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Preference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandsTest {
    private final Fixture f = new Fixture();

    private static StatusBoard.Standing standing(String project, String repository, String place, String status,
                                                 Duration ago) {
        return new StatusBoard.Standing(project, repository, place, status.equals("SUCCEEDED"), status,
                NOW.minus(ago), "https://console/" + project + "/" + place, "abc1234");
    }

    @Test
    void helpIsAnsweredAtOnce() {
        Ack ack = f.interactions().acknowledge(f.command(JANE, "help"), f.deadline());
        assertFalse(ack.later());
        assertTrue(ack.now().orElseThrow().lines().stream().anyMatch(l -> l.startsWith("/codebuild deploy PIPELINE")));
        assertEquals(List.of(), f.chat.calls());
        assertEquals(ack, f.interactions().acknowledge(f.command(JANE, ""), f.deadline()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "status a b", "status <script>", "mute web for 2x", "mute web for 0m",
            "mute web for 9999w", "mute web 2h", "unmute a b", "notify loudly", "notify", "deploy", "deploy bad/name",
            "deploy a b", "runs", "prefs now"})
    void aBadCommandIsAnsweredAtOnceWithWhyAndTheHelp(String text) {
        Ack ack = f.interactions().acknowledge(f.command(JANE, text), f.deadline());

        assertFalse(ack.later(), text);
        Answer answer = ack.now().orElseThrow();
        assertFalse(answer.visibleToAll());
        assertTrue(answer.lines().size() > 5, text);
        assertEquals(List.of(), f.chat.calls());
        assertEquals(1, f.log.size());
        assertTrue(f.log.get(0).contains("result=refused: "), f.log.get(0));
    }

    @Test
    void aBadDurationSaysWhatADurationIs() {
        Answer answer = f.interactions().acknowledge(f.command(JANE, "mute web for 2x"), f.deadline()).now()
                .orElseThrow();
        assertEquals("'2x' is not a duration: use minutes, hours, days or weeks like 30m, 2h, 1d or 1w (at most a"
                + " year).", answer.lines().get(0));
    }

    @Test
    void anUnknownCommandIsNamed() {
        Answer answer = f.interactions().acknowledge(f.command(JANE, "frobnicate now"), f.deadline()).now()
                .orElseThrow();
        assertEquals("I don't know 'frobnicate'.", answer.lines().get(0));
    }

    @Test
    void statusOfAProjectListsEachPlaceWithItsAgeAndLink() {
        f.board.put(standing("web", "acme/web", "main", "SUCCEEDED", Duration.ofHours(3)))
                .put(standing("web", "acme/web", "PR #12", "FAILED", Duration.ofMinutes(5)))
                .put(standing("api", "acme/api", "main", "SUCCEEDED", Duration.ofDays(2)));
        Ack ack = f.handle(f.command(JANE, "status web"));

        assertTrue(ack.later());
        Answer answer = f.chat.onlyAnswer();
        assertEquals("Where web stands", answer.title());
        assertEquals(List.of("web · PR #12: FAILED, 5m ago", "web · main: SUCCEEDED, 3h ago"), answer.lines());
        assertEquals("https://console/web/PR #12", answer.links().get(0).url());
        assertFalse(answer.visibleToAll());
    }

    @Test
    void statusOfARepositoryListsItsProjects() {
        f.board.put(standing("web-test", "acme/web", "main", "SUCCEEDED", Duration.ofHours(3)))
                .put(standing("web-lint", "acme/web", "main", "FAILED", Duration.ofMinutes(1)));
        f.handle(f.command(JANE, "status acme/web"));
        assertEquals(List.of("web-lint · main: FAILED, 1m ago", "web-test · main: SUCCEEDED, 3h ago"),
                f.chat.onlyAnswer().lines());
    }

    @Test
    void statusWithoutANameListsTheLatestProjects() {
        for (int i = 0; i < 12; i++) {
            f.board.put(standing("p" + i, "acme/p" + i, "main", "SUCCEEDED", Duration.ofMinutes(i)));
        }
        f.handle(f.command(JANE, "status"));
        Answer answer = f.chat.onlyAnswer();
        assertEquals(10, answer.lines().size());
        assertEquals("p0 · main: SUCCEEDED, just now", answer.lines().get(0));
    }

    @Test
    void statusOfAProjectWithManyPlacesShowsTwentyAndSaysHowManyMore() {
        for (int i = 0; i < 25; i++) {
            f.board.put(standing("web", "acme/web", "PR #" + i, "SUCCEEDED", Duration.ofMinutes(i)));
        }
        f.handle(f.command(JANE, "status web"));
        Answer answer = f.chat.onlyAnswer();
        assertEquals(21, answer.lines().size());
        assertEquals("… and 5 more.", answer.lines().get(20));
        assertEquals(20, answer.links().size());
    }

    @Test
    void statusOfSomethingUnknownSaysSo() {
        f.handle(f.command(JANE, "status nothing"));
        assertEquals(List.of("No builds of a project or repository named nothing in the history."),
                f.chat.onlyAnswer().lines());
    }

    @Test
    void muteForAWhileThenUnmute() {
        f.handle(f.command(JANE, "mute web for 2h"));
        Preference saved = f.preferences.of("UJANE", f.deadline());
        assertEquals(List.of(new Preference.Mute("web", Optional.of(NOW.plus(Duration.ofHours(2))))), saved.mutes());
        assertTrue(f.said().contains("Muted your DMs about web until 2025-06-02 14:00 UTC"));

        f.handle(f.command(JANE, "unmute web"));
        assertEquals(List.of(), f.preferences.of("UJANE", f.deadline()).mutes());
        assertTrue(f.said().contains("Unmuted your DMs about web."));
    }

    @Test
    void muteWithoutANameMutesAllUntilUnmuted() {
        f.handle(f.command(JANE, "mute"));
        f.handle(f.command(JANE, "mute api for 1w"));
        assertEquals(2, f.preferences.of("UJANE", f.deadline()).mutes().size());
        assertEquals(new Preference.Mute(Preference.ALL, Optional.empty()),
                f.preferences.of("UJANE", f.deadline()).mutes().get(0));

        f.handle(f.command(JANE, "unmute all"));
        assertEquals(List.of(), f.preferences.of("UJANE", f.deadline()).mutes());
    }

    @Test
    void mutingAgainReplacesTheMuteAndDropsExpiredOnes() {
        f.preferences.with(new Preference("UJANE", List.of(new Preference.Mute("old", Optional.of(NOW.minusSeconds(1))),
                new Preference.Mute("web", Optional.empty())), Optional.empty()));
        f.handle(f.command(JANE, "mute WEB for 30m"));
        assertEquals(List.of(new Preference.Mute("WEB", Optional.of(NOW.plus(Duration.ofMinutes(30))))),
                f.preferences.of("UJANE", f.deadline()).mutes());
    }

    @Test
    void unmutingWhatWasNotMutedSaysSo() {
        f.handle(f.command(JANE, "unmute web"));
        f.handle(f.command(JANE, "unmute"));
        assertTrue(f.said().contains("web was not muted."));
        assertTrue(f.said().contains("Nothing was muted."));
    }

    @Test
    void notifySetsAndDefaultClearsTheOwnStrategy() {
        f.handle(f.command(JANE, "notify status_change"));
        assertEquals(Optional.of(NotifyStrategy.STATUS_CHANGE), f.preferences.of("UJANE", f.deadline()).strategy());
        f.handle(f.command(JANE, "notify default"));
        assertEquals(Optional.empty(), f.preferences.of("UJANE", f.deadline()).strategy());
        assertTrue(f.said().contains("Your DMs follow the default strategy again."));
    }

    @Test
    void prefsShowsMutesAndStrategy() {
        f.preferences.with(new Preference("UJANE", List.of(new Preference.Mute("web",
                Optional.of(NOW.plus(Duration.ofHours(5)))), new Preference.Mute(Preference.ALL, Optional.empty())),
                Optional.of(NotifyStrategy.EVERY_BUILD)));
        f.handle(f.command(JANE, "prefs"));
        assertEquals(List.of("Muted: web, until 2025-06-02 17:00 UTC (in 5h)", "Muted: All your DMs, until you unmute",
                "DMs: every_build"), f.chat.onlyAnswer().lines());
    }

    @Test
    void deployAsksAnApproverToConfirmThenStartsOnce() {
        Request.Command command = f.command(SAM, "deploy shop");
        f.handle(command);
        Answer ask = f.chat.onlyAnswer();
        Answer.Button confirm = ask.buttons().get(0);
        assertEquals(Actions.CONFIRM_DEPLOY, confirm.actionId());
        assertEquals(Map.of(Actions.PIPELINE, "shop", Actions.NONCE, command.requestId()), confirm.args());
        assertEquals(Actions.CANCEL_DEPLOY, ask.buttons().get(1).actionId());
        assertEquals(List.of(), f.runs.started());

        f.handle(f.click(SAM, Actions.CONFIRM_DEPLOY, confirm.args()));
        f.handle(f.click(SAM, Actions.CONFIRM_DEPLOY, confirm.args()));

        assertEquals(1, f.runs.started().size());
        Answer started = f.chat.answers().get(1).answer();
        assertTrue(started.replaceOriginal());
        assertTrue(started.lines().get(0).startsWith("Started shop: execution 00000001-"));
        assertTrue(started.links().get(0).url().contains("/pipelines/shop/executions/00000001-"));
        assertTrue(f.log.stream().anyMatch(l -> l.contains("what=confirm_deploy shop result=started: 00000001-")));
    }

    @Test
    void deployIsRefusedToOthers() {
        f.handle(f.command(EVE, "deploy shop"));
        assertTrue(f.said().contains("You are not allowed to deploy"));
        assertEquals(List.of(), f.chat.onlyAnswer().buttons());

        f.handle(f.click(EVE, Actions.CONFIRM_DEPLOY, Map.of(Actions.PIPELINE, "shop", Actions.NONCE, "n-1")));
        assertEquals(List.of(), f.runs.started());
    }

    @Test
    void deployOfAnUnknownPipelineIsAnswered() {
        f.handle(f.click(SAM, Actions.CONFIRM_DEPLOY, Map.of(Actions.PIPELINE, "nope", Actions.NONCE, "n-1")));
        assertTrue(f.said().contains("nope could not be started: CodePipeline knows no pipeline nope"));
    }

    @Test
    void cancelSaysNotDeploying() {
        f.handle(f.click(SAM, Actions.CANCEL_DEPLOY, Map.of(Actions.PIPELINE, "shop")));
        assertTrue(f.chat.onlyAnswer().replaceOriginal());
        assertEquals(List.of("Not deploying shop."), f.chat.onlyAnswer().lines());
        assertEquals(List.of(), f.runs.started());
    }

    @Test
    void runsListsTheLatestFive() {
        PipelineRuns.Run[] list = new PipelineRuns.Run[7];
        for (int i = 0; i < 7; i++) {
            list[i] = new PipelineRuns.Run("e000000" + i + "-aaaa", i == 0 ? "InProgress" : "Succeeded",
                    NOW.minus(Duration.ofHours(i + 1)), "Webhook", "abcdef0123456789");
        }
        f.runs.pipeline("shop", list);
        f.handle(f.command(EVE, "runs shop"));
        Answer answer = f.chat.onlyAnswer();
        assertEquals(5, answer.lines().size());
        assertEquals("e0000000: InProgress, started 1h ago, Webhook, abcdef0", answer.lines().get(0));
        assertEquals(5, answer.links().size());
    }

    @Test
    void runsOfAnUnknownPipelineIsAnswered() {
        f.handle(f.command(EVE, "runs nope"));
        assertTrue(f.said().contains("No executions of nope could be read"));
        f.handle(f.command(EVE, "runs shop"));
        assertTrue(f.said().contains("shop has no executions."));
    }

    @Test
    void aRedeliveredCommandActsOnce() {
        Request.Command command = f.command(JANE, "mute web");
        f.handle(command);
        f.interactions().complete(command, f.invocation());
        assertEquals(1, f.chat.answers().size());
    }

    @Test
    void theParserReadsEachCommand() {
        assertEquals(new CommandLine.Status(Optional.empty()), CommandLine.parse("STATUS"));
        assertEquals(new CommandLine.Mute("web", Optional.of(Duration.ofDays(1))), CommandLine.parse("mute web for 1d"));
        assertEquals(new CommandLine.Mute(Preference.ALL, Optional.of(Duration.ofMinutes(30))),
                CommandLine.parse("mute for 30m"));
        assertEquals(new CommandLine.Mute(Preference.ALL, Optional.empty()), CommandLine.parse("mute all"));
        assertEquals(new CommandLine.Unmute(Preference.ALL), CommandLine.parse("unmute"));
        assertEquals(new CommandLine.Notify(Optional.of(NotifyStrategy.FAIL_OR_STATUS_CHANGE)),
                CommandLine.parse("notify fail_or_status_change"));
        assertEquals(new CommandLine.Deploy("my.pipe@line_1-x"), CommandLine.parse("deploy my.pipe@line_1-x"));
        assertEquals(new CommandLine.Runs("shop"), CommandLine.parse("  runs   shop "));
        assertInstanceOf(CommandLine.Invalid.class, CommandLine.parse("deploy " + "a".repeat(101)));
        assertEquals(new CommandLine.Help(), CommandLine.parse("?"));
    }

    @Test
    void agesAreRelativeToTheClock() {
        Instant now = NOW;
        assertEquals("just now", Texts.age(now.minusSeconds(59), now));
        assertEquals("59m ago", Texts.age(now.minusSeconds(3599), now));
        assertEquals("23h ago", Texts.age(now.minus(Duration.ofHours(23)), now));
        assertEquals("8d ago", Texts.age(now.minus(Duration.ofDays(8)), now));
        assertEquals("just now", Texts.age(now.plusSeconds(60), now));
    }
}
