package dev.promptcards.loadtests.report;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The machine and the JVM the run measured on (the JVM of the benchmark itself: the CRDT
 * benchmark's Java side, the server benchmark's load generator).
 *
 * @param cores the processors available to the JVM
 * @param cpu the CPU's model name (from /proc/cpuinfo), or "unknown"
 * @param os the operating system, its version and architecture
 * @param jdk the Java runtime's vendor, name and version
 * @param gc the JVM's garbage collectors
 * @param maxHeapBytes the JVM's maximum heap
 * @param loadAverage the system's load average over the last minute when the run started (-1 when
 *     unknown): other work on the machine makes figures noisy
 */
public record Machine(
        int cores, String cpu, String os, String jdk, String gc, long maxHeapBytes, double loadAverage) {

    /** The machine this JVM runs on, now. */
    public static Machine current() {
        Runtime runtime = Runtime.getRuntime();
        return new Machine(
                runtime.availableProcessors(),
                cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(),
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(", ")),
                runtime.maxMemory(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
