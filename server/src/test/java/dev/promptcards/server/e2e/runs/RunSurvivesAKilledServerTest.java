package dev.promptcards.server.e2e.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.stubs.OpenAiStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed (SIGKILL) in the middle of a run: once a server runs again on the same database, the run
 * is taken over when its lease ran out and resumed, the tests stored before kept, the others run again; it
 * ends like any run and is never left running.
 */
class RunSurvivesAKilledServerTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("team", "killed");
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private ServerProcess serve(OpenAiStub stub, String name) {
        DatabaseConfig db = DB.config();
        List<String> args = new ArrayList<>(List.of("--port", "0", "--jwt-secret", SECRET, "--db-url", db.jdbcUrl(),
                "--openai-base-url", stub.baseUrl().toString()));
        if (db.user() != null) {
            args.addAll(List.of("--db-user", db.user()));
        }
        if (db.password() != null) {
            args.addAll(List.of("--db-password", db.password()));
        }
        ServerProcess server = ServerProcess.start(dir.resolve(name), Map.of("OPENAI_API_KEY", "sk-test"),
                args.toArray(String[]::new));
        server.awaitHealthy();
        return server;
    }

    private static HttpResponse<String> api(HttpClient http, ServerProcess server, String method, String path,
            String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.apiBase() + "/workspaces/"
                        + CARD.workspace() + "/cards/" + CARD.card() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_run_whose_server_was_killed_is_resumed_by_the_next_server_and_ends() throws Exception {
        try (OpenAiStub stub = OpenAiStub.start(); HttpClient http = HttpClient.newHttpClient()) {
            java.nio.file.Files.createDirectories(dir.resolve("first"));
            java.nio.file.Files.createDirectories(dir.resolve("second"));
            java.nio.file.Files.createDirectories(dir.resolve("setup"));
            // the card, written by a server in this JVM on the same database
            try (RunsFixture setup = new RunsFixture(DB.config(), dir.resolve("setup"),
                    ProviderSettings.defaults(), CARD)) {
                Process creator = setup.watchers(1, "none");
                var output = dev.promptcards.server.e2e.ProcessOutput.of(creator, "creator");
                await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("synced"));
                setup.write(RunsFixture.content("openai", "gpt-4o-mini"));
                creator.destroyForcibly();
            }
            String token = new DevTokens(SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC())
                    .mint("ada", CARD.workspace(), Role.EDITOR, Duration.ofHours(1));
            // slow answers: the run is still going when the server dies
            stub.chunkDelay(Duration.ofMillis(400));
            String runId;
            ServerProcess first = serve(stub, "first");
            try {
                HttpResponse<String> started = api(http, first, "POST", "/runs", token);
                assertEquals(202, started.statusCode(), started.body());
                runId = RunsFixture.JSON.readTree(started.body()).get("id").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> stub.requestCount() >= 1);
            } finally {
                first.close();
                first.awaitExit(Duration.ofSeconds(20));
            }
            stub.chunkDelay(Duration.ZERO);

            try (ServerProcess second = serve(stub, "second")) {
                JsonNode[] run = new JsonNode[1];
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    HttpResponse<String> got = api(http, second, "GET", "/runs/" + runId, token);
                    run[0] = RunsFixture.JSON.readTree(got.body());
                    return List.of("passed", "failed", "error", "cancelled").contains(run[0].path("status").asText());
                });

                assertEquals("failed", run[0].get("status").asText(), run[0].toString());
                assertEquals(3, run[0].get("results").size(), run[0].toString());
                assertEquals("Say hello to Ada from London.",
                        run[0].get("results").get("t-ada").get("output").asText());
                assertTrue(second.output().contains("resumed"), second.output());
            }
        }
    }
}
