package dev.promptcards.server.e2e.persistence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.e2e.ServerProcess;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Compaction under concurrent edits, and a crash in the middle of one: the server process runs
 * with a tiny compaction threshold against a database the test reads too (--db-url: the test
 * database, embedded or PROMPTCARDS_TEST_DB_URL), so that stock clients editing one card at once
 * keep a compaction running nearly all the time. Once the card has a snapshot, the test waits
 * until a compaction holds the card's advisory lock and SIGKILLs the server inside that
 * transaction. After the restart the card holds everything that was echoed, the clients converge
 * with nothing lost (persistence/crash-burst.mjs), and once the edits stop the card's log is short
 * again: one snapshot and fewer rows than the threshold.
 */
class CompactionCrashTest {

    /** Log rows after the latest snapshot that make the server compact the card. */
    private static final int COMPACT_AFTER_ROWS = 20;

    @RegisterExtension static final TestDatabase database = new TestDatabase();

    @RegisterExtension final PersistentServers servers = new PersistentServers();

    @Test
    void a_sigkill_during_a_compaction_loses_nothing_and_the_log_ends_short() throws Exception {
        StoredCards stored = new StoredCards(database.config());
        String[] storage = {"--db-url", StoredCards.serverUrl(database.config()),
                "--compact-after-rows", Integer.toString(COMPACT_AFTER_ROWS)};
        ServerProcess first = servers.start(storage);
        try (NodeScript script = NodeScript.start("crash-burst.mjs", Map.of(
                "SERVER_URL", first.httpBase(),
                "JWT_SECRET", servers.secret(),
                "WORKSPACE", "compaction",
                "CARD", "under-load",
                "CLIENTS", "4",
                "ECHOES_BEFORE_KILL", "60"))) {
            servers.explainWith("crash-burst.mjs", script::output);
            script.await("editing", Duration.ofSeconds(30));
            long card = stored.cardId("compaction", "under-load");

            // Kill inside a compaction that replaces a snapshot.
            await("a first snapshot").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                    .until(() -> !stored.snapshots(card).isEmpty());
            try (Connection watcher = stored.connect()) {
                await("a compaction holding the card's advisory lock").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> stored.advisoryLocksHeld(watcher) > 0);
                PersistentServers.kill(first);
            }
            script.await("disconnected", Duration.ofSeconds(20));
            try (Connection watcher = stored.connect()) {
                await("the killed server's transactions to end").atMost(Duration.ofSeconds(20))
                        .until(() -> stored.advisoryLocksHeld(watcher) == 0);
            }
            assertEquals(1, stored.snapshots(card).size(), "one snapshot, whatever the kill interrupted: "
                    + stored.snapshots(card));

            ServerProcess second = servers.start(storage);
            script.send("restarted " + second.httpBase());
            String fresh = script.await("fresh", Duration.ofSeconds(30));
            script.await("converged", Duration.ofSeconds(40));
            assertEquals(0, second.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");

            ServerProcess third = servers.start(storage);
            script.send("restarted " + third.httpBase());
            script.await("verified", Duration.ofSeconds(30));
            assertEquals(0, script.awaitExit(Duration.ofSeconds(10)), script.output());

            // The script's last edit (after the restart) was echoed; the compaction it calls for, if
            // any, runs after the echo.
            await("the log to be short again").atMost(Duration.ofSeconds(15))
                    .until(() -> stored.logRowCount(card) < COMPACT_AFTER_ROWS);
            List<StoredCards.Snapshot> snapshots = stored.snapshots(card);
            assertEquals(1, snapshots.size(), snapshots.toString());
            long made = NodeScript.number(fresh, "made");
            assertTrue(made > 10L * COMPACT_AFTER_ROWS,
                    "the burst was long enough to compact many times: " + fresh);
            System.out.printf("compaction e2e: %d updates made before the kill; the card is stored as"
                            + " 1 snapshot of %d bytes + %d log rows%n",
                    made, snapshots.getFirst().state().length, stored.logRowCount(card));
            assertEquals(0, third.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");
            System.out.println(script.output());
        }
    }
}
