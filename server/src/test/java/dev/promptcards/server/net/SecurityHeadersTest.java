package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The security headers of each kind of response, on a plain connection (TLS: {@link TlsListenerTest}). */
class SecurityHeadersTest {

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors ";

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final TestStorage storage = TestStorage.open(DB);
    private final ManualExecutor writes = new ManualExecutor();
    private final TestServers servers = new TestServers();
    private final Limits limits = Limits.defaults();
    private final ServerMetrics metrics = new ServerMetrics();
    private final RoomRegistry rooms = new RoomRegistry(limits, metrics, storage.storage());
    private final Map<String, byte[]> files = Map.of(
            "index.html", "<h1>landing</h1>".getBytes(StandardCharsets.UTF_8),
            "editor.html", "<meta name=\"promptcards-ws\" content=\"{{WS_URL}}\">".getBytes(StandardCharsets.UTF_8),
            "embed.js", "customElements.define('prompt-card-editor', class {})".getBytes(StandardCharsets.UTF_8),
            "assets/app.js", "console.log(1)".getBytes(StandardCharsets.UTF_8));

    @AfterEach
    void tearDown() {
        rooms.close();
        storage.close();
    }

    private HttpReply get(String path) {
        ServerContext context = servers.context(limits, metrics, rooms, null, files, System::nanoTime, writes);
        try (EmbeddedClient client = new EmbeddedClient(context, writes)) {
            return client.request("GET", path);
        }
    }

    private static void assertEveryResponsesHeaders(HttpReply reply, String path) {
        assertEquals("nosniff", reply.header("x-content-type-options"), path);
        assertEquals("no-referrer", reply.header("referrer-policy"), path);
        assertNull(reply.header("strict-transport-security"), path + ": HSTS on a plain connection");
    }

    @Test
    void the_editor_and_the_landing_page_have_a_strict_policy_and_only_this_server_may_frame_them() {
        for (String path : new String[] {"/w/dev/c/welcome", "/"}) {
            HttpReply reply = get(path);
            assertEquals(200, reply.status(), path);
            assertEquals(POLICY + "'self'", reply.header("content-security-policy"), path);
            assertEquals("SAMEORIGIN", reply.header("x-frame-options"), path);
            assertEveryResponsesHeaders(reply, path);
        }
    }

    @Test
    void the_widgets_iframe_page_has_the_same_policy_but_any_site_may_frame_it() {
        HttpReply reply = get("/embed/w/dev/c/welcome");

        assertEquals(200, reply.status());
        assertEquals(POLICY + "*", reply.header("content-security-policy"));
        assertNull(reply.header("x-frame-options"), "X-Frame-Options would forbid what frame-ancestors allows");
        assertEveryResponsesHeaders(reply, "/embed/w/dev/c/welcome");
    }

    @Test
    void a_plain_page_names_the_plain_websocket_url() {
        assertEquals("<meta name=\"promptcards-ws\" content=\"ws://cards.test:8080/ws\">",
                get("/w/dev/c/welcome").text());
    }

    @Test
    void scripts_health_metrics_and_errors_are_not_sniffed_and_carry_no_page_policy() {
        for (String path : new String[] {"/embed.js", "/assets/app.js", "/healthz", "/metrics", "/nothing",
                "/ws/w/a"}) {
            HttpReply reply = get(path);
            assertEveryResponsesHeaders(reply, path);
            assertNull(reply.header("content-security-policy"), path);
            assertNull(reply.header("x-frame-options"), path);
        }
        assertEquals("*", get("/embed.js").header("access-control-allow-origin"), "embed.js stays loadable");
    }
}
