package dev.promptcards.server.e2e.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code serve} process against handshakes and frames no WebSocket library sends: the obsolete Hixie-76
 * handshake and an upgrade without {@code Sec-WebSocket-Key} are answered 400 at once (the URL with its token not
 * echoed), a request body cut short is answered or closed at once, one too long answered at once, one reset
 * mid-way forgotten, close codes a peer may not send are answered
 * 1002, a message split into many continuation frames costs a token per frame; each is one log line, never a
 * stack trace, and a bystander keeps editing.
 */
class UpgradeHygieneAttackTest {

    /** Socket reads wait this long: an answer "at once" comes well within it (the handshake timeout is 10 s). */
    private static final int AT_ONCE_MILLIS = 1000;
    private static final int RATE = 10;

    @Test
    void malformed_upgrades_and_frames_are_answered_at_once_with_one_log_line_each(@TempDir Path dir) throws Exception {
        String secret = NetProbes.randomSecret();
        DevTokens tokens = new DevTokens(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        String mallory = tokens.mint("mallory", "acme", Role.EDITOR, Duration.ofHours(1));
        String bob = tokens.mint("bob", "acme", Role.EDITOR, Duration.ofHours(1));
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0", "--jwt-secret", secret,
                "--max-messages-per-second", Integer.toString(RATE), "--data-dir", dir.resolve("data").toString())) {
            int port = server.awaitHealthy();
            String host = "127.0.0.1:" + port;

            try (RawWebSocket hixie = RawWebSocket.connect(port, AT_ONCE_MILLIS)) {
                hixie.write("GET /ws/acme/c1?token=" + mallory + " HTTP/1.1\r\nHost: " + host + "\r\n"
                        + "Upgrade: WebSocket\r\nConnection: Upgrade\r\nOrigin: http://" + host + "\r\n"
                        + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\nSec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n"
                        + "^n:ds[4U");
                String response = hixie.readToEnd();
                assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
                assertTrue(response.endsWith("\r\n\r\nWebSocket version 13 (RFC 6455) expected"), response);
                assertFalse(response.contains(mallory), "the URL with the token is echoed");
            }

            try (RawWebSocket noKey = RawWebSocket.connect(port, AT_ONCE_MILLIS)) {
                noKey.write("GET /ws/acme/c1?token=" + mallory + " HTTP/1.1\r\nHost: " + host + "\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");
                String response = noKey.readToEnd();
                assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
                assertTrue(response.endsWith("\r\n\r\nmissing or malformed Sec-WebSocket-Key"), response);
            }

            try (RawWebSocket cutShort = RawWebSocket.connect(port, AT_ONCE_MILLIS)) {
                cutShort.write("POST /healthz HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 1000\r\n\r\nabc");
                cutShort.shutdownOutput();
                String response = cutShort.readToEnd();
                assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
            }

            try (RawWebSocket tooLong = RawWebSocket.connect(port, AT_ONCE_MILLIS)) {
                // a body far over the limit announced, and never sent
                tooLong.write("POST /healthz HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 100000\r\n\r\n");
                String response = tooLong.readToEnd();
                assertTrue(response.startsWith("HTTP/1.1 413 Request Entity Too Large\r\n"), response);
                assertTrue(response.endsWith("\r\n\r\nrequest body too large"), response);
            }
            RawWebSocket resetMidBody = RawWebSocket.connect(port, AT_ONCE_MILLIS);
            resetMidBody.write("POST /healthz HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 1000\r\n\r\nabc");
            resetMidBody.reset();

            assertEquals(new Close(1002, "invalid close code"), closeAnswer(port, host, mallory, 5000));
            assertEquals(new Close(1002, "protocol error"), closeAnswer(port, host, mallory, 1005));
            assertEquals(new Close(1002, "protocol error"), closeAnswer(port, host, mallory, 999));
            assertEquals(new Close(4000, ""), closeAnswer(port, host, mallory, 4000));

            long continuationMillis = answerToAFragmentedQuery(port, host, mallory, 60);
            // 60 frames, a burst of 2 * RATE pass at once, the other 40 at RATE per second: 4 s
            assertTrue(continuationMillis >= 3000 && continuationMillis < 9000,
                    "the answer came after " + continuationMillis + " ms");

            NetProbes.assertBystanderEdits(port, "acme", "c2", bob, 42);
            NetProbes.assertHealthzWithinASecond(port);
            String output = server.output();
            System.out.println(output);
            assertFalse(output.contains("\tat "), "a stack trace in the output:\n" + output);
            assertTrue(count(output, ": bad request (") <= 1, "the body cut short logged more than one line:\n" + output);
            assertEquals(1, count(output, "upgrade refused with 400: WebSocket version 13 (RFC 6455) expected"), output);
            assertEquals(1, count(output, "upgrade refused with 400: missing or malformed Sec-WebSocket-Key"), output);
        }
    }

    private record Close(int code, String reason) {
    }

    /** Upgrades, sends a Close frame with {@code code}, returns the server's answer. */
    private static Close closeAnswer(int port, String host, String token, int code) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(port, AT_ONCE_MILLIS)) {
            socket.write(RawWebSocket.upgradeRequest("/ws/acme/c1?token=" + token, host));
            assertTrue(socket.readHead().startsWith("HTTP/1.1 101 "));
            socket.sendClose(code);
            RawWebSocket.Frame close = socket.nextClose();
            return new Close(close.closeCode(), close.closeReason());
        }
    }

    /**
     * Sends a SyncStep1 split into {@code frames} frames (most of them empty continuations) and returns how long
     * the server took to answer it with its SyncStep2.
     */
    private static long answerToAFragmentedQuery(int port, String host, String token, int frames) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(port, 15_000)) {
            socket.write(RawWebSocket.upgradeRequest("/ws/acme/c3?token=" + token, host));
            assertTrue(socket.readHead().startsWith("HTTP/1.1 101 "));
            assertEquals(RawWebSocket.BINARY, socket.next().opcode(), "the server's SyncStep1");
            long start = System.nanoTime();
            // SyncStep1 with an empty state vector: [0, 0, 1, 0]
            socket.send(RawWebSocket.BINARY, false, new byte[] {0});
            for (int i = 0; i < frames - 2; i++) {
                socket.send(RawWebSocket.CONTINUATION, false, new byte[0]);
            }
            socket.send(RawWebSocket.CONTINUATION, true, new byte[] {0, 1, 0});
            RawWebSocket.Frame answer = socket.next();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(RawWebSocket.BINARY, answer.opcode());
            assertEquals(0, answer.payload()[0], "a sync message");
            assertEquals(1, answer.payload()[1], "SyncStep2");
            return millis;
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
