package dev.promptcards.server.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.e2e.NodeTests;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.stubs.OpenAiStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser editor served by the real server process, driven in Debian's Chromium by
 * playwright-core: the Node tests of server/src/test/js/browser (people editing one card at once,
 * each undoing their own changes, offline and back, a viewer, the widget and the iframe on another
 * site, connection errors, the workspace page's cards).
 * Screenshots of what they reach go to target/browser-artifacts.
 *
 * <p>By hand, against a running {@code ./promptcards serve --jwt-secret SECRET}: in
 * server/src/test/js, {@code SERVER_URL=http://127.0.0.1:8080 JWT_SECRET=SECRET node --test
 * --test-concurrency=1 browser/*.test.mjs}.
 */
class BrowserEditingTest {

    private static final Path JS = NodeTests.directory();
    private static final Path ARTIFACTS = JS.resolve("../../../target/browser-artifacts").normalize();

    /** Installs Chromium when it is missing (browser/ensure-chromium.sh). */
    @BeforeAll
    static void chromium() throws Exception {
        Command.Result chromium = new Command(List.of("sh", "browser/ensure-chromium.sh"), JS, Map.of())
                .run(ARTIFACTS.resolve("ensure-chromium.log"), Duration.ofMinutes(10));
        System.out.println(chromium.output());
        assertEquals(0, chromium.exitCode(), chromium::output);
    }

    @Test
    void people_edit_cards_together_in_chromium(@TempDir Path dir) throws Exception {
        assertNotNull(BrowserEditingTest.class.getClassLoader().getResource("static/editor.html"),
                "static/editor.html is not on the test classpath: the server serves the web client's build"
                        + " (web-client/target/classes/static), which comes with web-client as a dependency of"
                        + " server");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String jwtSecret = HexFormat.of().formatHex(secret);
        // the model behind Run (run-button.test.mjs): a word every 150 ms, so a watcher sees the output grow
        try (OpenAiStub model = OpenAiStub.start();
                ServerProcess server = ServerProcess.start(dir, Map.of("OPENAI_API_KEY", "sk-browser-test"),
                        "--port", "0", "--jwt-secret", jwtSecret, "--data-dir", dir.resolve("data").toString(),
                        "--openai-base-url", model.baseUrl().toString())) {
            model.chunkDelay(Duration.ofMillis(150));
            server.awaitHealthy();

            Command.Result node = new Command(nodeTestCommand(), JS, Map.of(
                    "SERVER_URL", server.httpBase(),
                    "JWT_SECRET", jwtSecret,
                    "PROMPTCARDS_ARTIFACTS", ARTIFACTS.toString(),
                    "NO_COLOR", "1"))
                    .run(ARTIFACTS.resolve("node-test.log"), Duration.ofMinutes(5));
            System.out.println(node.output());

            assertEquals(0, node.exitCode(), () -> "node --test failed (exit " + node.exitCode()
                    + "):\n" + node.output() + "\n--- server output ---\n" + server.output());
            assertTrue(node.output().contains("\u2139 fail 0"), node.output());
        }
    }

    /**
     * One file at a time (each starts its own Chromium), every browser/*.test.mjs, or only those
     * whose name contains one of the comma-separated words of the system property
     * {@code promptcards.browserTests} (e.g. {@code -Dpromptcards.browserTests=offline,errors}).
     */
    private static List<String> nodeTestCommand() throws Exception {
        List<String> only = List.of(System.getProperty("promptcards.browserTests", "").split(","))
                .stream().map(String::trim).filter(word -> !word.isEmpty()).toList();
        List<String> command = new ArrayList<>(List.of(
                "node", "--test", "--test-concurrency=1", "--test-timeout=120000", "--test-reporter=spec"));
        try (Stream<Path> files = Files.list(JS.resolve("browser"))) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".test.mjs"))
                    .filter(name -> only.isEmpty() || only.stream().anyMatch(name::contains))
                    .sorted()
                    .forEach(name -> command.add("browser/" + name));
        }
        return command;
    }
}
