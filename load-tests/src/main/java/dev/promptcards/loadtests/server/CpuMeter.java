package dev.promptcards.loadtests.server;

/**
 * CPU used over a measured window: the server's process, its database's processes, the generator's
 * process and its event loop threads, and the whole machine (from /proc).
 */
final class CpuMeter {

    /** A generator thread or process above this share of its cores makes the run generator-bound. */
    static final double SATURATED = 0.85;

    /**
     * What the window used, in cores (CPU seconds per second of the window).
     *
     * @param seconds the window's length
     * @param server the server process
     * @param database its database's processes (NaN: none)
     * @param generator the generator's whole process (this JVM: its GC and JIT too)
     * @param generatorBusiestThread the busiest of its event loop threads
     * @param generatorThreads how many event loop threads it has
     * @param machine the whole machine, 0 to the number of cores
     * @param cores the machine's cores
     */
    record Use(double seconds, double server, double database, double generator,
            double generatorBusiestThread, int generatorThreads, double machine, int cores) {

        /**
         * True when the generator, not the server, may have been the limit: an event loop thread, or
         * the process over its threads, above {@link #SATURATED} of a core.
         */
        boolean generatorBound() {
            return generatorBusiestThread > SATURATED || generator > SATURATED * generatorThreads;
        }

        /** True when the machine had no CPU left (server, database and generator share it). */
        boolean machineSaturated() {
            return machine > 0.95 * cores;
        }
    }

    private final BenchServer server;
    private final LoadGenerator generator;
    private final long start;
    private final double server0;
    private final double database0;
    private final double generator0;
    private final double[] threads0;
    private final long[] machine0;

    private CpuMeter(BenchServer server, LoadGenerator generator) {
        this.server = server;
        this.generator = generator;
        this.start = System.nanoTime();
        this.server0 = server.cpuSeconds();
        this.database0 = server.databaseCpuSeconds();
        this.generator0 = ProcFs.cpuSeconds(ProcessHandle.current().pid(), false);
        this.threads0 = generator.threadCpuSeconds();
        this.machine0 = ProcFs.machineTicks();
    }

    /** Starts measuring now. */
    static CpuMeter start(BenchServer server, LoadGenerator generator) {
        return new CpuMeter(server, generator);
    }

    /** What was used since the start. */
    Use stop() {
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] threads = generator.threadCpuSeconds();
        double busiest = 0;
        for (int i = 0; i < threads.length; i++) {
            busiest = Math.max(busiest, (threads[i] - threads0[i]) / seconds);
        }
        long[] machine = ProcFs.machineTicks();
        int cores = Runtime.getRuntime().availableProcessors();
        double machineCores = machine[1] == machine0[1] ? Double.NaN
                : (double) (machine[0] - machine0[0]) / (machine[1] - machine0[1]) * cores;
        return new Use(
                seconds,
                (server.cpuSeconds() - server0) / seconds,
                (server.databaseCpuSeconds() - database0) / seconds,
                (ProcFs.cpuSeconds(ProcessHandle.current().pid(), false) - generator0) / seconds,
                busiest,
                threads.length,
                machineCores,
                cores);
    }
}
