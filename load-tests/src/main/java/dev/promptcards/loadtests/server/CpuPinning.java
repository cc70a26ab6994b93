package dev.promptcards.loadtests.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the bench's processes run: the load generator (this JVM, every thread) on the first CPU it
 * may use and each server, with what it starts (our embedded PostgreSQL, started by our JVM,
 * inherits its affinity), Redis and the Node servers, on the second, with util-linux's
 * {@code taskset}, the same for both sides, so that neither server competes with the generator for a
 * core. Unpinned, saying why, when {@code taskset} is missing or the bench may use one CPU only.
 *
 * @param generatorCpu the CPU the generator runs on; -1 when unpinned
 * @param serverCpu the CPU each server runs on; -1 when unpinned
 * @param why how it runs, in words, for the report
 */
record CpuPinning(int generatorCpu, int serverCpu, String why) {

    /** No pinning: the scheduler places every process (--no-pin, or no taskset, or one CPU). */
    static CpuPinning none(String why) {
        return new CpuPinning(-1, -1, why);
    }

    /**
     * Pinning for this machine: the first two CPUs of this process's allowed list (/proc/self/status
     * Cpus_allowed_list, which nproc counts too), when {@code taskset} is on the PATH.
     */
    static CpuPinning detect() {
        List<Integer> cpus = allowedCpus();
        Optional<Path> taskset = onPath("taskset");
        if (taskset.isEmpty()) {
            return none("unpinned: taskset (util-linux) is not installed");
        }
        if (cpus.size() < 2) {
            return none("unpinned: the bench may use " + (cpus.isEmpty() ? "an unknown number of CPUs" : "one CPU only"));
        }
        return pinned(cpus);
    }

    /** The generator on the first of the CPUs, the servers on the second. */
    static CpuPinning pinned(List<Integer> cpus) {
        return new CpuPinning(cpus.get(0), cpus.get(1), "pinned with taskset: the load generator on CPU " + cpus.get(0)
                + ", each server (with its PostgreSQL, Redis) on CPU " + cpus.get(1) + " of " + cpus.size());
    }

    boolean active() {
        return generatorCpu >= 0;
    }

    /** What to put before a server's command line: {@code taskset -c N}, or nothing when unpinned. */
    List<String> serverPrefix() {
        return active() ? List.of("taskset", "-c", String.valueOf(serverCpu)) : List.of();
    }

    /** A server's command line with the prefix. */
    List<String> serverCommand(List<String> command) {
        List<String> all = new ArrayList<>(serverPrefix());
        all.addAll(command);
        return all;
    }

    /**
     * Pins this JVM (every thread it has now; threads started later inherit their starter's
     * affinity) to the generator's CPU.
     */
    void pinGenerator() throws IOException {
        if (active()) {
            BenchServer.run(List.of("taskset", "-a", "-p", "-c", String.valueOf(generatorCpu),
                    String.valueOf(ProcessHandle.current().pid())), 10);
        }
    }

    /** The CPUs this process may run on; empty when unknown. */
    static List<Integer> allowedCpus() {
        return ProcFs.allowedCpus(ProcessHandle.current().pid());
    }

    /** A kernel CPU list ({@code 0-3,6,8-9}) as the CPUs it names, in order. */
    static List<Integer> parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static Optional<Path> onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
