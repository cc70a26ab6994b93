package dev.promptcards.server.e2e.persistence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.EmbeddedDatabase;
import dev.promptcards.server.e2e.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11's proof for the database going away: a real server process on a PostgreSQL that the
 * test stops and starts (its own embedded one, on a fixed port and directory, given as
 * {@code --db-url}), six stock Yjs clients editing throughout (persistence/database-outage.mjs).
 * During a 20 s outage nobody is disconnected, {@code /readyz} answers 503 (and {@code /healthz}
 * 200), and everything is stored once the database is back. Then SIGTERM while the database is
 * away again: the server spills what it could not store, exits 0, and the next start, with the
 * database back, stores it before serving.
 */
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @RegisterExtension final PersistentServers servers = new PersistentServers();

    private EmbeddedDatabase postgres;

    @AfterEach
    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int status(ServerProcess server, String path) {
        try {
            return server.get(path).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> spillFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".spill")).toList();
        }
    }

    @Test
    void nobody_is_disconnected_while_the_database_is_away_everything_is_stored_after_and_a_shutdown_meanwhile_spills()
            throws Exception {
        Path pgDir = servers.dataDir().resolveSibling("external-postgres");
        int pgPort = freePort();
        postgres = EmbeddedDatabase.start(pgDir, pgPort);
        Path spill = servers.dataDir().resolve("spill");
        String[] storage = {"--data-dir", servers.dataDir().toString(),
                "--db-url", postgres.config().jdbcUrl(), "--db-user", postgres.config().user()};
        ServerProcess first = servers.start(storage);
        try (NodeScript script = NodeScript.start("database-outage.mjs", Map.of(
                "SERVER_URL", first.httpBase(),
                "JWT_SECRET", servers.secret(),
                "WORKSPACE", "outage",
                "CARD", "card",
                "CLIENTS", "6"))) {
            servers.explainWith("database-outage.mjs", script::output);
            script.await("editing", Duration.ofSeconds(60));
            assertEquals(200, status(first, "/readyz"));

            postgres.close();
            await("/readyz to answer 503 once the database is gone").atMost(Duration.ofSeconds(20))
                    .until(() -> status(first, "/readyz") == 503);
            await("the outage, /readyz 503 and /healthz 200 throughout").during(OUTAGE)
                    .atMost(OUTAGE.plusSeconds(10))
                    .until(() -> status(first, "/readyz") == 503 && status(first, "/healthz") == 200);
            postgres = EmbeddedDatabase.start(pgDir, pgPort);
            script.send("database back");

            script.await("stored", Duration.ofSeconds(90));
            await("/readyz to answer 200 again").atMost(Duration.ofSeconds(20))
                    .until(() -> status(first, "/readyz") == 200);

            postgres.close();
            await("/readyz to answer 503 once the database is gone again").atMost(Duration.ofSeconds(20))
                    .until(() -> status(first, "/readyz") == 503);
            script.send("edit");
            script.await("edited", Duration.ofSeconds(30));
            script.await("left", Duration.ofSeconds(10));

            assertEquals(0, first.terminate(Duration.ofSeconds(60)),
                    "exit code after SIGTERM: what could not be stored is in the spill directory");
            assertEquals(1, spillFiles(spill).size(), "one spill file for the card");

            postgres = EmbeddedDatabase.start(pgDir, pgPort);
            ServerProcess second = servers.start(storage);
            assertEquals(List.of(), spillFiles(spill), "the next start stored the spill file and removed it");
            script.send("restarted " + second.httpBase());
            script.await("verified", Duration.ofSeconds(30));
            assertEquals(0, script.awaitExit(Duration.ofSeconds(10)));
            assertEquals(0, second.terminate(Duration.ofSeconds(30)));
            assertTrue(Files.isDirectory(spill));
        }
    }
}
