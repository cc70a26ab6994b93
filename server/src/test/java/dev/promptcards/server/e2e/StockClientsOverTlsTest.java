package dev.promptcards.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.tls.TestCertificates;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promptcards serve --tls-cert --tls-key} with a self-signed certificate made for the test,
 * and stock Yjs clients over wss:// (server/src/test/js/tls: y-websocket's WebsocketProvider over
 * {@code ws}, trusting the certificate through NODE_EXTRA_CA_CERTS).
 */
class StockClientsOverTlsTest {

    @Test
    void stock_clients_edit_a_card_together_over_wss(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.ec(dir, "server");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String jwtSecret = HexFormat.of().formatHex(secret);
        try (ServerProcess server = ServerProcess.startTls(dir,
                Map.of("PROMPTCARDS_TLS_KEY", certificates.key().toString()),
                certificates.trustingContext(),
                "--port", "0", "--jwt-secret", jwtSecret, "--data-dir", dir.resolve("data").toString(),
                "--tls-cert", certificates.certificate().toString())) {
            server.awaitHealthy();
            HttpResponse<String> health = server.get("/healthz");
            assertEquals("max-age=86400",
                    health.headers().firstValue("strict-transport-security").orElseThrow());

            NodeTests.Result node = NodeTests.run(
                    Map.of("SERVER_URL", server.httpBase(),
                            "JWT_SECRET", jwtSecret,
                            "NODE_EXTRA_CA_CERTS", certificates.certificate().toString()),
                    Duration.ofSeconds(90), List.of("tls/stock-clients.test.mjs"));
            System.out.println(node.output());

            assertEquals(0, node.exitCode(), () -> "node --test failed (exit " + node.exitCode()
                    + "):\n" + node.output() + "\n--- server output ---\n" + server.output());
            assertTrue(node.output().contains("\u2139 pass 5"), node.output());
            assertTrue(node.output().contains("\u2139 fail 0"), node.output());
            String output = server.output();
            assertTrue(output.contains("  WebSocket: wss://127.0.0.1:" + server.port()
                    + "/ws/{workspace}/{card}?token=JWT"), output);
            assertTrue(output.contains("NettyTls: TLS on "), output);
            // refused handshakes are one debug line each, never a warning with a stack trace
            assertFalse(Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN ").matcher(output).find(), output);
            assertFalse(output.contains("\tat "), output);
        }
    }
}
