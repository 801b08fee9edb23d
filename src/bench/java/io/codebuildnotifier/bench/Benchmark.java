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
 * {@code bench.events} (1000), {@code bench.warmup} (300), {@code bench.coldRuns} (5),
 * {@code bench.jvmOptions} (the measured JVMs' options), {@code bench.memoryJvmOptions} (added for the
 * memory run), {@code bench.seed}.
 */
public final class Benchmark {
    static final String DEFAULT_JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    static final String DEFAULT_MEMORY_OPTIONS = "-XX:+UseSerialGC -XX:MaxRAM=256m";
    static final String COLD_EVENT = "pr-failed.json";

    // targets of issue 4
    static final double COLD_TARGET_SECONDS = 1.0;
    static final double COLD_TARGET_RATIO = 8.0;
    static final double WARM_TARGET_MS = 5.0;
    static final double ARTIFACT_TARGET_MB = 15.0;
    static final double MEMORY_TARGET_MB = 256.0;

    private final Path base;
    private final Path jar;
    private final Path work;
    private final int eventCount = Integer.getInteger("bench.events", 1000);
    private final int warmupCount = Integer.getInteger("bench.warmup", 300);
    private final int coldRuns = Integer.getInteger("bench.coldRuns", 5);
    private final long seed = Long.getLong("bench.seed", 20261204L);
    private final List<String> jvmOptions = split(System.getProperty("bench.jvmOptions", DEFAULT_JVM_OPTIONS));
    private final List<String> memoryOptions = split(System.getProperty("bench.memoryJvmOptions",
            DEFAULT_MEMORY_OPTIONS));
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
            try {
                phase("calls per event (in-process, DynamoDB counted through the sandbox)");
                calls = CallScenarios.run(world);
                phase("warm: JIT warm-up with " + warmupCount + " events, then " + eventCount + " events timed");
                warm = warm();
            } finally {
                System.setOut(console);
                handlerLog.close();
            }
            phase("memory: " + eventCount + " events in a child JVM running only the shaded jar");
            Memory memory = memory(warm.events());
            phase("cold start: " + coldRuns + " fresh JVMs and " + coldRuns + " floor JVMs, interleaved, after one "
                    + "discarded pair");
            Cold cold = cold();
            report(machine, artifact, calls, warm, memory, cold);
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
        Map<String, String> machine = new LinkedHashMap<>();
        String cpu = readFirst(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.+)");
        machine.put("cores", Runtime.getRuntime().availableProcessors() + (cpu == null ? "" : " × " + cpu.trim()));
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        machine.put("memory", String.format(Locale.ROOT, "%.1f GiB", memory / (double) (1L << 30)));
        String distro = readFirst(Path.of("/etc/os-release"), "PRETTY_NAME=\"?([^\"]+)\"?");
        machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + (distro == null ? "" : " (" + distro + ")"));
        machine.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + "), " + javaBinary());
        return machine;
    }

    private static String readFirst(Path file, String regex) {
        try {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
            return m.find() ? m.group(1) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
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

    /** What a child JVM did: wall times, its own uptime at exit, memory, output. */
    record Child(int exit, double wallSeconds, double firstHandledSeconds, double uptimeAtExitSeconds,
                 long hwmKb, long rssKb, GcLog gc, List<String> output, List<Sandbox.Call> calls, int posts) {
    }

    /** What {@code -Xlog:gc*} said: heap used before and after each collection, and at exit. */
    record GcLog(int collections, long peakUsedKb, long maxAfterGcKb, long maxCommittedKb, long exitUsedKb,
                 long metaspaceUsedKb, long maxHeapKb) {
    }

    private Child launch(List<String> command, Map<String, String> settings, Path gcLog, Path output)
            throws IOException, InterruptedException {
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
                if (Double.isNaN(firstHandled[0]) && handledLine(line)) {
                    firstHandled[0] = (System.nanoTime() - t0) / 1e9;
                }
                if (copy != null) {
                    copy.println(line);
                } else if (lines.size() < 200) {
                    lines.add(line);
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
        return new Child(process.exitValue(), wall, firstHandled[0], uptime, memory[0], memory[1], gc, lines,
                world.sandbox.calls(), world.sandbox.posts().size() - postsBefore);
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

    record Memory(Child child, int events, Map<String, Integer> outcomes, List<String> command) {
    }

    private Memory memory(List<Mix.Event> events) throws IOException, InterruptedException {
        Path folder = target.resolve("bench-events");
        deleteRecursively(folder);
        Files.createDirectories(folder);
        for (int i = 0; i < events.size(); i++) {
            Files.writeString(folder.resolve(String.format(Locale.ROOT, "%04d.json", i + 1)), events.get(i).json());
        }
        Path gcLog = work.resolve("memory-gc.log");
        Path output = work.resolve("memory-replay.log");
        List<String> command = new ArrayList<>(jvmOptions);
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
        return new Memory(child, events.size(), outcomes, command);
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

    record Cold(List<Child> cold, List<Child> floor, List<String> coldCommand, List<String> floorCommand) {
    }

    private Cold cold() throws IOException, InterruptedException {
        List<Child> cold = new ArrayList<>();
        List<Child> floor = new ArrayList<>();
        List<String> coldCommand = null;
        List<String> floorCommand = null;
        for (int run = 0; run <= coldRuns; run++) {
            Path floorGc = work.resolve("floor-" + run + "-gc.log");
            floorCommand = new ArrayList<>(jvmOptions);
            floorCommand.addAll(gcLogOption(floorGc));
            floorCommand.addAll(List.of("-cp", base.relativize(jar).toString(),
                    "io.codebuildnotifier.function.Replay", "--help"));
            Child f = launch(floorCommand, Map.of(), floorGc, null);

            Path coldGc = work.resolve("cold-" + run + "-gc.log");
            coldCommand = new ArrayList<>(jvmOptions);
            coldCommand.addAll(gcLogOption(coldGc));
            coldCommand.addAll(List.of("-cp", base.relativize(jar).toString(),
                    "io.codebuildnotifier.function.Replay", "events/" + COLD_EVENT));
            Child c = launch(coldCommand, world.settings("cold"), coldGc, null);
            if (c.exit() != 0 || c.posts() < 1) {
                throw new IllegalStateException("cold run " + run + " did not notify the first event (exit "
                        + c.exit() + ", " + c.posts() + " Slack posts):\n" + String.join("\n", c.output()));
            }
            if (Double.isNaN(c.firstHandledSeconds())) {
                notes.add("cold run " + run + ": no handler log line seen; its time to the first event handled is "
                        + "its time to exit");
                c = new Child(c.exit(), c.wallSeconds(), c.wallSeconds(), c.uptimeAtExitSeconds(), c.hwmKb(),
                        c.rssKb(), c.gc(), c.output(), c.calls(), c.posts());
            }
            if (run > 0) { // the first pair warms the fakes and the disk cache, and is not counted
                cold.add(c);
                floor.add(f);
            }
        }
        return new Cold(cold, floor, coldCommand, floorCommand);
    }

    // ------------------------------------------------------------------ report

    private void report(Map<String, String> machine, long artifact, List<CallScenarios.Measured> calls, Warm warm,
                        Memory memory, Cold cold) {
        double coldMedian = median(cold.cold().stream().mapToDouble(Child::firstHandledSeconds).toArray());
        double coldExitMedian = median(cold.cold().stream().mapToDouble(Child::wallSeconds).toArray());
        double coldUptimeMedian = median(cold.cold().stream().mapToDouble(Child::uptimeAtExitSeconds).toArray());
        double floorMedian = median(cold.floor().stream().mapToDouble(Child::wallSeconds).toArray());
        double floorUptimeMedian = median(cold.floor().stream().mapToDouble(Child::uptimeAtExitSeconds).toArray());
        double ratio = coldMedian / floorMedian;
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
        md("| figure | measured | target | met |");
        md("|---|---|---|---|");
        row("cold start: JVM start to first event handled (median of " + cold.cold().size() + ")",
                secs(coldMedian) + " (each: " + list(cold.cold(), Child::firstHandledSeconds) + ")",
                "≤ " + secs(COLD_TARGET_SECONDS), coldMedian <= COLD_TARGET_SECONDS);
        row("cold start: to process exit / JVM's own uptime at exit (medians)",
                secs(coldExitMedian) + " / " + secs(coldUptimeMedian), "", null);
        row("JVM floor: `Replay --help` from the same jar, to process exit / own uptime (medians)",
                secs(floorMedian) + " / " + secs(floorUptimeMedian) + " (each: " + list(cold.floor(),
                        Child::wallSeconds) + ")", "", null);
        row("cold start ÷ floor", String.format(Locale.ROOT, "%.1f×", ratio),
                String.format(Locale.ROOT, "≤ %.0f×", COLD_TARGET_RATIO), ratio <= COLD_TARGET_RATIO);
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
                String.format(Locale.ROOT, "≤ %.0f MB function", MEMORY_TARGET_MB), rssMb <= MEMORY_TARGET_MB);
        row("memory: heap peak used / max after GC / max committed / metaspace at exit (same run)",
                mb(m.gc().peakUsedKb()) + " / " + mb(m.gc().maxAfterGcKb()) + " / " + mb(m.gc().maxCommittedKb())
                        + " / " + mb(m.gc().metaspaceUsedKb()) + " (" + m.gc().collections() + " collections, max heap "
                        + mb(m.gc().maxHeapKb()) + ")", "", null);
        row("memory: peak RSS of the cold-start JVMs (median)",
                String.format(Locale.ROOT, "%.0f MB", median(cold.cold().stream()
                        .mapToDouble(c -> c.hwmKb() / 1024.0).toArray())), "", null);
        row("artifact: target/codebuild-notifier.jar", String.format(Locale.ROOT, "%,d bytes (%.1f MB)", artifact,
                artifactMb), String.format(Locale.ROOT, "< %.0f MB", ARTIFACT_TARGET_MB), artifactMb < ARTIFACT_TARGET_MB);
        md("");

        callsTable(calls, cold.cold().isEmpty() ? null : cold.cold().get(0));
        warmDetails(warm, memory);
        method(cold, memory);
        if (!notes.isEmpty()) {
            md("");
            md("Notes from this run:");
            notes.forEach(n -> md("- " + n));
        }
    }

    private void callsTable(List<CallScenarios.Measured> calls, Child firstCold) {
        List<String> shortNames = List.of("start", "first", "PR fail", "PR fail, new author", "PR pass",
                "skipped push", "retry", "duplicate");
        Map<String, String> shortName = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            shortName.put(calls.get(i).kind(), i < shortNames.size() ? shortNames.get(i) : calls.get(i).kind());
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
            Map<String, Integer> child = BenchWorld.count(firstCold.calls());
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
                "; %.1f s for the JVM's whole life, %.1f ms per event with remote calls.", memory.child().wallSeconds(),
                memory.child().wallSeconds() * 1000 / memory.events()));
        md("");
    }

    private void method(Cold cold, Memory memory) {
        md("### How each figure is measured");
        md("");
        md("- **Cold start**: this JVM starts DynamoDB Local and the sandbox (loaded from `events/sandbox`), then for "
                + "each run creates fresh tables (so `" + COLD_EVENT + "` is a real first event: a failed PR build that "
                + "notifies Jane) and starts `java " + String.join(" ", cold.coldCommand()).replaceAll("file=\\S+:",
                "file=…:") + "` with only the environment pointing the SDK and the notifier at the fakes "
                + "(`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_DYNAMODB` = the sandbox, which records DynamoDB calls and "
                + "passes them to DynamoDB Local; `AWS_REGION`, static keys, `CBN_*`). The time is from just before "
                + "`ProcessBuilder.start()` to the moment this JVM reads the handler's log line for the event (printed "
                + "after the event was fully handled, Slack message sent); \"to process exit\" adds the JVM's "
                + "shutdown, and \"own uptime\" is the JVM's clock when it logged its heap at exit (`-Xlog:gc*` with "
                + "`uptime`; without the time the OS takes to create the process). Each run is checked to have "
                + "notified. One pair of runs is made first and discarded. The measured JVMs run the shaded jar "
                + "alone; nothing is added to `src/main`.");
        md("- **JVM floor**: the same command and jar with `Replay --help` instead of an event: the jar's own main, "
                + "which prints its usage and exits; process start to exit. Floor and cold runs alternate.");
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
                + "land in an event's time (p99). JIT: this JVM runs with "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX")).toList()) + " (C1 only, the Lambda Java runtime's default).");
        md("- **Calls per event**: the sandbox records every request it answers (DynamoDB included, routed "
                + "through it), counted per event; see the table's note.");
        md("- **Memory**: the same " + memory.events() + " events written to `target/bench-events/` and replayed by "
                + "`java " + String.join(" ", memory.command()).replaceAll("file=\\S+:", "file=…:") + "` (only the "
                + "shaded jar; `-XX:MaxRAM=256m` makes the JVM size its heap as on a 256 MB machine). Peak RSS is "
                + "the largest `VmHWM` read from `/proc/PID/status` every 5 ms while it runs (the last read is at "
                + "most 5 ms before exit); heap figures come from its GC log: the largest heap used before a "
                + "collection (or at exit), the largest after one, the largest committed, metaspace at exit.");
        md("- **Artifact**: the size of `target/codebuild-notifier.jar` as `mvn package` built it.");
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
