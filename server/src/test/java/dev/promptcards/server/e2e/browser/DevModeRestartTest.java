package dev.promptcards.server.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.server.e2e.NodeTests;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.server.e2e.persistence.NodeScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's proof for the browser editor: a dev-mode {@code serve} (no JWT setting) restarted on
 * the same port and data directory under open pages in Chromium loses nothing they typed, with the
 * page going on without a reload, with a reload once the server is back, and with the tab closed
 * while it was down and opened again (the page, and the widget on another origin); and a page whose token is refused after a restart with a new
 * dev secret keeps its edits, and stores them once reloaded (a fresh token). The scenario is
 * browser/dev-restart.mjs; this test owns the server: it stops it (SIGTERM) and starts it again
 * when the script asks.
 */
class DevModeRestartTest {

    private static final Path JS = NodeTests.directory();
    private static final Path ARTIFACTS = JS.resolve("../../../target/browser-artifacts").normalize();
    /**
     * The scenarios of dev-restart.mjs, in order; each restarts the server once. The system property
     * {@code promptcards.devRestartScenarios} (e.g. {@code refused}) runs some of them only.
     */
    private static final List<String> SCENARIOS = List.of(
            System.getProperty("promptcards.devRestartScenarios", "live,reload,closed,widget,refused").split(","));

    @BeforeAll
    static void chromium() throws Exception {
        BrowserEditingTest.chromium();
    }

    @Test
    void pages_keep_every_edit_across_dev_mode_restarts_live_reloaded_reopened_and_refused(
            @TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        ServerProcess server = start(dir, 1, "0", data);
        String port = Integer.toString(server.port());
        StringBuilder servers = new StringBuilder();
        try (NodeScript script = NodeScript.startFile("browser/dev-restart.mjs", Map.of(
                "SERVER_URL", server.httpBase(),
                "SCENARIOS", String.join(",", SCENARIOS),
                "PROMPTCARDS_ARTIFACTS", ARTIFACTS.toString()))) {
            try {
                for (int i = 0; i < SCENARIOS.size(); i++) {
                    assertEquals("{\"scenario\":\"" + SCENARIOS.get(i) + "\"}",
                            script.await("stop", Duration.ofSeconds(90)));
                    assertEquals(0, server.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");
                    servers.append(server.output());
                    script.send("stopped");
                    if (script.await("start", Duration.ofSeconds(60)).contains("\"newSecret\":true")) {
                        // a new dev secret: every token minted before is refused (4401 "bad signature")
                        Files.delete(data.resolve("dev-jwt-secret"));
                    }
                    server = start(dir, i + 2, port, data);
                    assertEquals(port, Integer.toString(server.port()), "the same port again");
                    script.send("restarted " + server.httpBase());
                    script.await("verified", Duration.ofSeconds(90));
                }
                script.await("done", Duration.ofSeconds(30));
                assertEquals(0, script.awaitExit(Duration.ofSeconds(30)), script.output());
                System.out.println(script.output());
            } catch (AssertionError | RuntimeException e) {
                e.addSuppressed(new AssertionError("dev-restart.mjs printed:\n" + script.output()
                        + "\n--- servers printed ---\n" + servers + server.output()));
                throw e;
            } finally {
                // SIGTERM, not SIGKILL: the embedded PostgreSQL in the data directory stops with it
                server.terminate(Duration.ofSeconds(30));
            }
        }
    }

    /** {@code serve} in dev mode (no JWT setting) on {@code port} with the data directory {@code data}. */
    private static ServerProcess start(Path dir, int run, String port, Path data) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("run-" + run)); // a fresh port file each time
        ServerProcess server = ServerProcess.start(runDir, Map.of(),
                "--port", port, "--data-dir", data.toString());
        server.awaitHealthy();
        return server;
    }
}
