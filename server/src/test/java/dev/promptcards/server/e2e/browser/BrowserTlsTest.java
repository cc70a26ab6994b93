package dev.promptcards.server.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.e2e.NodeTests;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.server.tls.TestCertificates;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser editor over https:// and wss:// in Debian's Chromium: {@code serve --tls-cert
 * --tls-key} with a self-signed certificate made for the test, and the Node test
 * server/src/test/js/browser/tls (two contexts editing one card, the widget and its iframe on
 * another site, and no Content-Security-Policy violation on the pages).
 */
class BrowserTlsTest {

    private static final Path JS = NodeTests.directory();
    private static final Path ARTIFACTS = JS.resolve("../../../target/browser-artifacts").normalize();

    @BeforeAll
    static void chromium() throws Exception {
        Command.Result chromium = new Command(List.of("sh", "browser/ensure-chromium.sh"), JS, Map.of())
                .run(ARTIFACTS.resolve("ensure-chromium.log"), Duration.ofMinutes(10));
        assertEquals(0, chromium.exitCode(), chromium::output);
    }

    @Test
    void the_editor_works_over_https_and_wss_under_a_strict_policy(@TempDir Path dir)
            throws Exception {
        TestCertificates certificates = TestCertificates.ec(dir, "server");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String jwtSecret = HexFormat.of().formatHex(secret);
        try (ServerProcess server = ServerProcess.startTls(dir, Map.of(),
                certificates.trustingContext(),
                "--port", "0", "--jwt-secret", jwtSecret, "--data-dir", dir.resolve("data").toString(),
                "--tls-cert", certificates.certificate().toString(),
                "--tls-key", certificates.key().toString())) {
            server.awaitHealthy();

            Command.Result node = new Command(List.of("node", "--test", "--test-concurrency=1",
                    "--test-timeout=120000", "--test-reporter=spec", "browser/tls/https-editor.test.mjs"), JS,
                    Map.of("SERVER_URL", server.httpBase(),
                            "JWT_SECRET", jwtSecret,
                            "TLS_CERT", certificates.certificate().toString(),
                            "PROMPTCARDS_ARTIFACTS", ARTIFACTS.toString(),
                            "NO_COLOR", "1"))
                    .run(ARTIFACTS.resolve("node-tls-test.log"), Duration.ofMinutes(5));
            System.out.println(node.output());

            assertEquals(0, node.exitCode(), () -> "node --test failed (exit " + node.exitCode()
                    + "):\n" + node.output() + "\n--- server output ---\n" + server.output());
            assertTrue(node.output().contains("\u2139 pass 3"), node.output());
            assertTrue(node.output().contains("\u2139 fail 0"), node.output());
        }
    }
}
