package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /client-config.json}: where the editor page and the widget find the HTTP API, as the client reached
 * this listener; and the pages' Content-Security-Policy, which lets them call it.
 */
class ClientConfigTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final TestStorage storage = TestStorage.open(DB);
    private final ManualExecutor writes = new ManualExecutor();
    private final TestServers servers = new TestServers();
    private final Limits limits = Limits.defaults();
    private final ServerMetrics metrics = new ServerMetrics();
    private final RoomRegistry rooms = new RoomRegistry(limits, metrics, storage.storage());
    private final Map<String, byte[]> files = Map.of("editor.html", "<h1>editor</h1>".getBytes(StandardCharsets.UTF_8));

    @AfterEach
    void tearDown() {
        rooms.close();
        storage.close();
    }

    /** A request on a connection of its own to a listener whose API is on {@code apiPort}. */
    private HttpReply request(int apiPort, String host, String method, String path) {
        return request(apiPort, List.of(), host, method, path);
    }

    /** The same, with the runner's configured {@code providers}. */
    private HttpReply request(int apiPort, List<String> providers, String host, String method, String path) {
        ServerContext context = servers.context(limits, metrics, rooms, null, files, System::nanoTime, writes)
                .withApiPort(apiPort).withProviders(providers);
        try (EmbeddedClient client = new EmbeddedClient(context, writes)) {
            return client.host(host).request(method, path);
        }
    }

    @Test
    void it_names_the_api_on_the_host_the_client_used_and_any_page_may_read_it() {
        HttpReply reply = request(8081, "cards.test:8080", "GET", "/client-config.json");

        assertEquals(200, reply.status());
        assertEquals("{\"apiUrl\":\"http://cards.test:8081/api/v1\",\"providers\":[]}", reply.text());
        assertEquals("application/json", reply.header("content-type"));
        assertEquals("*", reply.header("access-control-allow-origin"));
        assertEquals("no-store", reply.header("cache-control"));
    }

    @Test
    void it_names_the_providers_the_runner_can_call() {
        HttpReply reply = request(8081, List.of("echo", "ollama", "openai"), "cards.test:8080", "GET",
                "/client-config.json");

        assertEquals("{\"apiUrl\":\"http://cards.test:8081/api/v1\",\"providers\":[\"echo\",\"ollama\",\"openai\"]}",
                reply.text());
    }

    @Test
    void the_host_keeps_its_ipv6_brackets_and_a_missing_port_is_no_matter() {
        assertEquals("{\"apiUrl\":\"http://[::1]:9001/api/v1\",\"providers\":[]}",
                request(9001, "[::1]:8080", "GET", "/client-config.json").text());
        assertEquals("{\"apiUrl\":\"http://localhost:9001/api/v1\",\"providers\":[]}",
                request(9001, "localhost", "GET", "/client-config.json").text());
    }

    @Test
    void a_host_header_that_is_not_a_plain_name_is_not_repeated() {
        // an EmbeddedChannel has no socket address: the listener's own name is localhost
        assertEquals("{\"apiUrl\":\"http://localhost:8081/api/v1\",\"providers\":[]}",
                request(8081, "evil.test\",\"x\":\"1", "GET", "/client-config.json").text());
    }

    @Test
    void without_an_api_beside_it_there_is_no_client_config() {
        HttpReply reply = request(ServerConfig.NO_API, "cards.test:8080", "GET", "/client-config.json");

        assertEquals(404, reply.status());
        assertEquals("not found", reply.text());
    }

    @Test
    void only_get_and_head_are_answered() {
        assertEquals(405, request(8081, "cards.test:8080", "POST", "/client-config.json").status());
        HttpReply head = request(8081, "cards.test:8080", "HEAD", "/client-config.json");
        assertEquals(200, head.status());
        assertEquals("", head.text());
    }

    @Test
    void the_pages_may_connect_to_the_api() {
        for (String page : new String[] {"/w/dev/c/welcome", "/embed/w/dev/c/welcome"}) {
            HttpReply reply = request(8081, "cards.test:8080", "GET", page);

            assertEquals(200, reply.status(), page);
            assertTrue(reply.header("content-security-policy")
                    .contains("; connect-src 'self' http://cards.test:8081; "), reply.header("content-security-policy"));
        }
    }
}
