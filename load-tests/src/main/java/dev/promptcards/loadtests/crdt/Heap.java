package dev.promptcards.loadtests.crdt;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The Java heap in use after full collections: the Java side of the memory figure. */
final class Heap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Heap() {}

    /**
     * Keeps the heap the JVM has grown through the full collections between phases: with the default
     * {@code MaxHeapFreeRatio} (70) each collection shrank it, and the next timed phase paid page faults
     * to grow it again (28% of the remote phase's CPU samples under async-profiler), which a
     * long-running process, never collecting explicitly, does not. A manageable flag, set at run time;
     * the heap in use after a collection, the memory figure, does not depend on it.
     *
     * @return what was done, for the report
     */
    static String keepGrownHeap() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).setVMOption("MaxHeapFreeRatio", "100");
            return "heap kept through full collections (MaxHeapFreeRatio=100)";
        } catch (RuntimeException e) { // not HotSpot, or the flag not manageable here
            return "heap may shrink at full collections (" + e.getMessage() + ")";
        }
    }

    /**
     * Collects ({@code System.gc()}, a full collection with the JDK's collectors unless
     * {@code -XX:+DisableExplicitGC}) until the heap in use stops shrinking, at least 3 and at most
     * 10 times, as {@code crdt-bench.mjs} does with {@code global.gc()}.
     *
     * @return the heap in use afterwards, in bytes
     */
    static long usedAfterFullGc() {
        long before = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (i >= 2 && used >= before) {
                break;
            }
            before = used;
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
