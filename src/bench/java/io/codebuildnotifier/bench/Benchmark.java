package io.codebuildnotifier.bench;

import io.codebuildnotifier.function.EventsHandler;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark: cold start beside the JVM floor, warm per-event time, calls per event, memory
 * after 1,000 events and the artifact's size, in one run, against DynamoDB Local and the loopback
 * fakes. Prints the figures and writes them as markdown to {@code target/benchmark.md}.
 *
 * <pre>mvn -q -DskipTests package exec:exec@bench</pre>
 *
 * <p>Every JVM that is measured for start-up or memory runs the shaded jar alone, as Lambda does; this
 * JVM (with the test classpath) only hosts DynamoDB Local and the fakes, and runs the warm sequence
 * in-process so that the time spent in remote calls can be subtracted. Options (system properties):
 * {@code bench.events} (1000), {@code bench.warmup} (300), {@code bench.coldRuns} (5), {@code bench.jit}
 * ({@code c1} or {@code tiered}: the measured JVMs' JIT setting; {@code c1} as Lambda's java21 runtime, the
 * template's, runs Java; {@code tiered} as its java25 runtime does with SnapStart), {@code bench.compareJit}
 * ({@code true}: measure the other setting too), {@code bench.jvmOptions}
 * (added to the measured JVMs' options), {@code bench.memoryMb} (the function's memory, {@value #DEFAULT_MEMORY_MB}
 * as in {@code template.yaml}: the memory run's {@code -XX:MaxRAM}), {@code bench.memoryJvmOptions} (added for the
 * memory run), {@code bench.restoreGapMillis} (1500: between priming and the first event), {@code bench.seed}.
 */
public final class Benchmark {
    /** The template's default MemorySize. */
    static final int DEFAULT_MEMORY_MB = 256;
    static final String COLD_EVENT = "pr-failed.json";

    // targets of issue 4
    static final double COLD_TARGET_SECONDS = 1.0;
    static final double COLD_TARGET_RATIO = 8.0;
    static final double WARM_TARGET_MS = 5.0;
    static final double ARTIFACT_TARGET_MB = 15.0;

    private final Path base;
    private final Path jar;
    private final Path work;
    private final int eventCount = Integer.getInteger("bench.events", 1000);
    private final int warmupCount = Integer.getInteger("bench.warmup", 300);
    private final int coldRuns = Integer.getInteger("bench.coldRuns", 5);
    private final long seed = Long.getLong("bench.seed", 20261204L);
    private final long restoreGapMillis = Long.getLong("bench.restoreGapMillis", 1500);
    private final int memoryMb = Integer.getInteger("bench.memoryMb", DEFAULT_MEMORY_MB);
    /** The measured JVMs' JIT settings, the one the main figures are for first. */
    private final List<Jit> jits = jits();
    private final List<String> jvmOptions = split(System.getProperty("bench.jvmOptions", ""));
    private final List<String> memoryOptions = split(System.getProperty("bench.memoryJvmOptions",
            "-XX:+UseSerialGC -XX:MaxRAM=" + memoryMb + "m"));
    private final PrintStream console = System.out;
    private final StringBuilder markdown = new StringBuilder();
    private final Map<String, String> summary = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private BenchWorld world;

    private final Path target;

    private Benchmark(Path base, Path target) {
        this.base = base.toAbsolutePath().normalize();
        this.target = this.base.resolve(target).normalize();
        this.jar = this.target.resolve("codebuild-notifier.jar");
        this.work = this.target.resolve("bench");
    }

    /** Arguments: the project directory (default: here), the build directory (default: its {@code target}). */
    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : ".");
        Path target = args.length > 1 ? Path.of(args[1]) : base.resolve("target");
        new Benchmark(base, target).run();
        System.exit(0);
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run `mvn -q -DskipTests package exec:exec@bench`");
        }
        deleteRecursively(work);
        Files.createDirectories(work);
        long started = System.nanoTime();
        console.println("codebuild-notifier benchmark: " + jar + " (" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ")");
        Map<String, String> machine = machine();
        machine.forEach((k, v) -> console.println("  " + k + ": " + v));
        long artifact = Files.size(jar);

        world = BenchWorld.start(base.resolve("events"));
        try {
            world.pointThisJvm();
            PrintStream handlerLog = new PrintStream(new FileOutputStream(work.resolve("handler.log").toFile()), true,
                    StandardCharsets.UTF_8);
            System.setOut(handlerLog); // the handler logs one line per event to stdout, as in Lambda
            List<CallScenarios.Measured> calls;
            Warm warm;
            Acks acks;
            try {
                phase("calls per event (in-process, DynamoDB counted through the sandbox)");
                calls = CallScenarios.run(world);
                phase("warm: JIT warm-up with " + warmupCount + " events, then " + eventCount + " events timed");
                warm = warm();
                phase("warm acknowledgements: " + warmupCount + " requests from Slack, then " + eventCount
                        + " timed (/codebuild help and Retry clicks in turn)");
                acks = warmAcks();
            } finally {
                System.setOut(console);
                handlerLog.close();
            }
            List<Memory> memories = new ArrayList<>();
            for (Jit jit : jits) {
                phase("memory: " + eventCount + " events in a child JVM running only the shaded jar, " + jit.name());
                memories.add(memory(warm.events(), jit));
            }
            phase("cold start: " + (coldRuns + 1) + " rounds (the first discarded) of, for each JIT setting, a floor "
                    + "JVM and for each function a fresh JVM and one per priming (" + String.join(", ", PRIMINGS) + ")");
            Cold cold = cold();
            report(machine, artifact, calls, warm, acks, memories, cold);
        } finally {
            world.close();
        }
        Path out = target.resolve("benchmark.md");
        Files.writeString(out, markdown.toString());
        console.println();
        console.println(markdown);
        console.printf(Locale.ROOT, "written to %s; the run took %.0f s%n", base.relativize(out),
                (System.nanoTime() - started) / 1e9);
    }

    private void phase(String what) {
        console.println("▶ " + what);
    }

    // ------------------------------------------------------------------ machine

    private Map<String, String> machine() {
        Map<String, String> machine = Machine.describe("JVM");
        machine.put("JVM", machine.get("JVM") + ", " + javaBinary());
        return machine;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ------------------------------------------------------------------ warm

    record Warm(List<Mix.Event> events, long[] handlerNanos, long[] ownNanos, long[] httpRequests,
                Map<String, List<long[]>> byOutcome, Map<String, Integer> calls, int failures, double seconds,
                double fakeHttpNanos) {
        /** Own code less the calibrated overhead of the fake's HTTP server for each Slack or GitHub request. */
        long[] ownLessFakeHttp() {
            long[] adjusted = new long[ownNanos.length];
            for (int i = 0; i < adjusted.length; i++) {
                adjusted[i] = Math.max(0, ownNanos[i] - Math.round(httpRequests[i] * fakeHttpNanos));
            }
            return adjusted;
        }
    }

    private Warm warm() {
        // warm the JIT on a sequence of its own (own tables, own instance), as a long-lived instance would be
        List<Mix.Event> warmup = Mix.generate(world, "warm-up", warmupCount, seed + 1);
        EventsHandler warmupHandler = BenchWorld.handler(world.settings("warmup"));
        for (Mix.Event event : warmup) {
            try {
                BenchWorld.deliver(warmupHandler, event.json());
            } catch (RuntimeException e) {
                // counted in the measured run only
            }
        }

        List<Mix.Event> events = Mix.generate(world, "measured", eventCount, seed);
        EventsHandler handler = BenchWorld.handler(world.settings("warm"));
        long[] handlerNanos = new long[events.size()];
        long[] ownNanos = new long[events.size()];
        long[] httpRequests = new long[events.size()];
        List<Sandbox.Call> allCalls = new ArrayList<>();
        Map<String, List<long[]>> byOutcome = new TreeMap<>();
        int failures = 0;
        world.sandbox.clearRecordings();
        world.sandbox.listen(new Sandbox.RequestListener() {
            @Override
            public void started() {
                RemoteTime.begin();
            }

            @Override
            public void answered() {
                RemoteTime.end();
            }
        });
        RemoteTime.enable();
        long begun = System.nanoTime();
        try {
            for (int i = 0; i < events.size(); i++) {
                byte[] json = events.get(i).json().getBytes(StandardCharsets.UTF_8);
                String outcome;
                long remote0 = RemoteTime.totalNanos();
                long t0 = System.nanoTime();
                try {
                    outcome = describe(handler.handle(new java.io.ByteArrayInputStream(json), null));
                } catch (RuntimeException e) {
                    outcome = "failed (" + e.getClass().getSimpleName() + ")";
                    failures++;
                }
                long t1 = System.nanoTime();
                long remote = RemoteTime.totalNanos() - remote0;
                handlerNanos[i] = t1 - t0;
                ownNanos[i] = Math.max(0, handlerNanos[i] - remote);
                List<Sandbox.Call> calls = world.sandbox.calls();
                world.sandbox.clearRecordings();
                httpRequests[i] = calls.stream()
                        .filter(c -> c.service().equals("slack") || c.service().equals("github")).count();
                allCalls.addAll(calls);
                byOutcome.computeIfAbsent(outcome, k -> new ArrayList<>())
                        .add(new long[] {handlerNanos[i], ownNanos[i], calls.size()});
            }
        } finally {
            RemoteTime.disable();
            world.sandbox.listen(null);
        }
        double seconds = (System.nanoTime() - begun) / 1e9;
        if (RemoteTime.inFlight() != 0) {
            notes.add("remote-time accounting ended with " + RemoteTime.inFlight() + " interval(s) open");
        }
        return new Warm(events, handlerNanos, ownNanos, httpRequests, byOutcome, detailed(allCalls), failures,
                seconds, fakeHttpOverheadNanos());
    }

    /**
     * What one request costs the fake's HTTP server beyond the time its handler takes: a minimal HTTP/1.1
     * client on a raw socket (keep-alive) asks the sandbox for a GitHub branch 500 times; the wall time
     * of each exchange, less the time the sandbox reports answering it, is loopback plus the JDK
     * {@code HttpServer}'s parsing, dispatch and writing. Median, in nanoseconds.
     */
    private double fakeHttpOverheadNanos() {
        long[] overhead = new long[500];
        java.util.concurrent.atomic.AtomicLong answering = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
        world.sandbox.listen(new Sandbox.RequestListener() {
            @Override
            public void started() {
                started.set(System.nanoTime());
            }

            @Override
            public void answered() {
                answering.set(System.nanoTime() - started.get());
            }
        });
        java.net.URI uri = java.net.URI.create(world.sandbox.githubApiUrl());
        byte[] request = ("GET /github/repos/" + BenchWorld.OWNER + "/widgets/branches/main HTTP/1.1\r\nHost: "
                + uri.getHost() + ":" + uri.getPort() + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setTcpNoDelay(true);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int i = -200; i < overhead.length; i++) { // 200 to warm up
                long t0 = System.nanoTime();
                out.write(request);
                out.flush();
                readResponse(in);
                long wall = System.nanoTime() - t0;
                if (i >= 0) {
                    overhead[i] = Math.max(0, wall - answering.get());
                }
            }
        } catch (IOException e) {
            notes.add("could not calibrate the fake's HTTP overhead: " + e);
            return 0;
        } finally {
            world.sandbox.listen(null);
            world.sandbox.clearRecordings();
        }
        return percentile(overhead, 50);
    }

    /** Reads one HTTP/1.1 response with a Content-Length body. */
    private static void readResponse(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        int remaining = length.find() ? Integer.parseInt(length.group(1)) : 0;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed");
                }
                skipped = 1;
            }
            remaining -= (int) skipped;
        }
    }

    private static String describe(Outcome outcome) {
        if (outcome instanceof Outcome.Recorded recorded) {
            return recorded.decision().notifies() ? "recorded and notified" : "recorded, not notified";
        }
        return outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ child JVMs

    /**
     * What a child JVM did: wall times (to exit, to the first and the last event handled), its own uptime
     * at exit, memory, output, the {@link FirstEvent} line if it printed one.
     */
    record Child(int exit, double wallSeconds, double firstHandledSeconds, double lastHandledSeconds,
                 double uptimeAtExitSeconds, long hwmKb, long rssKb, GcLog gc, List<String> output,
                 List<Sandbox.Call> calls, int posts, String result) {
    }

    /** What {@code -Xlog:gc*} said: heap used before and after each collection, and at exit. */
    record GcLog(int collections, long peakUsedKb, long maxAfterGcKb, long maxCommittedKb, long exitUsedKb,
                 long metaspaceUsedKb, long maxHeapKb) {
    }

    private Child launch(List<String> command, Map<String, String> settings, Path gcLog, Path output)
            throws IOException, InterruptedException {
        return launch(command, settings, gcLog, output, false);
    }

    /**
     * @param untilResult stop the child (SIGKILL) once it printed its {@link FirstEvent} line: what follows is
     *                    only its exit
     */
    private Child launch(List<String> command, Map<String, String> settings, Path gcLog, Path output,
                         boolean untilResult) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        full.add(javaBinary());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(base.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(world.childEnvironment(System.getenv(), settings));
        world.sandbox.clearRecordings();
        int postsBefore = world.sandbox.posts().size();
        List<String> lines = new ArrayList<>();
        double[] firstHandled = {Double.NaN};
        double[] lastHandled = {Double.NaN};
        String resultLine = null;
        long t0 = System.nanoTime();
        Process process = builder.start();
        long[] memory = {0, 0};
        Thread poller = new Thread(() -> pollMemory(process, memory), "bench-memory-poller");
        poller.setDaemon(true);
        poller.start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintStream copy = output == null ? null
                : new PrintStream(Files.newOutputStream(output), false, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                boolean result = line.startsWith(FirstEvent.LINE);
                if (handledLine(line) || result) {
                    lastHandled[0] = (System.nanoTime() - t0) / 1e9;
                    if (Double.isNaN(firstHandled[0])) {
                        firstHandled[0] = lastHandled[0];
                    }
                }
                if (copy != null) {
                    copy.println(line);
                } else if (lines.size() < 200) {
                    lines.add(line);
                }
                if (result) {
                    resultLine = line;
                    if (untilResult) {
                        process.destroyForcibly();
                        break;
                    }
                }
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM did not finish: " + full);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        poller.join(1000);
        GcLog gc = parseGcLog(gcLog);
        double uptime = exitUptime(gcLog);
        int exit = untilResult && resultLine != null ? (resultLine.contains(" failed=") ? 1 : 0) : process.exitValue();
        return new Child(exit, wall, firstHandled[0],
                lastHandled[0], uptime, memory[0], memory[1], gc, lines, world.sandbox.calls(),
                world.sandbox.posts().size() - postsBefore, resultLine);
    }

    /** The line the handler logs once it has handled an event (or the replay's line for a failed one). */
    private static boolean handledLine(String line) {
        return line.startsWith("  codebuild-notifier:") || line.startsWith("  invocation failed");
    }

    /** Polls VmHWM (peak resident set) and VmRSS of the child every 5 ms until it exits. */
    private static void pollMemory(Process process, long[] memory) {
        Path status = Path.of("/proc/" + process.pid() + "/status");
        while (process.isAlive()) {
            try {
                String text = Files.readString(status);
                Matcher hwm = Pattern.compile("VmHWM:\\s*(\\d+) kB").matcher(text);
                Matcher rss = Pattern.compile("VmRSS:\\s*(\\d+) kB").matcher(text);
                if (hwm.find()) {
                    memory[0] = Math.max(memory[0], Long.parseLong(hwm.group(1)));
                }
                if (rss.find()) {
                    memory[1] = Long.parseLong(rss.group(1));
                }
                Thread.sleep(5);
            } catch (IOException | RuntimeException e) {
                return; // exited, or not Linux
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<String> gcLogOption(Path gcLog) {
        return List.of("-Xlog:gc*:file=" + gcLog + ":uptime");
    }

    private static final Pattern PAUSE = Pattern.compile(
            "GC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern EXIT_SPACE = Pattern.compile("^\\[[^]]*] (\\S.*?)\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K, committed (\\d+)K");
    private static final Pattern MAX_HEAP = Pattern.compile("Heap Max Capacity: (\\d+)([KMG])");
    private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s]");

    private static GcLog parseGcLog(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return new GcLog(0, 0, 0, 0, 0, 0, 0);
        }
        int collections = 0;
        long peak = 0;
        long after = 0;
        long committed = 0;
        long exitUsed = 0;
        long exitCommitted = 0;
        long metaspace = 0;
        long maxHeap = 0;
        boolean inExitHeap = false;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                collections++;
                peak = Math.max(peak, kb(pause.group(1), pause.group(2)));
                after = Math.max(after, kb(pause.group(3), pause.group(4)));
                committed = Math.max(committed, kb(pause.group(5), pause.group(6)));
            }
            Matcher max = MAX_HEAP.matcher(line);
            if (max.find()) {
                maxHeap = kb(max.group(1), max.group(2));
            }
            if (line.matches("^\\[[^]]*] Heap$")) {
                inExitHeap = true;
                continue;
            }
            if (inExitHeap) {
                Matcher space = EXIT_SPACE.matcher(line);
                if (space.find()) {
                    exitCommitted += Long.parseLong(space.group(2));
                    exitUsed += Long.parseLong(space.group(3));
                }
                Matcher meta = METASPACE.matcher(line);
                if (meta.find()) {
                    metaspace = Long.parseLong(meta.group(1));
                }
            }
        }
        return new GcLog(collections, Math.max(peak, exitUsed), after, Math.max(committed, exitCommitted), exitUsed,
                metaspace, maxHeap);
    }

    private static long kb(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "G" -> n << 20;
            case "M" -> n << 10;
            default -> n;
        };
    }

    /** The JVM's own uptime when it logged its heap at exit: JVM start to the start of its shutdown. */
    private static double exitUptime(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return Double.NaN;
        }
        double last = Double.NaN;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = UPTIME.matcher(line);
            if (m.find()) {
                last = Double.parseDouble(m.group(1));
            }
        }
        return last;
    }

    // ------------------------------------------------------------------ memory

    record Memory(Jit jit, Child child, int events, Map<String, Integer> outcomes, List<String> command) {
    }

    private Memory memory(List<Mix.Event> events, Jit jit) throws IOException, InterruptedException {
        Path folder = target.resolve("bench-events");
        deleteRecursively(folder);
        Files.createDirectories(folder);
        for (int i = 0; i < events.size(); i++) {
            Files.writeString(folder.resolve(String.format(Locale.ROOT, "%04d.json", i + 1)), events.get(i).json());
        }
        Path gcLog = work.resolve("memory-gc.log");
        Path output = work.resolve("memory-replay.log");
        List<String> command = new ArrayList<>(jit.options());
        command.addAll(jvmOptions);
        command.addAll(memoryOptions);
        command.addAll(gcLogOption(gcLog));
        command.addAll(List.of("-cp", base.relativize(jar).toString(), "io.codebuildnotifier.function.Replay",
                base.relativize(folder).toString()));
        Child child = launch(command, world.settings("memory"), gcLog, output);
        Map<String, Integer> outcomes = new TreeMap<>();
        try (Stream<String> lines = Files.lines(output)) {
            lines.filter(Benchmark::handledLine).forEach(line -> outcomes.merge(outcomeWord(line), 1, Integer::sum));
        }
        if (child.exit() != 0) {
            notes.add("the memory run's replay exited with " + child.exit() + " (see target/bench/memory-replay.log)");
        }
        return new Memory(jit, child, events.size(), outcomes, command);
    }

    private static String outcomeWord(String line) {
        if (line.startsWith("  invocation failed")) {
            return "failed";
        }
        String rest = line.substring("  codebuild-notifier: ".length());
        String word = rest.split(" ", 2)[0];
        if (word.equals("recorded")) {
            return rest.contains("; notified") ? "recorded and notified" : "recorded, not notified";
        }
        return word;
    }

    // ------------------------------------------------------------------ cold

    /**
     * A function of {@code template.yaml}, measured in the cold-start rows: its name, its handler class
     * (created as Lambda does; a function whose class the jar does not have yet is skipped), its first
     * event (a file under the project directory) and the Slack messages that event sends.
     */
    record Function(String name, String handler, String event, int posts, String slackRequest) {
        Function(String name, String handler, String event, int posts) {
            this(name, handler, event, posts, null);
        }

        /**
         * Whether its first event is a request from Slack, made at run time ({@link Benchmark#writeRequest}: a
         * signature only holds for 5 minutes), answered within Slack's 3 s: {@code event} is then a file in the
         * benchmark's work directory.
         */
        boolean acknowledges() {
            return slackRequest != null;
        }
    }

    /** A {@code /codebuild help} command: answered in the acknowledgement, nothing left for later. */
    static final String HELP = "help";
    /** A click on a failed build's Retry: acknowledged, the retry queued (the work queue, {@code FakeSqs}). */
    static final String RETRY = "retry";
    static final String INTERACTIONS_HANDLER = "io.codebuildnotifier.function.InteractionsHandler";
    /** Slack waits this long for the answer to a request, then shows the person an error. */
    static final double SLACK_WAIT_SECONDS = 3.0;

    /**
     * The functions of the template: the events function, the sender that posts what it queues, and the interactions
     * function, whose first request is measured as an answered command and as a queued click.
     */
    static final List<Function> FUNCTIONS = List.of(
            new Function("events", "io.codebuildnotifier.function.EventsHandler", "events/" + COLD_EVENT, 1),
            new Function("sender", "io.codebuildnotifier.function.SenderHandler", "events/sender/sqs-delivery.json", 1),
            new Function("interactions, /codebuild help", INTERACTIONS_HANDLER, "interactions-help.json", 0, HELP),
            new Function("interactions, Retry click", INTERACTIONS_HANDLER, "interactions-retry.json", 0, RETRY));

    /** A JIT setting of the measured JVMs, and the Lambda runtime that runs a function that way. */
    record Jit(String name, String runtime, List<String> options) {
    }

    static final Jit C1 = new Jit("C1 only (TieredStopAtLevel=1)", "java21, the template's runtime",
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
    static final Jit TIERED = new Jit("full tiered compilation", "java25 with SnapStart", List.of());

    /** How each priming variant is named in the report; {@code fresh} is a fresh JVM with no priming at all. */
    static final List<String> PRIMINGS = List.of("none", "minimal", "full");
    static final Map<String, String> PRIMING_NAMES = Map.of("none", "no priming (init only)",
            "minimal", "the former priming", "full", "the full priming");

    /** One measured child: which function, JIT and variant ({@code fresh} or a priming), and its figures. */
    record Run(Function function, Jit jit, String variant, Child child, Figures figures) {
    }

    /** A {@link FirstEvent} line's figures, milliseconds. */
    record Figures(double wall, double threadCpu, double processCpu, double processCpuSincePriming, double init,
                   double prime) {
        static Figures parse(String line) {
            Map<String, Double> values = new LinkedHashMap<>();
            Matcher m = Pattern.compile("(\\w+)_ms=([0-9.]+)").matcher(line == null ? "" : line);
            while (m.find()) {
                values.put(m.group(1), Double.parseDouble(m.group(2)));
            }
            return new Figures(values.getOrDefault("wall", Double.NaN), values.getOrDefault("thread_cpu", Double.NaN),
                    values.getOrDefault("process_cpu", Double.NaN),
                    values.getOrDefault("process_cpu_since_priming", Double.NaN),
                    values.getOrDefault("init", Double.NaN), values.getOrDefault("prime", Double.NaN));
        }
    }

    record Cold(List<Run> runs, Map<String, List<Child>> floor, List<Function> functions, List<Jit> jits,
                List<String> coldCommand, List<String> primedCommand, List<String> floorCommand) {
        List<Run> of(Function function, Jit jit, String variant) {
            return runs.stream().filter(r -> r.function().equals(function) && r.jit().equals(jit)
                    && r.variant().equals(variant)).toList();
        }
    }

    /** The functions whose handler is in the jar. */
    private List<Function> presentFunctions() throws IOException {
        List<Function> present = new ArrayList<>();
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            for (Function f : FUNCTIONS) {
                if (file.getEntry(f.handler().replace('.', '/') + ".class") != null) {
                    present.add(f);
                } else {
                    notes.add("function " + f.name() + " skipped: the jar has no " + f.handler());
                }
            }
        }
        return present;
    }

    /** A directory holding only {@link FirstEvent}'s class, for the measured JVMs' classpath. */
    private Path childClasses() throws IOException {
        Path dir = work.resolve("child-classes");
        String name = FirstEvent.class.getName().replace('.', '/') + ".class";
        Path to = dir.resolve(name);
        Files.createDirectories(to.getParent());
        try (java.io.InputStream in = FirstEvent.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(java.util.Objects.requireNonNull(in, name), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private Cold cold() throws IOException, InterruptedException {
        List<Function> functions = presentFunctions();
        String classpath = base.relativize(jar) + java.io.File.pathSeparator + base.relativize(childClasses());
        List<Run> runs = new ArrayList<>();
        Map<String, List<Child>> floor = new LinkedHashMap<>();
        List<String> floorCommand = null;
        List<String> coldCommand = null;
        List<String> primedCommand = null;
        for (int run = 0; run <= coldRuns; run++) {
            boolean counted = run > 0; // the first round warms the fakes and the disk cache, and is not counted
            for (Jit jit : jits) {
                boolean main = jit.equals(jits.get(0)); // the commands the report shows are the main JIT's
                List<String> floorJvm = command(jit, List.of(), classpath, "--help");
                floorCommand = main ? floorJvm : floorCommand;
                Child f = launch(floorJvm, Map.of(), work.resolve("floor.gc.log"), null);
                if (counted) {
                    floor.computeIfAbsent(jit.name(), k -> new ArrayList<>()).add(f);
                }
                for (Function function : functions) {
                    List<String> freshJvm = command(jit, List.of(), classpath, function.handler(),
                            eventArgument(function));
                    coldCommand = main ? freshJvm : coldCommand;
                    Run fresh = measure(function, jit, "fresh", freshJvm, run);
                    if (counted) {
                        runs.add(fresh);
                    }
                    for (String priming : PRIMINGS) {
                        // no connection made while priming is used for the event, as after a restore: the AWS
                        // SDK's idle connections are dropped after 1 s, and the event comes after the gap
                        List<String> primedJvm = command(jit, List.of("-Dhttp.keepAlive.time.server=1"), classpath,
                                function.handler(), eventArgument(function), priming,
                                Long.toString(restoreGapMillis));
                        primedCommand = main ? primedJvm : primedCommand;
                        Run primed = measure(function, jit, priming, primedJvm, run);
                        if (counted) {
                            runs.add(primed);
                        }
                    }
                }
            }
        }
        return new Cold(runs, floor, functions, jits, coldCommand, primedCommand, floorCommand);
    }

    private static List<Jit> jits() {
        Jit main = System.getProperty("bench.jit", "c1").trim().equalsIgnoreCase("tiered") ? TIERED : C1;
        boolean compare = Boolean.parseBoolean(System.getProperty("bench.compareJit", "true"));
        return compare ? List.of(main, main == TIERED ? C1 : TIERED) : List.of(main);
    }

    private List<String> command(Jit jit, List<String> extra, String classpath, String... args) {
        List<String> command = new ArrayList<>(jit.options());
        command.addAll(jvmOptions);
        command.addAll(extra);
        command.addAll(List.of("-cp", classpath, FirstEvent.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private Run measure(Function function, Jit jit, String variant, List<String> command, int run)
            throws IOException, InterruptedException {
        Map<String, String> settings = world.settings("cold");
        long queued = 0;
        if (function.acknowledges()) {
            settings.put("CBN_INTERACTIONS_QUEUE_URL", interactionsQueue());
            queued = world.sandbox.sqsCounts(interactionsQueue()).enqueued();
            writeRequest(function);
        }
        Child c = launch(command, settings, work.resolve("cold.gc.log"), null, true);
        boolean answered = !function.acknowledges() || c.result() != null && c.result().contains(" status=200")
                && (!function.slackRequest().equals(RETRY)
                || world.sandbox.sqsCounts(interactionsQueue()).enqueued() == queued + 1);
        if (c.exit() != 0 || c.result() == null || c.posts() < function.posts() || !answered) {
            throw new IllegalStateException(function.name() + " " + variant + " run " + run + " (" + jit.name()
                    + ") did not handle its first event as expected (exit " + c.exit() + ", " + c.posts()
                    + " Slack posts" + (function.acknowledges() ? ", " + c.result() : "") + "):\n"
                    + String.join("\n", c.output()));
        }
        c.output().stream().filter(line -> line.startsWith("priming (") && line.contains(" failed ("))
                .findFirst().ifPresent(line -> notes.add(function.name() + " " + variant + " run " + run + " ("
                        + jit.name() + "): a priming step failed: " + line));
        return new Run(function, jit, variant, c, Figures.parse(c.result()));
    }

    /** The path a function's first event is handed to FirstEvent by (relative to the project directory). */
    private String eventArgument(Function function) {
        return function.acknowledges() ? base.relativize(work.resolve(function.event())).toString() : function.event();
    }

    private String interactionsQueue;

    /** The interactions function's work queue (a FIFO queue of the sandbox's SQS), made when first needed. */
    private String interactionsQueue() {
        if (interactionsQueue == null) {
            interactionsQueue = world.sandbox.sqsFifoQueue("bench-interactions.fifo");
        }
        return interactionsQueue;
    }

    /** Writes a function's first request anew, signed now: a signature's timestamp holds for 5 minutes. */
    private void writeRequest(Function function) throws IOException {
        Files.writeString(work.resolve(function.event()), slackRequest(function.slackRequest(), "cold"
                + System.nanoTime()));
    }

    /**
     * A request from Slack as the Function URL hands it over, signed with the sandbox's signing secret now: Jane's
     * {@code /codebuild help}, or her click on a failed build's Retry; {@code id} makes its trigger (its request id)
     * unique.
     */
    private String slackRequest(String kind, String id) {
        String secret = world.sandbox.signingSecret();
        if (secret == null) {
            throw new IllegalStateException("events/sandbox/secrets.json has no signing_secret in "
                    + Sandbox.SLACK_SECRET_NAME);
        }
        String trigger = "1700000000." + id.replaceAll("[^A-Za-z0-9]", "") + ".bench";
        String body = switch (kind) {
            case HELP -> io.codebuildnotifier.testkit.SignedSlack.command("help", trigger);
            case RETRY -> io.codebuildnotifier.testkit.SignedSlack.payload(io.codebuildnotifier.testkit.SignedSlack
                    .blockActions("retry_build", "{\"build\":\"widgets-ci:cf690ad4-1cc4-59a4-a07d-570c750f31ac\","
                            + "\"people\":\"U0JANE0001\"}", trigger));
            default -> throw new IllegalArgumentException(kind);
        };
        return io.codebuildnotifier.sandbox.FunctionUrlRequests.signedForm(secret, body).toString();
    }

    // ------------------------------------------------------------------ warm acknowledgements

    /** Each kind of request's acknowledgement times (nanoseconds) in one warm instance, and how many failed. */
    record Acks(Map<String, long[]> nanos, int count, int failures) {
    }

    /**
     * In this JVM, one instance of the real interactions handler (built from the environment as Lambda builds it,
     * the work queue set) answers {@code warmupCount} requests, then {@code eventCount} more, timed, {@code /codebuild
     * help} and Retry clicks in turn, each signed anew (the signing outside the time).
     */
    private Acks warmAcks() {
        Map<String, String> settings = world.settings("acks");
        settings.put("CBN_INTERACTIONS_QUEUE_URL", interactionsQueue());
        io.codebuildnotifier.function.InteractionsHandler handler = new io.codebuildnotifier.function
                .InteractionsHandler(io.codebuildnotifier.function.InteractionsFunction.fromEnvironment(settings));
        Map<String, List<Long>> times = new TreeMap<>();
        int failures = 0;
        for (int i = -warmupCount; i < eventCount; i++) {
            String kind = Math.floorMod(i, 2) == 0 ? HELP : RETRY;
            byte[] request = slackRequest(kind, "warm" + (i + warmupCount)).getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            com.fasterxml.jackson.databind.JsonNode answer = handler.handle(new java.io.ByteArrayInputStream(request),
                    null);
            long t1 = System.nanoTime();
            if (i >= 0) {
                times.computeIfAbsent(kind, k -> new ArrayList<>()).add(t1 - t0);
                if (answer.path("statusCode").asInt() != 200) {
                    failures++;
                }
            }
        }
        Map<String, long[]> nanos = new TreeMap<>();
        times.forEach((kind, list) -> nanos.put(kind, list.stream().mapToLong(Long::longValue).toArray()));
        return new Acks(nanos, Math.max(0, eventCount), failures);
    }

    // ------------------------------------------------------------------ report

    private void report(Map<String, String> machine, long artifact, List<CallScenarios.Measured> calls, Warm warm,
                        Acks acks, List<Memory> memories, Cold cold) {
        Memory memory = memories.get(0);
        Jit main = cold.jits().get(0);
        double floorMedian = median(cold.floor().getOrDefault(main.name(), List.of()).stream()
                .mapToDouble(Child::wallSeconds).toArray());
        double warmMedian = percentile(warm.handlerNanos(), 50) / 1e6;
        double warmP99 = percentile(warm.handlerNanos(), 99) / 1e6;
        double ownMedian = percentile(warm.ownNanos(), 50) / 1e6;
        double ownP99 = percentile(warm.ownNanos(), 99) / 1e6;
        Child m = memory.child();
        double rssMb = m.hwmKb() / 1024.0;
        double artifactMb = artifact / 1e6;

        md("## Benchmark");
        md("");
        md("`mvn -q -DskipTests package exec:exec@bench` (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "), "
                + "against DynamoDB Local 2.6.1 and the loopback fakes; source: "
                + "[`Benchmark`](src/bench/java/io/codebuildnotifier/bench/Benchmark.java).");
        md("");
        md("| machine | |");
        md("|---|---|");
        machine.forEach((k, v) -> md("| " + k + " | " + v + " |"));
        md("");
        md("Cold-start figures are for the measured JVMs' JIT setting " + main.name() + " (as Lambda's " + main.runtime()
                + " runs); the next section has the others.");
        md("");
        md("| figure | measured | target | met |");
        md("|---|---|---|---|");
        for (Function function : cold.functions()) {
            List<Run> fresh = cold.of(function, main, "fresh");
            double coldMedian = median(fresh.stream().mapToDouble(r -> r.child().firstHandledSeconds()).toArray());
            double ratio = coldMedian / floorMedian;
            // a request from Slack is answered within its 3 s or Slack shows an error: the only target for those
            boolean ack = function.acknowledges();
            double target = ack ? SLACK_WAIT_SECONDS : COLD_TARGET_SECONDS;
            row((ack ? "acknowledgement, cold (" : "cold start (") + function.name() + "): fresh JVM to first "
                            + (ack ? "request answered" : "event handled") + ", no SnapStart (median of " + fresh.size()
                            + ")",
                    secs(coldMedian) + " (each: " + list(fresh.stream().map(Run::child).toList(),
                            Child::firstHandledSeconds) + ")",
                    "≤ " + secs(target) + (ack ? " (Slack's wait)" : ""), coldMedian <= target);
            row((ack ? "acknowledgement, cold (" : "cold start (") + function.name() + ") ÷ JVM floor ("
                            + secs(floorMedian) + ", median, interleaved)",
                    String.format(Locale.ROOT, "%.1f×", ratio), ack ? "" : String.format(Locale.ROOT, "≤ %.0f×",
                            COLD_TARGET_RATIO), ack ? null : ratio <= COLD_TARGET_RATIO);
            for (String priming : List.of("full", "minimal")) {
                List<Run> primed = cold.of(function, main, priming);
                double wall = medianOf(primed, Figures::wall);
                row((ack ? "acknowledgement after priming, as after a SnapStart restore (" : "first event after "
                                + "priming (") + function.name() + "), " + PRIMING_NAMES.get(priming)
                                + ": wall / thread CPU / process CPU since priming (medians of " + primed.size() + ")",
                        ms(wall) + " / " + ms(medianOf(primed, Figures::threadCpu)) + " / "
                                + ms(medianOf(primed, Figures::processCpuSincePriming)),
                        ack ? "≤ " + secs(SLACK_WAIT_SECONDS) + " wall" : "", ack ? wall <= SLACK_WAIT_SECONDS * 1000
                                : null);
            }
        }
        acks.nanos().forEach((kind, nanos) -> {
            double p99 = percentile(nanos, 99) / 1e6;
            row("acknowledgement, warm (" + (kind.equals(HELP) ? "/codebuild help, answered in it"
                            : "Retry click, the retry queued") + "): median / p99 (" + nanos.length + " requests, one "
                            + "instance)", ms(percentile(nanos, 50) / 1e6) + " / " + ms(p99),
                    "≤ " + secs(SLACK_WAIT_SECONDS) + " p99", p99 <= SLACK_WAIT_SECONDS * 1000);
        });
        if (acks.failures() > 0) {
            notes.add(acks.failures() + " of the " + acks.count() + " warm acknowledgements were not answered 200");
        }
        row("warm: handler time per event, median / p99 (" + warm.handlerNanos().length + " events, remote calls "
                + "included)", ms(warmMedian) + " / " + ms(warmP99), "", null);
        row("warm: own code per event (handler time − time in remote calls), median / p99",
                ms(ownMedian) + " / " + ms(ownP99), "< " + ms(WARM_TARGET_MS) + " median", ownMedian < WARM_TARGET_MS);
        long[] lessFake = warm.ownLessFakeHttp();
        row("warm: own code less the fake HTTP server's overhead per Slack/GitHub request ("
                        + ms(warm.fakeHttpNanos() / 1e6) + " each, calibrated), median / p99",
                ms(percentile(lessFake, 50) / 1e6) + " / " + ms(percentile(lessFake, 99) / 1e6), "", null);
        row("memory: peak RSS (VmHWM) of a shaded-jar JVM after " + memory.events() + " events",
                String.format(Locale.ROOT, "%.0f MB", rssMb) + " (RSS at end "
                        + String.format(Locale.ROOT, "%.0f MB", m.rssKb() / 1024.0) + ")",
                String.format(Locale.ROOT, "≤ %d MB function", memoryMb), rssMb <= memoryMb);
        row("memory: heap peak used / max after GC / max committed / metaspace at exit (same run)",
                mb(m.gc().peakUsedKb()) + " / " + mb(m.gc().maxAfterGcKb()) + " / " + mb(m.gc().maxCommittedKb())
                        + " / " + mb(m.gc().metaspaceUsedKb()) + " (" + m.gc().collections() + " collections, max heap "
                        + mb(m.gc().maxHeapKb()) + ")", "", null);
        row("memory: peak RSS of the cold-start JVMs (median)",
                String.format(Locale.ROOT, "%.0f MB", median(cold.runs().stream().filter(r -> r.jit().equals(main))
                        .mapToDouble(r -> r.child().hwmKb() / 1024.0).toArray())), "", null);
        row("artifact: target/codebuild-notifier.jar", String.format(Locale.ROOT, "%,d bytes (%.1f MB)", artifact,
                artifactMb), String.format(Locale.ROOT, "< %.0f MB", ARTIFACT_TARGET_MB), artifactMb < ARTIFACT_TARGET_MB);
        md("");

        List<Run> firstFresh = cold.functions().isEmpty() ? List.of() : cold.of(cold.functions().get(0), main, "fresh");
        callsTable(calls, firstFresh.isEmpty() ? null : firstFresh.get(0).child());
        coldDetails(cold, memories);
        memorySizes(cold, warm);
        warmDetails(warm, memory);
        method(cold, memory);
        if (!notes.isEmpty()) {
            md("");
            md("Notes from this run:");
            notes.forEach(n -> md("- " + n));
        }
    }

    private static double medianOf(List<Run> runs, java.util.function.ToDoubleFunction<Figures> figure) {
        return median(runs.stream().mapToDouble(r -> figure.applyAsDouble(r.figures())).toArray());
    }

    private void coldDetails(Cold cold, List<Memory> memories) {
        md("### Cold start, priming and the JIT");
        md("");
        md("Medians of " + coldRuns + " rounds; in each round, for each JIT setting, a floor JVM, then for each function "
                + "a fresh JVM and one JVM per priming, in turn. *Fresh JVM*: process start to the first event handled "
                + "(Lambda without SnapStart: its init, then the event). The other rows are the first event after "
                + "the handler was created and primed as before a snapshot (restore itself not included): its wall "
                + "time, the CPU time of the thread that handled it, the whole JVM's CPU during it, and the JVM's CPU "
                + "from the end of priming to the end of the event (compilations priming queued included).");
        md("");
        md("| function | JIT (Lambda runtime) | variant | wall | thread CPU | process CPU | process CPU since priming | priming took |");
        md("|---|---|---|---:|---:|---:|---:|---:|");
        for (Function function : cold.functions()) {
            for (Jit jit : cold.jits()) {
                List<Run> fresh = cold.of(function, jit, "fresh");
                md("| " + function.name() + " | " + jit.name() + " (" + jit.runtime() + ") | fresh JVM to first event "
                        + "(floor " + secs(median(cold.floor().getOrDefault(jit.name(), List.of()).stream()
                        .mapToDouble(Child::wallSeconds).toArray())) + ") | " + secs(median(fresh.stream()
                        .mapToDouble(r -> r.child().firstHandledSeconds()).toArray())) + " | | | | |");
                for (String priming : PRIMINGS) {
                    List<Run> runs = cold.of(function, jit, priming);
                    md("| " + function.name() + " | " + jit.name() + " | first event after "
                            + PRIMING_NAMES.get(priming) + " | " + ms(medianOf(runs, Figures::wall)) + " | "
                            + ms(medianOf(runs, Figures::threadCpu)) + " | " + ms(medianOf(runs, Figures::processCpu))
                            + " | " + ms(medianOf(runs, Figures::processCpuSincePriming)) + " | "
                            + (priming.equals("none") ? "" : ms(medianOf(runs, Figures::prime))) + " |");
                }
            }
        }
        md("");
        if (memories.size() > 0) {
            md("The same " + memories.get(0).events() + " events replayed in one child JVM (the memory run) per JIT "
                    + "setting, process start to the last event handled: " + memories.stream()
                    .map(mem -> mem.jit().name() + " " + String.format(Locale.ROOT, "%.1f s (%.2f ms per event)",
                            mem.child().lastHandledSeconds(), mem.child().lastHandledSeconds() * 1000 / mem.events()))
                    .collect(Collectors.joining("; ")) + ".");
            md("");
        }
    }

    /** Lambda's CPU share at each memory size: 1 vCPU at 1,769 MB, in proportion below. */
    static final List<Integer> MEMORY_SIZES = List.of(256, 384, 512, 768, 1024, 1769);

    private void memorySizes(Cold cold, Warm warm) {
        if (cold.functions().isEmpty()) {
            return;
        }
        Jit main = cold.jits().get(0);
        md("### Memory size: what a restored instance's first event would take");
        md("");
        md("Lambda gives a function CPU in proportion to its memory, 1 vCPU at 1,769 MB. What a restored instance "
                + "does first is mostly CPU, so its first event is estimated from the medians above (" + main.name()
                + "): the event's time off the CPU here (wall − thread CPU; real network round trips add to it), "
                + "plus, divided by the share at each size, from the handling thread's CPU time (if the JIT's and "
                + "the GC's threads took nothing from it) to the whole JVM's CPU time from the end of priming (if "
                + "all of it came first). Not measured: the restore itself and how Lambda schedules the share. The "
                + "last row does the same for the median warm event's own code ("
                + ms(percentile(warm.ownNanos(), 50) / 1e6) + ").");
        md("");
        StringBuilder header = new StringBuilder("| first event of a restored instance |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int mb : MEMORY_SIZES) {
            header.append(' ').append(mb).append(" MB (").append(String.format(Locale.ROOT, "%.2f", share(mb)))
                    .append(" vCPU) |");
            rule.append("---:|");
        }
        md(header.toString());
        md(rule.toString());
        for (Function function : cold.functions()) {
            for (String priming : List.of("full", "minimal", "none")) {
                List<Run> runs = cold.of(function, main, priming);
                double thread = medianOf(runs, Figures::threadCpu);
                double all = medianOf(runs, Figures::processCpuSincePriming);
                double off = Math.max(0, medianOf(runs, Figures::wall) - thread);
                StringBuilder row = new StringBuilder("| " + function.name() + ", " + PRIMING_NAMES.get(priming) + " |");
                for (int mb : MEMORY_SIZES) {
                    row.append(' ').append(whole(off + thread / share(mb))).append("–")
                            .append(whole(off + Math.max(thread, all) / share(mb))).append(" ms |");
                }
                md(row.toString());
            }
        }
        StringBuilder warmRow = new StringBuilder("| a warm event's own code (median) |");
        for (int mb : MEMORY_SIZES) {
            warmRow.append(' ').append(ms(percentile(warm.ownNanos(), 50) / 1e6 / share(mb))).append(" |");
        }
        md(warmRow.toString());
        md("");
    }

    private static String whole(double millis) {
        return String.format(Locale.ROOT, "%,.0f", millis);
    }

    static double share(int memoryMb) {
        return Math.min(1.0, memoryMb / 1769.0);
    }

    private void callsTable(List<CallScenarios.Measured> calls, Child firstCold) {
        Map<String, String> shortNames = Map.of(CallScenarios.START, "start", CallScenarios.FIRST, "first",
                CallScenarios.PR_FAILURE, "PR fail", CallScenarios.PR_FAILURE_REPORTS, "PR fail, reports",
                CallScenarios.NEW_AUTHOR, "PR fail, new author", CallScenarios.PR_PASS, "PR pass",
                CallScenarios.PR_PASS_REPORTS, "PR pass, reports", CallScenarios.SKIPPED_PUSH, "skipped push",
                CallScenarios.RETRY, "retry", CallScenarios.DUPLICATE, "duplicate");
        Map<String, String> shortName = new LinkedHashMap<>();
        for (CallScenarios.Measured m : calls) {
            shortName.put(m.kind(), shortNames.getOrDefault(m.kind(), m.kind()));
        }
        Map<String, String> roles = new TreeMap<>();
        TreeSet<String> operations = new TreeSet<>();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (CallScenarios.Measured m : calls) {
            Map<String, Integer> c = detailed(m.calls());
            counts.add(c);
            operations.addAll(c.keySet());
        }
        Map<String, Integer> coldChild = firstCold == null ? Map.of() : detailed(firstCold.calls());
        operations.addAll(coldChild.keySet());
        md("### Calls per event");
        md("");
        md("Remote calls each kind of event makes, by service and operation, counted by the sandbox (DynamoDB "
                + "routed through it). \"first\" is a new instance's first invocation; every other column is the "
                + "same instance afterwards (warm), measured alone (the events it needs before it are not counted). "
                + "\"cold child\" is the first cold-start JVM below (shaded jar, `" + COLD_EVENT + "`). Asserted by "
                + "[`CallCountTest`](src/test/java/io/codebuildnotifier/bench/CallCountTest.java).");
        md("");
        StringBuilder header = new StringBuilder("| service operation |");
        StringBuilder rule = new StringBuilder("|---|");
        for (CallScenarios.Measured m : calls) {
            header.append(' ').append(shortName.get(m.kind())).append(" |");
            rule.append("---:|");
        }
        header.append(" cold child |");
        rule.append("---:|");
        md(header.toString());
        md(rule.toString());
        for (String op : operations) {
            StringBuilder row = new StringBuilder("| " + op + " |");
            for (Map<String, Integer> c : counts) {
                row.append(' ').append(c.getOrDefault(op, 0) == 0 ? "" : c.get(op)).append(" |");
            }
            row.append(' ').append(coldChild.getOrDefault(op, 0) == 0 ? "" : coldChild.get(op)).append(" |");
            md(row.toString());
        }
        StringBuilder total = new StringBuilder("| **total** |");
        for (CallScenarios.Measured m : calls) {
            total.append(" **").append(m.calls().size()).append("** |");
        }
        total.append(" **").append(firstCold == null ? "" : firstCold.calls().size()).append("** |");
        md(total.toString());
        StringBuilder result = new StringBuilder("| outcome |");
        for (CallScenarios.Measured m : calls) {
            result.append(' ').append(m.result()).append(" |");
        }
        result.append(" notified |");
        md(result.toString());
        md("");
        md("Kinds: " + shortName.entrySet().stream().map(e -> "*" + e.getValue() + "*: " + e.getKey())
                .collect(Collectors.joining("; ")) + ". DynamoDB calls name their table: *history* (the build "
                + "history and markers), *aliases* (the Slack alias table), *other* (any other table).");
        if (firstCold != null) {
            Map<String, Integer> first = calls.size() > 1 ? BenchWorld.count(calls.get(1).calls()) : Map.of();
            Map<String, Integer> child = new TreeMap<>(BenchWorld.count(firstCold.calls()));
            // the sample build #41 names its test reports, the first invocation's scenario build none
            child.remove("codebuild BatchGetReports");
            child.remove("codebuild DescribeTestCases");
            if (!first.equals(child)) {
                notes.add("the cold child's calls differ from the in-process first invocation's: " + child + " vs "
                        + first);
            }
        }
        md("");
    }

    /** Counts by "service operation", DynamoDB ones with the role of the table(s) they name. */
    private static Map<String, Integer> detailed(List<Sandbox.Call> calls) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Sandbox.Call call : calls) {
            String key = BenchWorld.key(call);
            String tables = call.params().get("tables");
            if (call.service().equals("dynamodb") && tables != null) {
                key += " (" + Arrays.stream(tables.split(",")).map(Benchmark::tableRole).distinct().sorted()
                        .collect(Collectors.joining(", ")) + ")";
            }
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    private static String tableRole(String table) {
        return table.endsWith("-history") ? "history" : table.endsWith("-aliases") ? "aliases" : "other";
    }

    private void warmDetails(Warm warm, Memory memory) {
        md("### Warm sequence");
        md("");
        Map<String, Long> kinds = warm.events().stream().collect(Collectors.groupingBy(Mix.Event::kind,
                TreeMap::new, Collectors.counting()));
        md(String.format(Locale.ROOT, "%,d events (%s) by %d authors (%d in Slack), in %.1f s; %d invocation(s) failed.",
                warm.events().size(), kinds.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")), BenchWorld.AUTHORS, BenchWorld.AUTHORS_IN_SLACK,
                warm.seconds(), warm.failures()));
        md("");
        md("| outcome | events | handler median | own code median | own code p99 | remote calls per event |");
        md("|---|---:|---:|---:|---:|---:|");
        warm.byOutcome().forEach((outcome, times) -> {
            long[] handler = times.stream().mapToLong(t -> t[0]).toArray();
            long[] own = times.stream().mapToLong(t -> t[1]).toArray();
            double calls = times.stream().mapToLong(t -> t[2]).average().orElse(0);
            md("| " + outcome + " | " + times.size() + " | " + ms(percentile(handler, 50) / 1e6) + " | "
                    + ms(percentile(own, 50) / 1e6) + " | " + ms(percentile(own, 99) / 1e6) + " | "
                    + String.format(Locale.ROOT, "%.1f", calls) + " |");
        });
        md("");
        int total = warm.calls().values().stream().mapToInt(Integer::intValue).sum();
        md(String.format(Locale.ROOT, "Calls for the whole sequence (%,d, %.1f per event): ", total,
                total / (double) warm.events().size()) + warm.calls().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ".");
        md("");
        md("The memory run replayed the same events in a child JVM: " + memory.outcomes().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + String.format(Locale.ROOT,
                "; %.1f s from process start to the last event handled, %.1f ms per event with remote calls.",
                memory.child().lastHandledSeconds(), memory.child().lastHandledSeconds() * 1000 / memory.events()));
        md("");
    }

    private void method(Cold cold, Memory memory) {
        md("### How each figure is measured");
        md("");
        md("- **Cold start**: this JVM starts DynamoDB Local and the sandbox (loaded from `events/sandbox`), then for "
                + "each measured JVM creates fresh tables (so `" + COLD_EVENT + "` is a real first event: a failed PR "
                + "build that notifies Jane) and starts `java " + String.join(" ", cold.coldCommand()) + "` with only "
                + "the environment pointing the SDK and the notifier at the fakes (`AWS_ENDPOINT_URL`, "
                + "`AWS_ENDPOINT_URL_DYNAMODB` = the sandbox, which records DynamoDB calls and passes them to "
                + "DynamoDB Local; `AWS_REGION`, static keys, `CBN_*`). On its classpath are the shaded jar and "
                + "[`FirstEvent`](src/bench/java/io/codebuildnotifier/bench/FirstEvent.java) alone, which creates each "
                + "function's handler as Lambda does (its no-argument constructor: settings, clients, the init-time "
                + "warm-up) and hands it the event. *Fresh JVM* is from just before `ProcessBuilder.start()` to the "
                + "moment this JVM reads the line FirstEvent prints once the event was fully handled (Slack message "
                + "sent); the JVM's exit is not counted (it is stopped then). Each run is checked to have notified.");
        md("- **First event after priming**: `java " + String.join(" ", cold.primedCommand()) + "`: the handler is "
                + "created, then (unless `none`) primed through its CRaC hook `beforeCheckpoint` with "
                + "`codebuildnotifier.priming` = `minimal` (what priming did before) or `full` and told "
                + "`afterRestore`; after " + restoreGapMillis + " ms (with `http.keepAlive.time.server=1`, so that no "
                + "connection priming opened is used for the event, as none survives a restore) the event is timed "
                + "inside that JVM: wall time (`System.nanoTime`), the handling thread's CPU time (`ThreadMXBean`), "
                + "and the CPU time of all the JVM's threads, the JIT compilers' and the GC's included (the sum over "
                + "`/proc/self/task/*/schedstat`, in nanoseconds), during the event and from the end of priming.");
        md("- **JVM floor**: the same JVM options and classpath with `FirstEvent --help`, which prints its usage and "
                + "exits; process start to exit. Floor, fresh and primed JVMs alternate.");
        md("- **Warm**: in this JVM, one instance of the real handler (`EventsFunction.fromEnvironment`, as Lambda "
                + "builds it) handles " + warmupCount + " events of another sequence first (JIT warm-up, own tables), "
                + "then a new instance handles the sequence above, timed per event with `System.nanoTime()` around "
                + "`handle`. *Own code* subtracts the wall time during which at least one remote call was "
                + "outstanding: AWS calls from just before transmission to just after the response (a global SDK "
                + "`ExecutionInterceptor` registered from the test classpath, inert unless the benchmark turns it "
                + "on), and Slack and GitHub requests for the time the sandbox spends answering them (server "
                + "side, until the answer is ready). What is left is our code, the SDK's and the HTTP clients' "
                + "work on our side, and for Slack and GitHub also the loopback transfer and the fake HTTP server's "
                + "own parsing and dispatch, so it overstates our cost a little; the next row subtracts that "
                + "overhead, calibrated with a minimal raw-socket HTTP client against the same server (median "
                + "of 500 requests, wall time less the time the sandbox reports answering). This JVM also runs "
                + "DynamoDB Local and the fakes on the same 2 cores, so their work and garbage collections can "
                + "land in an event's time (p99). JIT: this JVM runs with " + parentJit() + ".");
        md("- **Acknowledgement** (the interactions function): its first request is made at run time before each "
                + "measured JVM starts (`target/bench/interactions-*.json`: a Function URL event, payload format 2.0, "
                + "the form body base64, signed with the sandbox's signing secret then, as a signature only holds for "
                + "5 minutes): Jane's `/codebuild help` (answered in the acknowledgement, nothing left for later) or "
                + "her click on a failed build's Retry (acknowledged; with `CBN_INTERACTIONS_QUEUE_URL` a FIFO queue "
                + "of the sandbox's SQS, the retry is only queued: the acknowledgement is all the request's work). "
                + "Measured as the other functions' first events, and checked to have answered 200 (and queued one "
                + "message). Its first request reads the secret (token and signing secret) from Secrets Manager. "
                + "*Warm*: in this JVM, one instance of the real handler answers " + warmupCount + " requests, then "
                + "the timed ones, the two kinds in turn, `System.nanoTime()` around `handle` (the signing outside). "
                + "Slack's own network round trip to the Function URL is not included.");
        md("- **Calls per event**: the sandbox records every request it answers (DynamoDB included, routed "
                + "through it), counted per event; see the table's note.");
        md("- **Memory**: the same " + memory.events() + " events written to `target/bench-events/` and replayed by "
                + "`java " + String.join(" ", memory.command()).replaceAll("file=\\S+:", "file=…:") + "` (only the "
                + "shaded jar; `-XX:MaxRAM=" + memoryMb + "m` makes the JVM size its heap as on a " + memoryMb
                + " MB machine), once per JIT setting; the figures are the first one's. Peak RSS is "
                + "the largest `VmHWM` read from `/proc/PID/status` every 5 ms while it runs (the last read is at "
                + "most 5 ms before exit); heap figures come from its GC log: the largest heap used before a "
                + "collection (or at exit), the largest after one, the largest committed, metaspace at exit.");
        md("- **Artifact**: the size of `target/codebuild-notifier.jar` as `mvn package` built it.");
    }

    /** This JVM's JIT setting, in words. */
    private static String parentJit() {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX") && (a.contains("Tiered") || a.contains("Compil"))).toList();
        return flags.isEmpty() ? "full tiered compilation (no JIT option), as Lambda's java25 runtime with SnapStart"
                : "`" + String.join(" ", flags) + "`" + (flags.contains("-XX:TieredStopAtLevel=1")
                ? " (C1 only, as Lambda's java21 runtime runs Java)" : "");
    }

    // ------------------------------------------------------------------ formatting

    private void md(String line) {
        markdown.append(line).append('\n');
    }

    private void row(String figure, String measured, String target, Boolean met) {
        md("| " + figure + " | " + measured + " | " + target + " | " + (met == null ? "" : met ? "yes" : "**no**")
                + " |");
    }

    private static String secs(double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    private static String mb(long kb) {
        return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    private static String list(List<Child> children, java.util.function.ToDoubleFunction<Child> figure) {
        return children.stream().map(c -> String.format(Locale.ROOT, "%.2f", figure.applyAsDouble(c)))
                .collect(Collectors.joining(", "));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest-rank percentile. */
    static double percentile(long[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
