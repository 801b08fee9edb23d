package io.codebuildnotifier.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The JVM the benchmark measures for cold starts: the shaded jar and this one class on the classpath
 * (nothing else of the tests), creating a function's handler as Lambda does (its no-argument
 * constructor, which reads the environment) and handling one event.
 *
 * <pre>
 * FirstEvent --help                                   the JVM floor: print this and exit
 * FirstEvent HANDLER EVENT.json                       fresh JVM: create the handler, handle the event
 * FirstEvent HANDLER EVENT.json none|minimal|full GAP create the handler; unless none, prime it as before a
 *                                                     SnapStart snapshot (the CRaC hook beforeCheckpoint, with
 *                                                     that codebuildnotifier.priming) and call afterRestore;
 *                                                     wait GAP ms; then handle the event
 * </pre>
 *
 * Prints one line, {@code bench-first-event} and its figures ({@code key=value}, milliseconds): the event's
 * wall time, the CPU time of the thread that handled it, the CPU time of all the process's threads (the JIT
 * compilers' and the GC's included) during it and from the end of priming to its end (which includes
 * compilations priming left queued, as a restored instance would finish them), the handler's creation and
 * the priming; and when the handler answered a Function URL response, its status ({@code status=200}). Uses only the
 * JDK and the jar.
 */
public final class FirstEvent {
    static final String LINE = "bench-first-event";

    private FirstEvent() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args[0].equals("--help")) {
            System.out.println("usage: FirstEvent HANDLER_CLASS EVENT.json [none|minimal|full GAP_MS]");
            System.exit(args.length > 0 && args[0].equals("--help") ? 0 : 2);
        }
        if (args.length == 2) {
            fresh(args[0], Files.readAllBytes(Path.of(args[1])));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        threads.getCurrentThreadCpuTime();
        tasks(os);
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        String priming = args[2];
        long gapMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
        System.setProperty("codebuildnotifier.priming", priming);

        long init0 = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long init1 = System.nanoTime();
        long prime0 = init1;
        if (!priming.equals("none")) {
            ((org.crac.Resource) handler).beforeCheckpoint(null);
            ((org.crac.Resource) handler).afterRestore(null);
        }
        long prime1 = System.nanoTime();
        java.util.Map<String, Long> afterPriming = tasks(os);
        if (gapMillis > 0) {
            Thread.sleep(gapMillis);
        }

        java.util.Map<String, Long> before = tasks(os);
        long thread0 = threads.getCurrentThreadCpuTime();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        String failure = "";
        try {
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(event), answer, null);
        } catch (RuntimeException e) {
            failure = " failed=" + e.getClass().getSimpleName();
        }
        long t1 = System.nanoTime();
        long thread1 = threads.getCurrentThreadCpuTime();
        java.util.Map<String, Long> after = tasks(os);
        System.out.println(String.format(Locale.ROOT, "%s wall_ms=%.2f thread_cpu_ms=%.2f process_cpu_ms=%.2f "
                        + "process_cpu_since_priming_ms=%.2f init_ms=%.1f prime_ms=%.1f%s%s", LINE, (t1 - t0) / 1e6,
                (thread1 - thread0) / 1e6, since(before, after) / 1e6, since(afterPriming, after) / 1e6,
                (init1 - init0) / 1e6, (prime1 - prime0) / 1e6, status(answer), failure));
        System.out.flush();
        System.exit(failure.isEmpty() ? 0 : 1);
    }

    /** A fresh JVM: nothing before the handler but reading the event, nothing measured inside but wall time. */
    private static void fresh(String handlerClass, byte[] event) throws Exception {
        long t0 = System.nanoTime();
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        String failure = "";
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(event), answer, null);
        } catch (RuntimeException e) {
            failure = " failed=" + e.getClass().getSimpleName();
        }
        System.out.println(String.format(Locale.ROOT, "%s init_and_event_ms=%.1f%s%s", LINE,
                (System.nanoTime() - t0) / 1e6, status(answer), failure));
        System.out.flush();
        System.exit(failure.isEmpty() ? 0 : 1);
    }

    /** {@code " status=NNN"} when the handler answered a Function URL response (its {@code statusCode}), else "". */
    private static String status(ByteArrayOutputStream answer) {
        java.util.regex.Matcher status = java.util.regex.Pattern.compile("^\\{\"statusCode\":(\\d{3})[,}]")
                .matcher(answer.toString(java.nio.charset.StandardCharsets.UTF_8));
        return status.find() ? " status=" + status.group(1) : "";
    }

    /**
     * The CPU time of each of the process's threads, Java or not (JIT compilers, GC), in nanoseconds, from
     * {@code /proc/self/task/TID/schedstat}; where there is none, the whole process's under one key (from
     * {@code getProcessCpuTime}, in clock ticks).
     */
    private static java.util.Map<String, Long> tasks(com.sun.management.OperatingSystemMXBean os) {
        java.util.Map<String, Long> cpu = new java.util.HashMap<>();
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    cpu.put(task.getFileName().toString(), Long.parseLong(stat.substring(0, stat.indexOf(' '))));
                } catch (java.io.IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            cpu.clear();
        }
        if (cpu.isEmpty()) {
            cpu.put("process", os.getProcessCpuTime());
        }
        return cpu;
    }

    /** CPU time between two readings: of the threads alive at the second, from 0 for those started since. */
    private static long since(java.util.Map<String, Long> then, java.util.Map<String, Long> now) {
        long total = 0;
        for (java.util.Map.Entry<String, Long> task : now.entrySet()) {
            total += Math.max(0, task.getValue() - then.getOrDefault(task.getKey(), 0L));
        }
        return total;
    }
}
