package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an upgrade must be (RFC 6455 only, a well-formed key) and what dev mode gives to whom (its token only to
 * loopback Host names, its WebSocket only to pages on loopback hosts), on an EmbeddedChannel.
 */
class UpgradeRequestTest {

    private static final String DEV_TOKEN = "dev.jwt.token";
    private static final String PAGE = "<meta content=\"{{DEV_TOKEN}}\">";

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final TestStorage storage = TestStorage.open(DB);
    private final ManualExecutor writes = new ManualExecutor();
    private final TestServers servers = new TestServers();
    private final Limits limits = Limits.defaults();
    private final ServerMetrics metrics = new ServerMetrics();
    private final RoomRegistry rooms = new RoomRegistry(limits, metrics, storage.storage());
    private final Map<String, byte[]> files = Map.of(
            "index.html", PAGE.getBytes(StandardCharsets.UTF_8),
            "editor.html", PAGE.getBytes(StandardCharsets.UTF_8),
            "embed.js", "customElements.define('prompt-card-editor', class {})".getBytes(StandardCharsets.UTF_8));
    private final List<EmbeddedClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() {
        clients.forEach(EmbeddedClient::close);
        rooms.close();
        storage.close();
    }

    private EmbeddedClient client(String devToken) {
        EmbeddedClient client = new EmbeddedClient(
                servers.context(limits, metrics, rooms, devToken, files, System::nanoTime, writes), writes);
        clients.add(client);
        return client;
    }

    private HttpReply upgradeRequest(String devToken, String host, String... headerLines) {
        return client(devToken).host(host).request("GET", "/ws/w/a?token=" + servers.editor, headerLines);
    }

    private void assertRefusedAtOnce(HttpReply reply, int status, String text) {
        assertEquals(status, reply.status());
        assertEquals(text, reply.text());
        assertEquals("close", reply.header("connection"));
        assertFalse(reply.text().contains(servers.editor), "the URL with its token is never echoed");
        assertFalse(clients.getLast().channel.isOpen(), "closed at once");
    }

    @Test
    void a_hixie_76_handshake_is_answered_400_at_once_without_echoing_the_url() {
        HttpReply reply = client(null).raw("GET /ws/w/a?token=" + servers.editor + " HTTP/1.1\r\n"
                + "Host: cards.test:8080\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                + "Origin: http://cards.test:8080\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U");
        assertRefusedAtOnce(reply, 400, "WebSocket version 13 (RFC 6455) expected");
        assertNull(reply.header("sec-websocket-location"));
    }

    @Test
    void an_upgrade_without_a_key_or_with_a_malformed_one_is_answered_400_at_once() {
        String[][] cases = {
            {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"},
            {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: abc"},
            {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!=="},
            {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: " + EmbeddedClient.KEY, "Sec-WebSocket-Key: " + EmbeddedClient.KEY},
        };
        for (String[] headers : cases) {
            assertRefusedAtOnce(upgradeRequest(null, "cards.test:8080", headers), 400,
                    "missing or malformed Sec-WebSocket-Key");
        }
    }

    @Test
    void a_draft_version_is_answered_426_naming_version_13() {
        HttpReply reply = upgradeRequest(null, "cards.test:8080", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + EmbeddedClient.KEY, "Sec-WebSocket-Version: 8");
        assertRefusedAtOnce(reply, 426, "unsupported WebSocket version: 13 (RFC 6455) expected");
        assertEquals("13", reply.header("sec-websocket-version"));
    }

    @Test
    void in_dev_mode_a_page_asked_for_by_a_name_that_is_not_loopback_is_refused_421_without_the_token() {
        for (String path : new String[] {"/", "/w/w/c/a", "/embed/w/w/c/a"}) {
            HttpReply reply = client(DEV_TOKEN).host("evil.example:8080").request("GET", path);
            assertEquals(421, reply.status(), path);
            assertEquals(StaticFileHandler.NOT_LOOPBACK + "http://127.0.0.1:0" + path + " instead.", reply.text(),
                    path);
            assertFalse(reply.text().contains(DEV_TOKEN), path);
        }
        HttpReply noHost = client(DEV_TOKEN).raw("GET / HTTP/1.0\r\n\r\n");
        assertEquals(421, noHost.status());
    }

    @Test
    void in_dev_mode_loopback_names_get_the_page_with_the_token() {
        for (String host : new String[] {"localhost:8080", "127.0.0.1:8080", "[::1]:8080"}) {
            HttpReply reply = client(DEV_TOKEN).host(host).request("GET", "/w/w/c/a");
            assertEquals(200, reply.status(), host);
            assertEquals("<meta content=\"" + DEV_TOKEN + "\">", reply.text(), host);
        }
    }

    @Test
    void files_without_the_token_are_served_to_any_name_and_pages_too_outside_dev_mode() {
        assertEquals(200, client(DEV_TOKEN).host("evil.example:8080").request("GET", "/embed.js").status());
        HttpReply page = client(null).host("evil.example:8080").request("GET", "/w/w/c/a");
        assertEquals(200, page.status());
        assertEquals("<meta content=\"\">", page.text());
    }

    @Test
    void in_dev_mode_an_upgrade_from_another_origin_is_refused_403() {
        String[][] cases = {
            {"localhost:8080", "http://evil.example:8080"},
            {"evil.example:8080", "http://evil.example:8080"},
            {"localhost:8080", "https://10.0.0.1"},
            {"localhost:8080", "null"},
        };
        for (String[] hostAndOrigin : cases) {
            HttpReply reply = client(DEV_TOKEN).host(hostAndOrigin[0]).upgrade("/ws/w/a?token=" + servers.editor,
                    "Origin: " + hostAndOrigin[1]);
            assertRefusedAtOnce(reply, 403, UpgradeRequestCheck.FOREIGN_ORIGIN);
        }
    }

    @Test
    void in_dev_mode_pages_on_loopback_hosts_and_clients_without_origin_are_upgraded() {
        assertEquals(101, client(DEV_TOKEN).host("localhost:8080")
                .upgrade("/ws/w/a?token=" + servers.editor, "Origin: http://localhost:8080").status());
        assertEquals(101, client(DEV_TOKEN).host("localhost:8080")
                .upgrade("/ws/w/a?token=" + servers.editor, "Origin: http://127.0.0.1:3000").status(),
                "the widget in an app on another local port");
        assertEquals(101, client(DEV_TOKEN).host("127.0.0.1:8080")
                .upgrade("/ws/w/a?token=" + servers.editor).status());
    }

    @Test
    void outside_dev_mode_any_origin_is_upgraded() {
        assertEquals(101, client(null).upgrade("/ws/w/a?token=" + servers.editor, "Origin: https://evil.example")
                .status());
    }

    @Test
    void a_request_body_over_the_limit_is_answered_413_and_closed_at_once() {
        EmbeddedClient client = client(null);
        HttpReply reply = client.raw("POST /healthz HTTP/1.1\r\nHost: cards.test\r\nContent-Length: "
                + (PromptcardsInitializer.MAX_REQUEST_BODY + 1) + "\r\n\r\nabc");
        assertEquals(413, reply.status());
        assertEquals("request body too large", reply.text());
        assertFalse(client.channel.isOpen());
    }

    @Test
    void an_unexpected_error_before_the_upgrade_is_answered_400_and_closed() {
        EmbeddedClient client = client(null);
        client.channel.pipeline().fireExceptionCaught(new IllegalStateException("a library's message"));
        String response = client.written();
        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\nbad request"), response);
        assertFalse(client.channel.isOpen());
    }

    @Test
    void the_key_rule_is_16_bytes_in_base64() {
        assertTrue(UpgradeRequestCheck.isKey(EmbeddedClient.KEY));
        assertFalse(UpgradeRequestCheck.isKey("dGhlIHNhbXBsZSBub25jZQ"));
        assertFalse(UpgradeRequestCheck.isKey("dGhlIHNhbXBsZSBub25jZXg="));
    }
}
