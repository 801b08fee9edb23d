package io.codebuildnotifier.bench;

import io.codebuildnotifier.sandbox.Sandbox;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The burst benchmark: bursts of builds through the real events function and the real sender, with the delivery
 * queue in between, under Slack's published rate limits, in real time; whether every message owed is delivered once,
 * nothing is left in a queue, Slack's 429s stay few and the delay stays within what Slack's pace allows. Prints the
 * figures and writes them as markdown to {@code target/burst.md}; the handlers' log lines go to
 * {@code target/burst/*.log}.
 *
 * <pre>mvn -q -DskipTests package exec:exec@burst</pre>
 *
 * <ul>
 *   <li>(a) 200 PR builds by 40 authors over 60 s: each failing, each owing its author a DM;</li>
 *   <li>(b) 200 projects building one commit pushed to main within 5 s, strategy every_build, channel #builds, commit
 *       rollups on: one DM and one channel message for the commit, updated in place until it lists all 200;</li>
 *   <li>(c) the same with rollups off: 200 DMs and 200 channel posts, which Slack's 1/s per conversation spreads over
 *       at least 200 s.</li>
 * </ul>
 *
 * Options (system properties): {@code burst.scenarios} (a,b,c), {@code burst.visibilitySeconds} (30),
 * {@code burst.seed}.
 */
public final class Burst {
    static final String TOKEN = "xoxb-burst-token";

    private Burst() {
    }

    /** Arguments: the project directory (default: here), the build directory (default: its {@code target}). */
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path target = base.resolve(args.length > 1 ? Path.of(args[1]) : base.resolve("target")).normalize();
        run(base, target);
        System.exit(0);
    }

    private static void run(Path base, Path target) throws IOException {
        PrintStream console = System.out;
        long started = System.nanoTime();
        long seed = Long.getLong("burst.seed", 20261205L);
        List<String> chosen = List.of(System.getProperty("burst.scenarios", "a,b,c").split(","));
        BurstRun.Config defaults = BurstRun.Config.benchmark();
        BurstRun.Config config = new BurstRun.Config(defaults.eventInstances(), defaults.senderConcurrency(),
                defaults.batchSize(), Duration.ofSeconds(Long.getLong("burst.visibilitySeconds",
                defaults.visibilityTimeout().toSeconds())), defaults.maxReceiveCount(), defaults.retryDelays(),
                defaults.eventsTimeout(), defaults.senderTimeout(), defaults.slackLimits(), defaults.patience(),
                defaults.cap());
        Path logs = target.resolve("burst");
        Files.createDirectories(logs);
        console.println("codebuild-notifier burst benchmark (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")");
        Map<String, String> machine = machine();
        machine.forEach((k, v) -> console.println("  " + k + ": " + v));

        List<BurstReport.Figures> figures = new ArrayList<>();
        try (BurstWorld world = BurstWorld.start(base.resolve("events"), TOKEN)) {
            Sandbox.SqsQueueSettings queue = Sandbox.SqsQueueSettings.DEFAULTS
                    .withVisibilityTimeout(config.visibilityTimeout()).withMaxReceiveCount(config.maxReceiveCount());
            for (String id : chosen) {
                String name = id.trim();
                BurstScenario scenario = switch (name) {
                    case "a" -> BurstScenario.pullRequests(world, "a", 40, 5, Duration.ofSeconds(60), seed);
                    case "b" -> BurstScenario.oneCommit(world, "b", 200, Duration.ofSeconds(5), 0.3, true, seed + 1);
                    // the same projects, statuses and order as (b): only the rollup differs
                    case "c" -> BurstScenario.oneCommit(world, "c", 200, Duration.ofSeconds(5), 0.3, false, seed + 1);
                    default -> throw new IllegalArgumentException("no scenario " + name + " (a, b or c)");
                };
                console.println("▶ (" + name + ") " + scenario.title() + ": " + scenario.owed() + " messages owed");
                BurstWorld.Fresh fresh = world.fresh(name, queue);
                BurstRun.Raw raw;
                try (PrintStream log = new PrintStream(new FileOutputStream(logs.resolve(name + ".log").toFile()),
                        true, StandardCharsets.UTF_8)) {
                    raw = BurstRun.run(world, scenario, fresh, config, log);
                }
                BurstReport.Figures f = BurstReport.judge(raw);
                figures.add(f);
                console.printf(Locale.ROOT, "  delivered %d of %d, %d duplicated, %d lost, %d left in SQS, %d 429s, "
                                + "p90 delay %s, in %.0f s%n", f.delivered(), f.owed(), f.duplicated(), f.lost(),
                        raw.queue().left(), f.rateLimited(), BurstReport.duration(BurstReport.percentile(f.delays(),
                                0.9)), (raw.drainedNanos() - raw.startNanos()) / 1e9);
            }
        }
        String markdown = BurstReport.markdown(machine, config, figures, (System.nanoTime() - started) / 1e9);
        Path out = target.resolve("burst.md");
        Files.writeString(out, markdown);
        console.println();
        console.println(markdown);
        console.println("written to " + out + "; the handlers' logs are in " + logs);
    }

    static Map<String, String> machine() {
        return Machine.describe("Java");
    }
}
