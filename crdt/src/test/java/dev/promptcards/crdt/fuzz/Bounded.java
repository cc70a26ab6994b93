package dev.promptcards.crdt.fuzz;

import java.lang.management.ManagementFactory;

/**
 * The fuzz targets' memory bound: what the current thread allocates while handling an input of
 * {@code n} bytes must stay under {@code BASE_BYTES + PER_INPUT_BYTE * n}. A decoder that sizes an array
 * or a collection by an untrusted length before checking that the input holds it breaks the bound with
 * a few bytes of input, long before the heap runs out.
 */
final class Bounded {

    /** What a handful of fresh documents and their bookkeeping take, whatever the input. */
    static final long BASE_BYTES = 4L << 20;
    /**
     * Generous: decoding and integrating an update builds objects per struct, and a struct can be 2
     * bytes; a few copies of the state are re-encoded to check it. Hostile lengths ask for gigabytes.
     */
    static final long PER_INPUT_BYTE = 4096;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Bounded() {
    }

    /**
     * Runs {@code work} for an input of {@code inputLength} bytes and fails if it allocated more than the
     * bound. An exception of {@code work} passes through (the fuzz target judges it). Over the bound,
     * {@code work} runs a second time and only that run counts: the first run of a code path also loads
     * and instruments classes on this thread, which allocates megabytes once.
     *
     * @param inputLength the input's length
     * @param work        what handles the input; must do the same when run twice
     */
    static void allocation(int inputLength, Runnable work) {
        long bound = BASE_BYTES + PER_INPUT_BYTE * inputLength;
        if (allocatedBy(work) > bound) {
            long allocated = allocatedBy(work);
            if (allocated > bound) {
                throw new AssertionError("allocated " + allocated + " bytes for an input of " + inputLength
                        + " bytes (bound " + bound + ")");
            }
        }
    }

    private static long allocatedBy(Runnable work) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
