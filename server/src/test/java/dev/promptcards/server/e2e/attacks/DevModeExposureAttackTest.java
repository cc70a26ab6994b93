package dev.promptcards.server.e2e.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.e2e.ServerProcess;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dev-mode {@code serve} process (no JWT setting, on loopback) against what a DNS-rebinding page does: a
 * request for a page with {@code Host: evil.example} (a name the attacker points at 127.0.0.1) gets 421 without
 * the dev token, and an upgrade from a foreign {@code Origin} gets 403, while the server's own loopback pages get
 * the token, may not be framed by other sites (the widget's iframe page may), and pages on loopback hosts
 * connect.
 */
class DevModeExposureAttackTest {

    private static final Pattern DEV_TOKEN = Pattern.compile("name=\"promptcards-dev-token\" content=\"([^\"]*)\"");
    private static final int AT_ONCE_MILLIS = 1000;

    @Test
    void a_rebinding_page_gets_neither_the_dev_token_nor_a_websocket(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0",
                "--data-dir", dir.resolve("data").toString())) {
            int port = server.awaitHealthy();
            String loopback = "127.0.0.1:" + port;
            String evil = "evil.example:" + port;

            String page = get(port, "/w/dev/c/c1", loopback);
            assertTrue(page.startsWith("HTTP/1.1 200 OK\r\n"), page);
            Matcher token = DEV_TOKEN.matcher(page);
            assertTrue(token.find() && token.group(1).split("\\.").length == 3, "a dev token in the page:\n" + page);
            String devToken = token.group(1);
            assertTrue(header(page, "content-security-policy").endsWith("; frame-ancestors 'self'"), page);
            assertEquals("SAMEORIGIN", header(page, "x-frame-options"));
            String embed = get(port, "/embed/w/dev/c/c1", loopback);
            assertTrue(header(embed, "content-security-policy").endsWith("; frame-ancestors *"), embed);

            for (String path : new String[] {"/w/dev/c/c1", "/embed/w/dev/c/c1", "/"}) {
                String rebound = get(port, path, evil);
                assertTrue(rebound.startsWith("HTTP/1.1 421 Misdirected Request\r\n"), rebound);
                assertFalse(rebound.contains(devToken), "the dev token went to " + evil);
                assertTrue(rebound.endsWith(" Open http://" + loopback + path + " instead."), rebound);
            }

            for (String[] hostAndOrigin : new String[][] {{loopback, "http://" + evil}, {evil, "http://" + evil},
                    {loopback, "null"}}) {
                try (RawWebSocket socket = RawWebSocket.connect(port, AT_ONCE_MILLIS)) {
                    socket.write(RawWebSocket.upgradeRequest("/ws/dev/c1?token=" + devToken, hostAndOrigin[0],
                            "Origin: " + hostAndOrigin[1]));
                    String response = socket.readToEnd();
                    assertTrue(response.startsWith("HTTP/1.1 403 Forbidden\r\n"), response);
                    assertTrue(response.endsWith("\r\n\r\norigin not allowed: a dev-mode server accepts WebSocket"
                            + " connections only from pages on loopback addresses"), response);
                }
            }

            // its own page, and the widget in an app on another local port
            for (String origin : new String[] {"http://" + loopback, "http://localhost:3000"}) {
                try (RawWebSocket socket = RawWebSocket.connect(port, 10_000)) {
                    socket.write(RawWebSocket.upgradeRequest("/ws/dev/c1?token=" + devToken, loopback,
                            "Origin: " + origin));
                    assertTrue(socket.readHead().startsWith("HTTP/1.1 101 "), origin);
                    assertEquals(RawWebSocket.BINARY, socket.next().opcode(), "the server's SyncStep1");
                }
            }
            NetProbes.assertBystanderEdits(port, "dev", "c2", devToken, 5);
            NetProbes.assertHealthzWithinASecond(port);
            assertFalse(server.output().contains("\tat "), server.output());
        }
    }

    /** The whole response to a GET with this Host header. */
    private static String get(int port, String path, String host) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(port, AT_ONCE_MILLIS)) {
            socket.write("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            return socket.readToEnd();
        }
    }

    /** A header's value in a raw response, or "" when it has none. */
    private static String header(String response, String name) {
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
