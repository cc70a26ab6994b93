package dev.promptcards.loadtests.server;

import java.util.List;

/**
 * CPU used over a measured window: the server's process (each node's, when there are several), its
 * database's processes, the Redis they share (if any), the generator's process and its event loop
 * threads, and the whole machine (from /proc).
 */
final class CpuMeter {

    /** A generator thread or process above this share of its cores makes the run generator-bound. */
    static final double SATURATED = 0.85;

    /**
     * What the window used, in cores (CPU seconds per second of the window).
     *
     * @param seconds the window's length
     * @param server the server process (all nodes' together)
     * @param nodes each node's process, in the order given
     * @param database its database's processes (NaN: none)
     * @param redis the Redis server (NaN: none)
     * @param generator the generator's whole process (this JVM: its GC and JIT too)
     * @param generatorBusiestThread the busiest of its event loop threads
     * @param generatorThreads the cores its event loop threads can use: as many as there are threads, at most
     *     the CPUs it may run on (one when the bench pins it, {@link CpuPinning})
     * @param machine the whole machine, 0 to the number of cores
     * @param cores the machine's cores (all of them, whatever the generator may use)
     */
    record Use(double seconds, double server, double[] nodes, double database, double redis, double generator,
            double generatorBusiestThread, int generatorThreads, double machine, int cores) {

        /** One server and no Redis. */
        Use(double seconds, double server, double database, double generator, double generatorBusiestThread,
                int generatorThreads, double machine, int cores) {
            this(seconds, server, new double[] {server}, database, Double.NaN, generator, generatorBusiestThread,
                    generatorThreads, machine, cores);
        }

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

    private final List<BenchServer> servers;
    private final RedisServer redis;
    private final LoadGenerator generator;
    private final long start;
    private final double[] nodes0;
    private final double database0;
    private final double redis0;
    private final double generator0;
    private final double[] threads0;
    private final long[] machine0;

    private CpuMeter(List<BenchServer> servers, RedisServer redis, LoadGenerator generator) {
        this.servers = List.copyOf(servers);
        this.redis = redis;
        this.generator = generator;
        this.start = System.nanoTime();
        this.nodes0 = nodes();
        this.database0 = database();
        this.redis0 = redis == null ? Double.NaN : redis.cpuSeconds();
        this.generator0 = ProcFs.cpuSeconds(ProcessHandle.current().pid(), false);
        this.threads0 = generator.threadCpuSeconds();
        this.machine0 = ProcFs.machineTicks();
    }

    /** Starts measuring now. */
    static CpuMeter start(BenchServer server, LoadGenerator generator) {
        return new CpuMeter(List.of(server), null, generator);
    }

    /** Starts measuring several nodes and the Redis they share now. */
    static CpuMeter start(List<BenchServer> nodes, RedisServer redis, LoadGenerator generator) {
        return new CpuMeter(nodes, redis, generator);
    }

    private double[] nodes() {
        return servers.stream().mapToDouble(BenchServer::cpuSeconds).toArray();
    }

    /** The database processes' CPU, summed over the nodes that have some (the one that runs it); NaN if none does. */
    private double database() {
        double sum = Double.NaN;
        for (BenchServer s : servers) {
            double db = s.databaseCpuSeconds();
            if (!Double.isNaN(db)) {
                sum = Double.isNaN(sum) ? db : sum + db;
            }
        }
        return sum;
    }

    /** The cores the generator's threads can use: one per thread, at most the CPUs it may run on. */
    static int generatorCores(int threads, int allowedCpus) {
        return Math.max(1, Math.min(threads, allowedCpus));
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
        int cores = ProcFs.machineCpus();
        double machineCores = machine[1] == machine0[1] ? Double.NaN
                : (double) (machine[0] - machine0[0]) / (machine[1] - machine0[1]) * cores;
        double[] nodes = nodes();
        double all = 0;
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = (nodes[i] - nodes0[i]) / seconds;
            all += nodes[i];
        }
        return new Use(
                seconds,
                all,
                nodes,
                (database() - database0) / seconds,
                redis == null ? Double.NaN : (redis.cpuSeconds() - redis0) / seconds,
                (ProcFs.cpuSeconds(ProcessHandle.current().pid(), false) - generator0) / seconds,
                busiest,
                generatorCores(threads.length, Runtime.getRuntime().availableProcessors()),
                machineCores,
                cores);
    }
}
