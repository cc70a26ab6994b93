package dev.promptcards.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.room.Limits;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process against stock Yjs clients: {@code promptcards serve} with an HS256
 * secret, and the Node tests of server/src/test/js (y-websocket's WebsocketProvider over ws,
 * tokens minted with the same secret): concurrent editing converges, late joiners catch up,
 * awareness comes and goes, viewers change nothing, token errors and garbage get their close
 * codes, limits close only the connection over them. Then SIGTERM: a graceful shutdown with exit
 * code 0.
 */
class StockYjsClientsTest {

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    @Test
    void stock_yjs_clients_edit_cards_together_through_the_server_process(@TempDir Path dir)
            throws Exception {
        String secret = randomSecret();
        // Small limits, so that the Node tests can go over them; the same values go to both sides,
        // some as flags and some as environment variables.
        Map<String, String> limitVariables = Map.of(
                "PROMPTCARDS_MAX_CARD_BYTES", "2MiB",
                "PROMPTCARDS_HANDSHAKE_TIMEOUT", "2s");
        try (ServerProcess server = ServerProcess.start(dir, limitVariables,
                "--port", "0", "--jwt-secret", secret, "--max-frame-bytes", "1MiB",
                "--data-dir", dir.resolve("data").toString())) {
            server.awaitHealthy();

            NodeTests.Result node = NodeTests.run(
                    Map.of("SERVER_URL", server.httpBase(),
                            "JWT_SECRET", secret,
                            "MAX_FRAME_BYTES", Integer.toString(1 << 20),
                            "MAX_CARD_BYTES", Integer.toString(2 << 20),
                            "MESSAGE_BURST", Integer.toString(Limits.defaults().messageBurst()),
                            "HANDSHAKE_TIMEOUT_MS", "2000"),
                    Duration.ofSeconds(90));
            System.out.println(node.output());

            assertEquals(0, node.exitCode(), () -> "node --test failed (exit " + node.exitCode()
                    + "):\n" + node.output() + "\n--- server output ---\n" + server.output());
            assertTrue(node.output().contains("\u2139 fail 0"), node.output());

            int exitCode = server.terminate(Duration.ofSeconds(20));
            assertEquals(0, exitCode, () -> "exit code after SIGTERM:\n" + server.output());
            assertTrue(server.output().contains("SIGTERM: shutting down"), server.output());
            assertTrue(server.output().contains("stopped"), server.output());
            assertFalse(server.portFileExists(), "the port file is deleted on shutdown");
            assertFalse(server.output().contains("DEV MODE"), server.output());
        }
    }
}
