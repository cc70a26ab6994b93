package dev.promptcards.loadtests.crdt;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The Java heap in use after full collections: the Java side of the memory figure. */
final class Heap {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private Heap() {}

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
