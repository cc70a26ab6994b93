package dev.promptcards.server.e2e.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStorage;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.e2e.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large real card through the whole path: the B4 editing trace's card, stored once as 1,000 log
 * rows and once compacted into a snapshot (by the persistence module itself), opened by a stock
 * Yjs client through the server process, which loads it from PostgreSQL each time (the room is
 * unloaded as soon as the client leaves). The client gets the exact final text; the times from
 * creating the provider to its first sync are printed (persistence/load-card.mjs): the README's
 * load figure.
 */
class LargeCardLoadTest {

    private static final String WORKSPACE = "b4";
    private static final int LOG_ROWS = 1000;
    private static final int LOADS = 4;

    @RegisterExtension static final TestDatabase database = new TestDatabase();

    @RegisterExtension final PersistentServers servers = new PersistentServers();

    @Test
    void the_b4_card_loads_whole_from_its_snapshot_and_from_its_log() throws Exception {
        B4Card b4 = B4Card.replay(LOG_ROWS);
        try (Database db = database.open();
                  CardStorage storage = CardStorage.open(db, UpdateLogSettings.defaults())) {
            CardRef snapshot = store(storage, "as-snapshot", b4.rows());
            assertTrue(storage.log().compact(snapshot), "compacted");
            assertEquals(0, storage.log().load(snapshot).logRows());
            CardRef log = store(storage, "as-log", b4.rows());
            assertEquals(LOG_ROWS, storage.log().load(log).logRows());
        }

        ServerProcess server = servers.start("--db-url", StoredCards.serverUrl(database.config()),
                "--room-unload-grace", "1ms");
        try (NodeScript script = NodeScript.start("load-card.mjs", Map.of(
                "SERVER_URL", server.httpBase(),
                "JWT_SECRET", servers.secret(),
                "WORKSPACE", WORKSPACE,
                "CARDS", "as-snapshot,as-log",
                "LOADS", Integer.toString(LOADS),
                "TEXT_LENGTH", Integer.toString(b4.textLength()),
                "TEXT_SHA256", b4.textSha256()))) {
            servers.explainWith("load-card.mjs", script::output);
            String loaded = script.await("loaded", Duration.ofSeconds(60));
            assertEquals(0, script.awaitExit(Duration.ofSeconds(10)), script.output());
            System.out.printf("B4 card (%d chars, state %d bytes; %d log rows of %d bytes), loaded by a"
                            + " stock client through the server, ms from new provider to synced: %s%n",
                    b4.textLength(), b4.state().length, LOG_ROWS, b4.rowBytes(), loaded);
            assertEquals(0, server.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");
        }
    }

    private static CardRef store(CardStorage storage, String name, List<byte[]> rows) {
        CardRef card = storage.cards().create(WORKSPACE, name, "b4-trace");
        CompletableFuture.allOf(rows.stream().map(row -> storage.log().append(card, row))
                .toArray(CompletableFuture[]::new)).join();
        return card;
    }
}
