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
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpRoutesTest {

    private static final String PAGE = "<script>const token = '{{DEV_TOKEN}}'; const url = '{{WS_URL}}';</script>";

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
            "assets/app.js", "console.log(1)".getBytes(StandardCharsets.UTF_8),
            "style.css", "body{}".getBytes(StandardCharsets.UTF_8),
            "notes.md", "# no type".getBytes(StandardCharsets.UTF_8));
    private EmbeddedClient client;

    private EmbeddedClient client(String devToken) {
        ServerContext context = servers.context(limits, metrics, rooms, devToken, files, System::nanoTime, writes);
        client = new EmbeddedClient(context, writes);
        return client;
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        rooms.close();
        storage.close();
    }

    @Test
    void healthz_answers_200_ok_while_accepting() {
        HttpReply reply = client(null).request("GET", "/healthz");
        assertEquals(200, reply.status());
        assertEquals("ok", reply.text());
        assertEquals("text/plain; charset=utf-8", reply.header("content-type"));
        assertEquals("close", reply.header("connection"));
        client.awaitClosed();
    }

    @Test
    void healthz_answers_503_once_shutting_down() {
        ServerContext context = servers.context(limits, metrics, rooms, null, files, System::nanoTime, writes);
        context.state().stopAccepting();
        client = new EmbeddedClient(context, writes);
        HttpReply reply = client.request("GET", "/healthz");
        assertEquals(503, reply.status());
        assertEquals("shutting down", reply.text());
    }

    @Test
    void metrics_answers_the_prometheus_scrape() {
        metrics.limitExceeded("message_rate", "c1@test", "w/a");
        HttpReply reply = client(null).request("GET", "/metrics");
        assertEquals(200, reply.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", reply.header("content-type"));
        assertTrue(reply.text().contains("promptcards_limit_exceeded_total{limit=\"message_rate\"} 1.0\n"),
                reply.text());
        assertTrue(reply.text().contains("promptcards_connections 0.0\n"), reply.text());
    }

    @Test
    void root_serves_index_html_with_the_dev_token_and_the_websocket_url() {
        HttpReply reply = client("dev.jwt.token").request("GET", "/");
        assertEquals(200, reply.status());
        assertEquals("text/html; charset=utf-8", reply.header("content-type"));
        assertEquals("no-store", reply.header("cache-control"));
        assertEquals("<script>const token = 'dev.jwt.token'; const url = 'ws://cards.test:8080/ws';</script>",
                reply.text());
    }

    @Test
    void outside_dev_mode_the_page_gets_no_token() {
        HttpReply reply = client(null).request("GET", "/index.html");
        assertEquals(200, reply.status());
        assertEquals("<script>const token = ''; const url = 'ws://cards.test:8080/ws';</script>", reply.text());
    }

    @Test
    void static_files_are_served_with_their_content_type() {
        HttpReply js = client(null).request("GET", "/assets/app.js?v=1");
        assertEquals(200, js.status());
        assertEquals("text/javascript; charset=utf-8", js.header("content-type"));
        assertEquals("nosniff", js.header("x-content-type-options"));
        assertEquals("console.log(1)", js.text());
        assertNull(js.header("cache-control"));
    }

    @Test
    void head_sends_the_headers_without_the_body() {
        HttpReply reply = client(null).request("HEAD", "/style.css");
        assertEquals(200, reply.status());
        assertEquals("6", reply.header("content-length"));
        assertEquals("text/css; charset=utf-8", reply.header("content-type"));
    }

    @Test
    void directory_traversal_and_hidden_or_untyped_files_are_not_found() {
        for (String path : new String[] {"/../index.html", "/%2e%2e/index.html", "/assets/../index.html",
                "/assets/%2E%2E/style.css", "/.hidden.html", "/assets//app.js", "/assets/", "/notes.md",
                "/assets\\app.js", "/%5c..%5cindex.html", "/index.html%00.js", "/%zz"}) {
            client(null);
            HttpReply reply = client.request("GET", path);
            assertEquals(404, reply.status(), path);
            assertEquals("not found", reply.text(), path);
            client.close();
            client = null;
        }
    }

    @Test
    void unknown_paths_are_not_found() {
        HttpReply reply = client(null).request("GET", "/api/cards");
        assertEquals(404, reply.status());
        assertEquals("not found", reply.text());
    }

    @Test
    void other_methods_on_a_file_are_not_allowed() {
        HttpReply reply = client(null).request("POST", "/index.html", "Content-Length: 0");
        assertEquals(405, reply.status());
    }

    @Test
    void a_malformed_request_is_answered_400() {
        HttpReply reply = client(null).raw("GET /healthz HTTP/1.1\r\nHost: x\r\nbroken header line\r\n\r\n");
        assertEquals(400, reply.status());
    }

    @Test
    void bad_websocket_paths_are_answered_404_before_any_upgrade() {
        for (String path : new String[] {"/ws", "/ws/", "/ws/w", "/ws/w/", "/ws/w/a/b", "/ws//a", "/ws/w/a%20b",
                "/ws/w/" + "x".repeat(129), "/ws/w%2Fa/b", "/ws/../a"}) {
            client(null);
            HttpReply reply = client.upgrade(path + "?token=" + servers.editor);
            assertEquals(404, reply.status(), path);
            assertEquals("no such card path", reply.text(), path);
            client.close();
            client = null;
        }
    }

    @Test
    void a_card_path_without_an_upgrade_is_answered_400() {
        HttpReply get = client(null).request("GET", "/ws/w/a?token=" + servers.editor);
        assertEquals(400, get.status());
        assertEquals("WebSocket upgrade expected", get.text());
        client.close();
        HttpReply post = client(null).request("POST", "/ws/w/a", "Upgrade: websocket", "Connection: Upgrade",
                "Content-Length: 0");
        assertEquals(400, post.status());
    }

    @Test
    void an_unsupported_websocket_version_is_answered_426() {
        HttpReply reply = client(null).request("GET", "/ws/w/a?token=" + servers.editor,
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + EmbeddedClient.KEY,
                "Sec-WebSocket-Version: 99");
        assertEquals(426, reply.status());
        assertEquals("13", reply.header("sec-websocket-version"));
    }

    @Test
    void a_connection_that_never_completes_a_request_is_closed_at_the_handshake_timeout() {
        client(null);
        client.channel.writeInbound(Unpooled.copiedBuffer("GET /ws/w/a HTTP/1.1\r\nHost: x\r\n",
                StandardCharsets.US_ASCII));
        // The embedded loop's clock also moves in real time, so stay clear of the exact deadline.
        long timeout = limits.handshakeTimeout().toMillis();
        client.channel.advanceTimeBy(timeout / 2, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();
        assertTrue(client.channel.isOpen());
        client.channel.advanceTimeBy(timeout - timeout / 2, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();
        assertFalse(client.channel.isOpen());
        assertTrue(metrics.scrape().contains("limit=\"handshake_timeout\""), metrics.scrape());
    }
}
