package io.codebuildnotifier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.sandbox.SlackLimits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The burst benchmark's harness, quickly and without timing: five builds of one commit through the emulated Lambda
 * of both functions and the SQS FIFO queue, with nothing slept (the pace and Slack's limits are the benchmark's
 * business), must deliver each message owed once and leave nothing in any queue.
 */
@ExtendWith(SandboxExtension.class)
class BurstSmokeTest {
    private final BurstWorld world;

    BurstSmokeTest(EmbeddedDynamo dynamo, Sandbox sandbox) {
        sandbox.setSlackToken(SandboxExtension.TOKEN);
        sandbox.putSecret(Sandbox.SLACK_SECRET_NAME, "{\"token\":\"" + SandboxExtension.TOKEN + "\"}");
        world = BurstWorld.on(SandboxExtension.FIXTURES.getParent(), dynamo, sandbox);
    }

    private static BurstRun.Config quick() {
        return new BurstRun.Config(5, 3, 10, Duration.ofSeconds(2), 5, List.of(Duration.ofMillis(50),
                Duration.ofMillis(100)), Duration.ofSeconds(60), Duration.ofSeconds(90), SlackLimits.off(),
                new Patience(wait -> { }), Duration.ofSeconds(30));
    }

    private BurstReport.Figures run(BurstScenario scenario) {
        BurstRun.Config config = quick();
        BurstWorld.Fresh fresh = world.fresh(scenario.id(), Sandbox.SqsQueueSettings.DEFAULTS
                .withVisibilityTimeout(config.visibilityTimeout()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BurstRun.Raw raw;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            raw = BurstRun.run(world, scenario, fresh, config, out);
        }
        BurstReport.Figures figures = BurstReport.judge(raw);
        String why = log.toString(StandardCharsets.UTF_8);
        assertFalse(raw.capped(), why);
        assertEquals(scenario.owed(), figures.delivered(), why);
        assertEquals(0, figures.duplicated(), why);
        assertEquals(0, figures.lost(), why);
        assertEquals(0, raw.queue().left(), why);
        assertEquals(0, figures.failedInvocations(), why);
        assertEquals(scenario.builds().size(), raw.events().outcomes().getOrDefault("recorded", 0), why);
        return figures;
    }

    @ParameterizedTest(name = "rollup {0}")
    @ValueSource(booleans = {true, false})
    void fiveBuildsOfOneCommitAreDeliveredOnceAndNothingIsLeft(boolean rollup) {
        BurstScenario scenario = BurstScenario.oneCommit(world, rollup ? "smoke-on" : "smoke-off", 5,
                Duration.ofMillis(50), 0.4, rollup, 7);

        BurstReport.Figures figures = run(scenario);

        assertEquals(rollup ? 2 : 10, figures.owed());
        // every pair was shown, so every delay is known
        assertEquals(figures.delays().length, figures.shownDelays().length);
        if (rollup) {
            assertTrue(figures.contentNote().contains("complete: names 5 of 5"), figures.contentNote());
        }
    }

    @Test
    void pullRequestsOfSeveralAuthorsEachReachTheirAuthor() {
        BurstScenario scenario = BurstScenario.pullRequests(world, "smoke-prs", 3, 2, Duration.ofMillis(50), 7);

        BurstReport.Figures figures = run(scenario);

        assertEquals(6, figures.owed());
        assertEquals(3, figures.conversations().size());
    }

    @Test
    void theHarnessCountsWhatIsMissingOrTwice() {
        // the judge, on a run where nothing reached Slack: everything owed is lost
        BurstScenario scenario = BurstScenario.pullRequests(world, "smoke-judge", 1, 2, Duration.ZERO, 7);
        BurstRun.Raw nothing = new BurstRun.Raw(scenario, quick(), "q", 0, new long[2], 0, false, List.of(),
                List.of(), 0, java.util.Map.of(), new Sandbox.SqsCounts(0, 0, 0, 0, 0, 0), List.of(),
                new EventsLambda.Stats(2, 2, 0, 0, 1, java.util.Map.of(), List.of(), java.util.Map.of()),
                new SenderMapping.Stats(0, 0, 0, 0, 0, 0, 0, new SenderMapping.Totals(0, 0, 0, 0, 0), List.of()));

        BurstReport.Figures figures = BurstReport.judge(nothing);

        assertEquals(2, figures.lost());
        assertEquals(0, figures.delivered());
        assertFalse(figures.targets().getFirst().met());
        assertEquals(BurstReport.NEVER, BurstReport.percentile(figures.delays(), 0.9));
    }
}
