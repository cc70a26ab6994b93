package dev.promptcards.loadtests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.loadtests.BenchFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's CPU pinning: which CPUs it picks, and that each server it starts, with the processes
 * that server starts itself (our embedded PostgreSQL), runs on the servers' CPU only. The servers
 * are started pinned without pinning this JVM (the generator's half is {@code taskset -a -p}).
 */
class CpuPinningTest {

    @TempDir Path dir;

    @Test
    void a_kernel_cpu_list_names_every_cpu_of_its_ranges_in_order() {
        assertEquals(List.of(0, 1, 2, 3, 6, 8, 9), CpuPinning.parseCpuList(" 0-3,6,8-9\n"));
        assertEquals(List.of(0), CpuPinning.parseCpuList("0"));
    }

    @Test
    void the_generator_gets_the_first_allowed_cpu_and_the_servers_the_second() {
        CpuPinning pinning = CpuPinning.pinned(List.of(2, 5, 7));
        assertEquals(2, pinning.generatorCpu());
        assertEquals(List.of("taskset", "-c", "5", "node", "x.mjs"), pinning.serverCommand(List.of("node", "x.mjs")));
        assertEquals("pinned with taskset: the load generator on CPU 2, each server (with its PostgreSQL, Redis)"
                + " on CPU 5 of 3", pinning.why());
    }

    @Test
    void unpinned_servers_start_as_they_are() {
        CpuPinning pinning = CpuPinning.none("unpinned (--no-pin)");
        assertFalse(pinning.active());
        assertEquals(List.of("node", "x.mjs"), pinning.serverCommand(List.of("node", "x.mjs")));
    }

    @Test
    void our_server_and_its_embedded_postgresql_run_on_the_servers_cpu_only() throws Exception {
        CpuPinning pinning = pinnedForTest();
        Path data = Files.createDirectories(dir.resolve("data"));
        OursServer server = OursServer.start(
                List.of("-cp", System.getProperty("java.class.path"), ServerBenchCommand.SERVER_MAIN),
                data, dir, "ours", Tokens.random(), pinning);
        try {
            assertEquals(List.of(pinning.serverCpu()), ProcFs.allowedCpus(server.pid()));
            // pg_ctl starts the postmaster detached from our JVM: it and its background processes inherit the CPU
            List<Long> postgres = new ArrayList<>(List.of(server.postmasterPid()));
            postgres.addAll(ProcFs.children(server.postmasterPid()));
            assertTrue(server.postmasterPid() > 0 && postgres.size() >= 2, "the postmaster and its processes: " + postgres);
            for (long pid : postgres) {
                List<Integer> cpus = ProcFs.allowedCpus(pid);
                assertTrue(cpus.isEmpty() || cpus.equals(List.of(pinning.serverCpu())), pid + " runs on " + cpus);
            }
        } finally {
            server.stop(30);
        }
    }

    @Test
    void the_node_reference_server_runs_on_the_servers_cpu_only() throws Exception {
        CpuPinning pinning = pinnedForTest();
        BenchFiles files = BenchFiles.locate();
        files.installNodeModules("run the reference server");
        ReferenceServer server = ReferenceServer.start(files.jsDir(), dir, "reference", pinning);
        try {
            assertEquals(List.of(pinning.serverCpu()), ProcFs.allowedCpus(server.pid()));
        } finally {
            server.stop(30);
        }
    }

    /**
     * Servers pinned to the last CPU this JVM may use (the first and only one on a one-CPU machine), with
     * {@code taskset} as the bench uses it: util-linux, part of every Debian system.
     */
    private static CpuPinning pinnedForTest() {
        List<Integer> allowed = CpuPinning.allowedCpus();
        return CpuPinning.pinned(List.of(allowed.getFirst(), allowed.getLast()));
    }
}
