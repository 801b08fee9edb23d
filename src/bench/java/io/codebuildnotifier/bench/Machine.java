package io.codebuildnotifier.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine a benchmark ran on, as its reports name it: cores, memory, OS and the JVM. */
final class Machine {
    private Machine() {
    }

    /**
     * @param jvmLabel the JVM's row name in the report
     */
    static Map<String, String> describe(String jvmLabel) {
        Map<String, String> machine = new LinkedHashMap<>();
        String cpu = readFirst(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.+)");
        machine.put("cores", Runtime.getRuntime().availableProcessors() + (cpu == null ? "" : " × " + cpu.trim()));
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        machine.put("memory", String.format(Locale.ROOT, "%.1f GiB", memory / (double) (1L << 30)));
        String distro = readFirst(Path.of("/etc/os-release"), "PRETTY_NAME=\"?([^\"]+)\"?");
        machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + (distro == null ? "" : " (" + distro + ")"));
        machine.put(jvmLabel, System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
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
}
