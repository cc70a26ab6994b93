package dev.promptcards.server.e2e;

import dev.promptcards.server.testing.FrameRecorder;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code promptcards serve} as a process: dev mode, its page and token, signals, exit codes. */
class ServeProcessTest {

    private static final Pattern DEV_TOKEN_LINE =
            Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/ws/dev/\\{card}\\?token=(\\S+)");

    private static WebSocket connect(String url, FrameRecorder recorder) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), recorder)
                .join();
    }

    @Test
    void dev_mode_serves_a_page_with_a_working_editor_token_and_stops_gracefully_on_sigterm(
            @TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0",
                "--data-dir", data.toString())) {
            int port = server.awaitHealthy();
            String output = server.output();
            assertTrue(output.contains("DEV MODE"), output);
            assertTrue(output.contains("  cards:     stored in embedded PostgreSQL in "
                    + data.resolve("postgres")), output);
            assertTrue(output.contains("  open:      http://127.0.0.1:" + port + "/"), output);
            assertTrue(output.contains("  WebSocket: ws://127.0.0.1:" + port
                    + "/ws/{workspace}/{card}?token=JWT"), output);
            Matcher tokenLine = DEV_TOKEN_LINE.matcher(output);
            assertTrue(tokenLine.find(), output);
            assertEquals(port, Integer.parseInt(tokenLine.group(1)));
            String token = tokenLine.group(2);

            HttpResponse<String> page = server.get("/w/dev/c/welcome");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains(token), "the page holds the dev token:\n" + page.body());
            assertFalse(page.body().contains("{{DEV_TOKEN}}"), page.body());
            assertFalse(page.body().contains("{{WS_URL}}"), page.body());

            // The printed token opens a card: the server starts the handshake with SyncStep1 [0, 0, ...].
            FrameRecorder recorder = new FrameRecorder();
            connect("ws://127.0.0.1:" + port + "/ws/dev/first-card?token=" + token, recorder);
            await("SyncStep1 from the server").atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.frames.stream().anyMatch(f -> f.length >= 2 && f[0] == 0
                            && f[1] == 0));

            int exitCode = server.terminate(Duration.ofSeconds(20));

            assertEquals(0, exitCode, server.output());
            assertEquals(1001, recorder.closeCode.get().intValue(), "open WebSockets are told: going"
                    + " away");
            assertTrue(server.output().contains("SIGTERM: shutting down"), server.output());
            assertTrue(server.output().contains("stopped"), server.output());
            assertFalse(server.portFileExists(), "the port file is deleted on shutdown");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_fresh_dev_server_runs_its_welcome_card_offline_at_once(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0",
                "--data-dir", dir.resolve("data").toString());
                HttpClient http = HttpClient.newHttpClient()) {
            server.awaitHealthy();
            Matcher tokenLine = DEV_TOKEN_LINE.matcher(server.output());
            assertTrue(tokenLine.find(), server.output());
            String runs = server.apiBase() + "/workspaces/dev/cards/welcome/runs";
            HttpRequest start = HttpRequest.newBuilder(URI.create(runs))
                    .header("Authorization", "Bearer " + tokenLine.group(2))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

            HttpResponse<String> queued = http.send(start, HttpResponse.BodyHandlers.ofString());
            assertEquals(202, queued.statusCode(), queued.body());
            String id = queued.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            HttpRequest get = HttpRequest.newBuilder(URI.create(runs + "/" + id))
                    .header("Authorization", "Bearer " + tokenLine.group(2)).build();
            JsonNode[] run = new JsonNode[1];
            await("the welcome card's run to end").atMost(Duration.ofSeconds(30)).until(() -> {
                run[0] = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
                return run[0].get("finishedAt").isTextual();
            });

            // the example: two tests pass, one fails on purpose, on the offline echo provider at no cost
            assertEquals("failed", run[0].get("status").asText(), run[0].toString());
            assertEquals("echo", run[0].get("provider").asText());
            JsonNode summary = run[0].get("summary");
            assertEquals(List.of(2, 1, 0), List.of(summary.get("passed").asInt(), summary.get("failed").asInt(),
                    summary.get("errors").asInt()), summary.toString());
            assertEquals(0.0, summary.get("costUsd").asDouble(), summary.toString());
        }
    }

    @Test
    void serve_runs_the_http_api_beside_the_websocket_listener(@TempDir Path dir) throws Exception {
        // no provider keys (blank counts as none): the runner can call echo and ollama only
        try (ServerProcess server = ServerProcess.start(dir, Map.of("OPENAI_API_KEY", "", "ANTHROPIC_API_KEY", ""),
                "--port", "0",
                "--data-dir", dir.resolve("data").toString())) {
            int port = server.awaitHealthy();
            int apiPort = server.apiPort();
            String api = "http://127.0.0.1:" + apiPort + "/api/v1";
            assertTrue(server.output().contains("  API: " + api + "   described by: " + api + "/openapi.json"),
                    server.output());

            HttpResponse<String> config = server.get("/client-config.json");
            assertEquals("{\"apiUrl\":\"" + api + "\",\"providers\":[\"echo\",\"ollama\"]}", config.body());
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(
                        api + "/workspaces/dev/cards/welcome/runs")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, refused.statusCode());
                assertEquals("*", refused.headers().firstValue("access-control-allow-origin").orElseThrow());
            }
            assertTrue(port != apiPort);

            assertEquals(0, server.terminate(Duration.ofSeconds(20)), server.output());
        }
    }

    @Test
    void sigint_stops_the_server_with_exit_code_0(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0",
                "--data-dir", dir.resolve("data").toString())) {
            server.awaitHealthy();

            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start();
            assertEquals(0, kill.waitFor());

            assertEquals(0, server.awaitExit(Duration.ofSeconds(20)), server.output());
            assertTrue(server.output().contains("SIGINT: shutting down"), server.output());
        }
    }

    @Test
    void a_port_in_use_fails_with_exit_code_1_before_the_database_starts_and_says_so(@TempDir Path first,
            @TempDir Path second) throws Exception {
        try (ServerProcess running = ServerProcess.start(first, Map.of(), "--port", "0",
                "--data-dir", first.resolve("data").toString())) {
            int port = running.awaitHealthy();

            try (ServerProcess refused = ServerProcess.start(second,
                    Map.of("PROMPTCARDS_PORT", Integer.toString(port), "PROMPTCARDS_API_PORT", "0",
                            "PROMPTCARDS_DATA_DIR", second.resolve("data").toString()))) {
                assertEquals(1, refused.awaitExit(Duration.ofSeconds(20)), refused.output());
                assertTrue(refused.output().contains("Error: port " + port + " on 127.0.0.1 (--port, from"
                        + " PROMPTCARDS_PORT) is in use, by another promptcards serve or another program: choose"
                        + " another with --port, e.g. --port "), refused.output());
                assertFalse(refused.output().contains("Starting the embedded PostgreSQL"), refused.output());
                assertFalse(Files.exists(second.resolve("data/postgres")), refused.output());
                assertFalse(refused.portFileExists());
            }
            assertEquals(200, running.get("/healthz").statusCode(), "the first server still runs");
        }
    }
}
