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
    private static final String SERVED_PAGE =
            "<script>const token = 'dev.jwt.token'; const url = 'ws://localhost:8080/ws';</script>";
    private static final String SERVED_EDITOR = "<h1>editor</h1>" + SERVED_PAGE;
    private static final String SERVED_WORKSPACE = "<h1>cards</h1>" + SERVED_PAGE;
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

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
            "editor.html", ("<h1>editor</h1>" + PAGE).getBytes(StandardCharsets.UTF_8),
            "workspace.html", ("<h1>cards</h1>" + PAGE).getBytes(StandardCharsets.UTF_8),
            "embed.js", "customElements.define('prompt-card-editor', class {})".getBytes(StandardCharsets.UTF_8),
            "assets/app.js", "console.log(1)".getBytes(StandardCharsets.UTF_8),
            "assets/inter-Xy9.woff2", new byte[] {'w', 'O', 'F', '2'},
            "style.css", "body{}".getBytes(StandardCharsets.UTF_8),
            "notes.md", "# no type".getBytes(StandardCharsets.UTF_8));
    private EmbeddedClient client;

    private EmbeddedClient client(String devToken) {
        ServerContext context = servers.context(limits, metrics, rooms, devToken, files, System::nanoTime, writes);
        client = new EmbeddedClient(context, writes);
        return client;
    }

    /** GETs a path on a connection of its own (a plain HTTP connection serves one request). */
    private HttpReply getOnItsOwnConnection(String devToken, String path) {
        try (EmbeddedClient one = client(devToken)) {
            return one.host("localhost:8080").request("GET", path);
        } finally {
            client = null;
        }
    }

    private void assertNotFound(String... paths) {
        for (String path : paths) {
            HttpReply reply = getOnItsOwnConnection(null, path);
            assertEquals(404, reply.status(), path);
            assertEquals("not found", reply.text(), path);
        }
    }

    /** An HTML page: not cached, not for other origins, its placeholders replaced. */
    private static void assertPage(String body, HttpReply reply) {
        assertEquals(200, reply.status());
        assertEquals("text/html; charset=utf-8", reply.header("content-type"));
        assertEquals("no-store", reply.header("cache-control"));
        assertNull(reply.header("access-control-allow-origin"));
        assertEquals(body, reply.text());
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
    void readyz_answers_200_ready_to_any_origin_while_accepting_and_the_database_stores() {
        HttpReply reply = client(null).request("GET", "/readyz");
        assertEquals(200, reply.status());
        assertEquals("ready", reply.text());
        assertEquals("*", reply.header("access-control-allow-origin"));
        assertEquals("no-store", reply.header("cache-control"));
    }

    @Test
    void readyz_answers_503_once_shutting_down_while_healthz_is_the_liveness_check() {
        ServerContext context = servers.context(limits, metrics, rooms, null, files, System::nanoTime, writes);
        context.state().stopAccepting();
        client = new EmbeddedClient(context, writes);
        HttpReply reply = client.request("GET", "/readyz");
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
        assertPage(SERVED_PAGE, client("dev.jwt.token").host("localhost:8080").request("GET", "/"));
    }

    @Test
    void outside_dev_mode_the_page_gets_no_token() {
        HttpReply reply = client(null).request("GET", "/index.html");
        assertEquals(200, reply.status());
        assertEquals("<script>const token = ''; const url = 'ws://cards.test:8080/ws';</script>", reply.text());
    }

    @Test
    void card_page_serves_the_editor_with_the_dev_token() {
        assertPage(SERVED_EDITOR, client("dev.jwt.token").host("localhost:8080").request("GET", "/w/dev/c/welcome"));
    }

    @Test
    void embed_page_serves_the_editor_too_with_the_dev_token() {
        assertPage(SERVED_EDITOR, client("dev.jwt.token").host("localhost:8080").request("GET", "/embed/w/acme/c/card-1.v2_x"));
    }

    @Test
    void a_card_page_ignores_its_query_and_fragment() {
        assertPage(SERVED_EDITOR, getOnItsOwnConnection("dev.jwt.token", "/w/dev/c/x?token=a.b.c"));
        assertPage(SERVED_EDITOR, getOnItsOwnConnection("dev.jwt.token", "/w/dev/c/x#token=a.b.c"));
        assertPage(SERVED_EDITOR, getOnItsOwnConnection("dev.jwt.token", "/embed/w/dev/c/x?token=a.b.c#top"));
    }

    @Test
    void head_on_a_card_page_sends_the_headers_without_the_body() {
        HttpReply reply = client(null).request("HEAD", "/w/dev/c/welcome");
        assertEquals(200, reply.status());
        assertEquals("text/html; charset=utf-8", reply.header("content-type"));
        assertEquals(Integer.toString(("<h1>editor</h1><script>const token = ''; const url = "
                + "'ws://cards.test:8080/ws';</script>").length()), reply.header("content-length"));
        assertEquals(0, reply.body().length);
    }

    @Test
    void card_pages_with_invalid_names_are_not_found() {
        assertNotFound("/w/../c/x", "/w/a/c/", "/w/a/c/b/extra", "/w/a/c", "/w/a/c/b/", "/w/a/x/b", "/w//c/b",
                "/w/./c/b", "/w/a/c/..", "/w/a/c/b%20c", "/w/a%2Fb/c/d", "/w/a/c/b%2e", "/w/a/c/b!",
                "/w/a/c/" + "x".repeat(129), "/w/a/c/b/app.js", "/embed/w/a/c/", "/embed/w/../c/x",
                "/embed/w/a/c/b/extra", "/embed/a/c/b", "/embed/editor.html");
    }

    @Test
    void workspace_page_serves_the_card_list_with_the_dev_token() {
        assertPage(SERVED_WORKSPACE, client("dev.jwt.token").host("localhost:8080").request("GET", "/w/dev"));
    }

    @Test
    void a_workspace_page_ignores_its_query_and_fragment() {
        assertPage(SERVED_WORKSPACE, getOnItsOwnConnection("dev.jwt.token", "/w/acme.team_2-x?token=a.b.c"));
        assertPage(SERVED_WORKSPACE, getOnItsOwnConnection("dev.jwt.token", "/w/acme#token=a.b.c"));
    }

    @Test
    void a_file_name_under_w_is_a_workspace_of_that_name_not_the_file() {
        assertPage(SERVED_WORKSPACE, getOnItsOwnConnection("dev.jwt.token", "/w/editor.html"));
    }

    @Test
    void workspace_pages_with_invalid_names_are_not_found() {
        assertNotFound("/w/", "/w", "/w/.", "/w/..", "/w/a/", "/w//", "/w/a%20b", "/w/a%2Fb", "/w/a!", "/w/%2e",
                "/w/" + "x".repeat(129), "/embed/w/a", "/embed/w/a/");
    }

    @Test
    void other_methods_on_a_card_page_are_not_allowed() {
        HttpReply reply = client(null).request("POST", "/w/dev/c/welcome", "Content-Length: 0");
        assertEquals(405, reply.status());
    }

    @Test
    void embed_js_may_be_loaded_by_any_origin_and_is_revalidated() {
        HttpReply reply = client(null).request("GET", "/embed.js", "Origin: https://blog.example");
        assertEquals(200, reply.status());
        assertEquals("text/javascript; charset=utf-8", reply.header("content-type"));
        assertEquals("*", reply.header("access-control-allow-origin"));
        assertNull(reply.header("access-control-allow-credentials"));
        assertEquals("no-cache", reply.header("cache-control"));
        assertEquals("customElements.define('prompt-card-editor', class {})", reply.text());
    }

    @Test
    void hashed_assets_may_be_loaded_by_any_origin_and_are_cached_for_good() {
        HttpReply js = client(null).request("GET", "/assets/app.js?v=1", "Origin: https://blog.example");
        assertEquals(200, js.status());
        assertEquals("text/javascript; charset=utf-8", js.header("content-type"));
        assertEquals("*", js.header("access-control-allow-origin"));
        assertEquals(IMMUTABLE, js.header("cache-control"));
        assertEquals("console.log(1)", js.text());
        client.close();
        HttpReply font = client(null).request("HEAD", "/assets/inter-Xy9.woff2");
        assertEquals(200, font.status());
        assertEquals("font/woff2", font.header("content-type"));
        assertEquals("*", font.header("access-control-allow-origin"));
        assertEquals(IMMUTABLE, font.header("cache-control"));
    }

    @Test
    void static_files_are_served_with_their_content_type_and_revalidated() {
        HttpReply css = client(null).request("GET", "/style.css?v=1");
        assertEquals(200, css.status());
        assertEquals("text/css; charset=utf-8", css.header("content-type"));
        assertEquals("nosniff", css.header("x-content-type-options"));
        assertEquals("body{}", css.text());
        assertEquals("no-cache", css.header("cache-control"));
        assertNull(css.header("access-control-allow-origin"));
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
        assertNotFound("/../index.html", "/%2e%2e/index.html", "/assets/../index.html", "/assets/%2E%2E/style.css",
                "/.hidden.html", "/assets//app.js", "/assets/", "/notes.md", "/assets\\app.js",
                "/%5c..%5cindex.html", "/index.html%00.js", "/%zz");
    }

    @Test
    void unknown_paths_are_not_found() {
        assertNotFound("/api/cards");
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
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"handshake_timeout\"} 1.0\n"),
                metrics.scrape());
    }
}
