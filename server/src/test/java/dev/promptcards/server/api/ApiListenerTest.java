package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.error;
import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's listener: its port, TLS from the WebSocket listener's files, CORS for pages of other origins, the
 * JSON of what matches no endpoint, the headers of every answer, openapi.json, and closing.
 */
class ApiListenerTest {

    private static final String RUNS = "/api/v1/workspaces/w/cards/a/runs";
    private static final String PAGE_ORIGIN = "https://notes.example.com";

    private final ApiTokens tokens = new ApiTokens();
    private final RecordingRunService runs = new RecordingRunService();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private ApiServer start(ApiConfig config) {
        runs.cards.add(new CardKey("w", "a"));
        ApiServer server = ApiServer.start(config, tokens.verifier(), runs, new ServerMetrics().registry());
        opened.add(server);
        return server;
    }

    private ApiClient plainClient(ApiServer server) {
        ApiClient client = new ApiClient("http://127.0.0.1:" + server.port(), null);
        opened.add(client);
        return client;
    }

    @Test
    void on_port_0_it_listens_on_a_free_port_and_reports_it() {
        ApiServer first = start(new ApiConfig("127.0.0.1", 0, null));
        ApiServer second = start(new ApiConfig("127.0.0.1", 0, null));

        assertTrue(first.port() > 0);
        assertNotEquals(first.port(), second.port());
        assertFalse(first.tls());
        assertEquals(200, plainClient(first).get(RUNS, tokens.viewer()).statusCode());
        assertEquals(200, plainClient(second).get(RUNS, tokens.viewer()).statusCode());
    }

    @Test
    void a_port_in_use_fails_the_start_saying_which() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ApiServer.start(
                    new ApiConfig("127.0.0.1", taken.getLocalPort(), null), tokens.verifier(), runs,
                    new ServerMetrics().registry()));

            assertEquals("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use",
                    e.getMessage());
        }
    }

    @Test
    void with_the_websocket_listeners_certificate_it_speaks_tls() {
        TestCertificates certificate = TestCertificates.ec(dir, "api");
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, certificate.files().load()));
        ApiClient client = new ApiClient("https://127.0.0.1:" + server.port(), certificate.trustingContext());
        opened.add(client);

        HttpResponse<String> response = client.get(RUNS, tokens.viewer());

        assertTrue(server.tls());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"runs\":[]}", response.body());
        assertEquals("max-age=86400", response.headers().firstValue("strict-transport-security").orElseThrow());
        // by name too: the certificate is for localhost, the client sends it as SNI
        ApiClient byName = new ApiClient("https://localhost:" + server.port(), certificate.trustingContext());
        opened.add(byName);
        assertEquals(200, byName.get(RUNS, tokens.viewer()).statusCode());
    }

    @Test
    void with_tls_a_plain_http_request_gets_no_answer_of_the_api() {
        TestCertificates certificate = TestCertificates.ec(dir, "api");
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, certificate.files().load()));

        assertThrows(UncheckedIOException.class, () -> plainClient(server).get(RUNS, tokens.viewer()));
    }

    @Test
    void a_preflight_from_another_origin_is_answered_without_a_token() {
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, null));

        HttpResponse<String> response = plainClient(server).send(plainClient(server).request(RUNS, null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PAGE_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));

        assertEquals(204, response.statusCode(), response.body());
        assertEquals("", response.body());
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("GET, POST, PUT, PATCH, DELETE, OPTIONS",
                response.headers().firstValue("access-control-allow-methods").orElseThrow());
        assertEquals("Authorization, Content-Type",
                response.headers().firstValue("access-control-allow-headers").orElseThrow());
        assertEquals("600", response.headers().firstValue("access-control-max-age").orElseThrow());
        assertTrue(response.headers().firstValue("access-control-allow-credentials").isEmpty());
        assertEquals(List.of(), runs.calls);
    }

    @Test
    void answers_to_another_origin_allow_it_to_read_them_errors_included() {
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, null));
        ApiClient client = plainClient(server);

        HttpResponse<String> started = client.send(client.request(RUNS, tokens.editor()).header("Origin", PAGE_ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> refused = client.send(client.request(RUNS, null).header("Origin", PAGE_ORIGIN).GET());

        for (HttpResponse<String> response : List.of(started, refused)) {
            assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElseThrow());
            assertEquals("Location, WWW-Authenticate",
                    response.headers().firstValue("access-control-expose-headers").orElseThrow());
            assertTrue(response.headers().firstValue("access-control-allow-credentials").isEmpty());
        }
        assertEquals(202, started.statusCode());
        assertEquals(401, refused.statusCode());
    }

    @Test
    void every_answer_is_not_sniffed_not_referred_and_not_stored() {
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, null));

        for (HttpResponse<String> response : List.of(plainClient(server).get(RUNS, tokens.viewer()),
                plainClient(server).get("/api/v1/nothing", null))) {
            assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElseThrow());
            assertEquals("no-referrer", response.headers().firstValue("referrer-policy").orElseThrow());
            assertEquals("no-store", response.headers().firstValue("cache-control").orElseThrow());
            assertTrue(response.headers().firstValue("strict-transport-security").isEmpty());
            assertTrue(response.headers().firstValue("server").isEmpty(), "no server version");
        }
    }

    @Test
    void a_path_that_is_no_endpoint_is_404_json() {
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, null));

        for (String path : List.of("/api/v1/workspaces/w/cards", "/api/v2/runs", "/")) {
            HttpResponse<String> response = plainClient(server).get(path, tokens.editor());

            assertEquals(404, response.statusCode(), path);
            assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
            assertEquals(error("no such endpoint: GET " + path + "; the API's endpoints are under /api/v1 and"
                    + " described by GET /api/v1/openapi.json"), response.body());
        }
    }

    @Test
    void another_method_on_an_endpoint_is_405_naming_the_allowed_ones() {
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, null));
        ApiClient client = plainClient(server);

        HttpResponse<String> response = client.send(client.request(RUNS, tokens.editor())
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));

        assertEquals(405, response.statusCode());
        assertEquals(error("method PUT is not allowed on " + RUNS + ": use GET, POST"), response.body());
        assertEquals("GET, POST, OPTIONS", response.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void openapi_json_describes_every_endpoint_to_anyone() {
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, null));

        HttpResponse<String> response = plainClient(server).get("/api/v1/openapi.json", null);

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode document = json(response);
        assertEquals("3.1.0", document.get("openapi").asText());
        assertEquals("/api/v1", document.get("servers").get(0).get("url").asText());
        List<String> paths = new ArrayList<>();
        document.get("paths").fieldNames().forEachRemaining(paths::add);
        // a server without admin services serves, and so describes, the runs and this document only
        assertEquals(List.of("/workspaces/{workspace}/cards/{card}/runs",
                "/workspaces/{workspace}/cards/{card}/runs/{run}", "/openapi.json"), paths);
        assertEquals(List.of("POST /api/v1/workspaces/{workspace}/cards/{card}/runs",
                "GET /api/v1/workspaces/{workspace}/cards/{card}/runs",
                "GET /api/v1/workspaces/{workspace}/cards/{card}/runs/{run}",
                "DELETE /api/v1/workspaces/{workspace}/cards/{card}/runs/{run}", "GET /api/v1/openapi.json"),
                server.routes());
        assertTrue(document.get("components").get("schemas").has("Workspace"));
        JsonNode runsPath = document.get("paths").get("/workspaces/{workspace}/cards/{card}/runs");
        assertTrue(runsPath.has("post") && runsPath.has("get"));
        JsonNode runPath = document.get("paths").get("/workspaces/{workspace}/cards/{card}/runs/{run}");
        assertTrue(runPath.has("get") && runPath.has("delete"));
        List<String> runFields = new ArrayList<>();
        document.get("components").get("schemas").get("Run").get("required").forEach(f -> runFields.add(f.asText()));
        assertEquals(List.of("id", "status", "provider", "model", "by", "startedAt", "finishedAt", "stateVector",
                "summary", "results", "error"), runFields);
    }

    @Test
    void once_closed_it_no_longer_listens() {
        ApiServer server = start(new ApiConfig("127.0.0.1", 0, null));
        ApiClient client = plainClient(server);
        assertEquals(200, client.get(RUNS, tokens.viewer()).statusCode());

        server.close();
        server.close();

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> client.get(RUNS, tokens.viewer()));
        assertTrue(e.getCause() instanceof ConnectException, e.toString());
    }
}
