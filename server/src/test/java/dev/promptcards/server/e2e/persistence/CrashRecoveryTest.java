package dev.promptcards.server.e2e.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.e2e.ServerProcess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4's proof: a real server process with its embedded PostgreSQL (no --db-url) is killed
 * with SIGKILL in the middle of a burst of edits from stock Yjs clients, and nothing it had
 * confirmed is lost. The scenario is persistence/crash-burst.mjs; this test owns the server: it
 * kills it, restarts it on the same data directory (where the killed JVM's postmaster still runs)
 * and restarts it once more gracefully.
 */
class CrashRecoveryTest {

    @RegisterExtension final PersistentServers servers = new PersistentServers();

    @Test
    void updates_echoed_before_a_sigkill_survive_it_and_the_clients_unconfirmed_edits_come_back()
            throws Exception {
        String[] storage = {"--data-dir", servers.dataDir().toString()};
        ServerProcess first = servers.start(storage);
        try (NodeScript script = NodeScript.start("crash-burst.mjs", Map.of(
                "SERVER_URL", first.httpBase(),
                "JWT_SECRET", servers.secret(),
                "WORKSPACE", "crash",
                "CARD", "burst",
                "CLIENTS", "6",
                "ECHOES_BEFORE_KILL", "100"))) {
            servers.explainWith("crash-burst.mjs", script::output);
            script.await("editing", Duration.ofSeconds(30));
            Optional<ProcessHandle> postmaster = PersistentServers.postmaster(servers.dataDir());
            assertTrue(postmaster.isPresent(), "the server runs its embedded PostgreSQL in the data"
                    + " directory");

            PersistentServers.kill(first);
            String disconnected = script.await("disconnected", Duration.ofSeconds(20));
            assertTrue(NodeScript.number(disconnected, "inFlight") > 0,
                    "the server died with updates in flight (sent, not yet echoed): " + disconnected);
            assertTrue(postmaster.get().isAlive(), "the killed server's PostgreSQL outlives it");

            ServerProcess second = servers.start(storage);
            assertFalse(postmaster.get().isAlive(), "the orphaned PostgreSQL was stopped");
            assertTrue(PersistentServers.postmaster(servers.dataDir()).isPresent(),
                    "a new PostgreSQL runs in the data directory");
            script.send("restarted " + second.httpBase());
            script.await("fresh", Duration.ofSeconds(30));
            script.await("converged", Duration.ofSeconds(40));
            assertEquals(0, second.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");
            assertEquals(Optional.empty(), PersistentServers.postmaster(servers.dataDir()),
                    "a graceful shutdown stops the embedded PostgreSQL");

            ServerProcess third = servers.start(storage);
            script.send("restarted " + third.httpBase());
            script.await("verified", Duration.ofSeconds(30));
            assertEquals(0, script.awaitExit(Duration.ofSeconds(10)), script.output());
            assertEquals(0, third.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");
            System.out.println(script.output());
        }
    }
}
