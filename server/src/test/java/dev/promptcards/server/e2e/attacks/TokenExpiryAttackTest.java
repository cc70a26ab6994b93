package dev.promptcards.server.e2e.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.JwtTokenVerifier;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code serve} process and a connection whose token expires while it is open: it is closed with 4401
 * {@code "token expired"} once the token's {@code exp} plus the verifier's clock skew has passed, and what it
 * sends after that is not applied, while a bystander on the same card keeps editing.
 */
class TokenExpiryAttackTest {

    private static final long SKEW_SECONDS = JwtTokenVerifier.DEFAULT_CLOCK_SKEW_SECONDS;
    /** How long the token is still accepted after the connection opens. */
    private static final long LEFT_SECONDS = 4;

    @Test
    void a_connection_is_closed_4401_when_its_token_expires_and_what_it_sends_afterwards_is_not_applied(
            @TempDir Path dir) throws Exception {
        String secret = NetProbes.randomSecret();
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0", "--jwt-secret", secret,
                "--data-dir", dir.resolve("data").toString())) {
            int port = server.awaitHealthy();
            // exp lies in the past by less than the skew, so the token is accepted for LEFT_SECONDS more: the test
            // need not wait out the 30 s of skew
            Instant mintedAt = Instant.now();
            Clock past = Clock.fixed(mintedAt.minusSeconds(SKEW_SECONDS + 60), Clock.systemUTC().getZone());
            String mallory = new DevTokens(key, past).mint("mallory", "acme", Role.EDITOR,
                    Duration.ofSeconds(60 + LEFT_SECONDS));
            String bob = new DevTokens(key, Clock.systemUTC()).mint("bob", "acme", Role.EDITOR, Duration.ofHours(1));
            // exp is whole seconds: the token's end is at most a second earlier than mintedAt + LEFT_SECONDS
            Instant end = Instant.ofEpochSecond(mintedAt.minusSeconds(SKEW_SECONDS).plusSeconds(LEFT_SECONDS)
                    .getEpochSecond()).plusSeconds(SKEW_SECONDS);
            try (RawWebSocket socket = RawWebSocket.connect(port, 15_000)) {
                socket.write(RawWebSocket.upgradeRequest("/ws/acme/c1?token=" + mallory, "127.0.0.1:" + port));
                assertTrue(socket.readHead().startsWith("HTTP/1.1 101 "));
                assertEquals(RawWebSocket.BINARY, socket.next().opcode(), "the server's SyncStep1");
                socket.send(RawWebSocket.BINARY, true, NetProbes.insert(7, "before "));
                assertEquals(RawWebSocket.BINARY, socket.next().opcode(), "the echo of the edit");

                RawWebSocket.Frame close = socket.nextClose();
                Instant closedAt = Instant.now();
                assertEquals(4401, close.closeCode());
                assertEquals("token expired", close.closeReason());
                // the server's timer runs on the monotonic clock: allow it a few milliseconds against the wall clock
                assertTrue(!closedAt.isBefore(end.minusMillis(50)), "closed at " + closedAt + ", before " + end);
                assertTrue(closedAt.isBefore(end.plusSeconds(2)), "closed at " + closedAt + ", long after " + end);

                socket.send(RawWebSocket.BINARY, true, NetProbes.insert(8, "after "));
                socket.sendClose(1000);
            }
            NetProbes.assertBystanderEdits(port, "acme", "c1", bob, 9);
            String text = NetProbes.cardText(port, "acme", "c1", bob);
            assertTrue(text.contains("before ") && text.contains("bystander 9"), text);
            assertFalse(text.contains("after "), "the edit sent after the token expired was applied: " + text);
            NetProbes.assertHealthzWithinASecond(port);
        }
    }
}
