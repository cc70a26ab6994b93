package dev.promptcards.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's default database, always embedded (whatever PROMPTCARDS_TEST_DB_URL says). */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void a_restarted_embedded_database_on_the_same_dir_keeps_its_rows() {
        CardRef card;
        assertFalse(EmbeddedDatabase.inUse(dataDir), "nothing ran in it yet");
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
                Database database = Database.start(embedded.config())) {
            assertTrue(EmbeddedDatabase.inUse(dataDir), "this process runs it");
            assertEquals(dataDir.toAbsolutePath().resolve("postgres"), embedded.directory());
            assertEquals("jdbc:postgresql://127.0.0.1:" + embedded.port() + "/promptcards",
                    embedded.config().jdbcUrl());
            assertEquals("on", database.dsl().fetchValue("show fsync"));
            assertEquals("on", database.dsl().fetchValue("show synchronous_commit"));
            card = new CardStore(database.dsl()).create("restart", "kept", "alice");
        }
        assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")));
        assertFalse(EmbeddedDatabase.inUse(dataDir), "stopped, it holds the directory no more");

        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
                Database database = Database.start(embedded.config())) {
            CardStore cards = new CardStore(database.dsl());
            assertEquals(Optional.of(card), cards.find("restart", "kept"));
            assertEquals(List.of("kept"), cards.list("restart").stream().map(CardInfo::name).toList());
        }
    }

    @Test
    void an_embedded_database_whose_previous_jvm_was_killed_starts_and_keeps_its_rows() throws Exception {
        Process child = startChild();
        long cardId;
        long orphanPid;
        try {
            String[] ready = awaitReady(child);
            cardId = Long.parseLong(ready[1]);
            orphanPid = Long.parseLong(ready[2]);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue());
        // the crash left PostgreSQL running, holding the data directory
        assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(Long.toString(orphanPid),
                Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());

        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
                Database database = Database.start(embedded.config())) {
            assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals(Optional.of(new CardRef(cardId, "crash", "survivor")),
                    new CardStore(database.dsl()).find("crash", "survivor"));
        }
    }

    @Test
    void an_embedded_database_in_use_by_a_running_process_is_not_taken_over() throws Exception {
        Process child = startChild();
        try {
            long orphanPid = Long.parseLong(awaitReady(child)[2]);
            assertTrue(EmbeddedDatabase.inUse(dataDir), "another process runs it");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedDatabase.start(dataDir));
            assertEquals("the embedded PostgreSQL in " + dataDir.toAbsolutePath().resolve("postgres")
                    + " is in use by another running process (or by this one); stop it first", e.getMessage());
            assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            child.destroy(); // SIGTERM: the child's shutdown hook stops its PostgreSQL
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !Files.exists(dataDir.resolve("postgres/postmaster.pid")));
    }

    private Process startChild() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * Waits for the child's READY line, {@code READY <card id> <postmaster pid>}, and keeps reading its output
     * after it (so that a full pipe never blocks the child).
     */
    private static String[] awaitReady(Process child) throws Exception {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("the child exited without READY"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return ready.get(120, TimeUnit.SECONDS).split(" ");
    }
}
