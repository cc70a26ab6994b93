package dev.promptcards.server.e2e.runs;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.app.AppConfig;
import dev.promptcards.server.app.BusSettings;
import dev.promptcards.server.app.DatabaseSettings;
import dev.promptcards.server.app.PromptcardsApp;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.NodeTests;
import dev.promptcards.server.e2e.ProcessOutput;
import dev.promptcards.server.room.Limits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server in this JVM with its runner, the HTTP API and stock clients on one card, for the runs' tests. */
final class RunsFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final DevTokens tokens = new DevTokens(new SecureRandom(), Clock.systemUTC());
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    final CardKey card;
    final PromptcardsApp app;

    RunsFixture(DatabaseConfig db, Path dir, ProviderSettings providers, CardKey card) {
        this.card = card;
        DatabaseSettings database = new DatabaseSettings(dir.resolve("data"), db.jdbcUrl(), db.user(),
                db.password(), "the test database", UpdateLogSettings.defaults());
        AppConfig config = new AppConfig("127.0.0.1", 0, 0, Limits.defaults(), null, database, dir.resolve("spill"),
                BusSettings.singleNode(), tokens.verifier(), null, providers, null, null, null);
        this.app = PromptcardsApp.start(config, new PrintWriter(new StringWriter()));
    }

    String token(Role role) {
        return tokens.mint(role == Role.EDITOR ? "ada" : "bob", card.workspace(), role, Duration.ofHours(1));
    }

    /** The card: three tests on {@code provider}; the first editor to join created it. */
    static CardContent content(String provider, String model) {
        return new CardContent("Greetings", "", "You greet people.", "Say hello to {{name}} from {{city}}.",
                new ModelSettings(provider, model, 0.2, 64L),
                List.of(test("t-ada", "Ada", "London", "Ada"),
                        test("t-grace", "Grace", "New York", "Grace"),
                        test("t-alan", "Alan", "Wilmslow", "nobody")));
    }

    private static TestCase test(String id, String name, String city, String expected) {
        return new TestCase(id, name, Map.of("name", name, "city", city), "",
                List.of(Assertion.contains(expected), new Assertion("icontains", "HELLO", null, null)), null);
    }

    /** Writes the card's content as the server. */
    void write(CardContent content) throws Exception {
        app.cardEditor().edit(card, Author.SERVER, doc -> {
            content.write(CardDocument.of(doc));
            return null;
        }).get(30, TimeUnit.SECONDS);
    }

    /** Stock clients on the card (watch-runs.mjs); they report once the run given on their stdin ended. */
    Process watchers(int clients, String runId) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "watch-runs.mjs")
                .directory(NodeTests.directory().toFile())
                .redirectErrorStream(true);
        builder.environment().put("CARD_URL_BASE", "ws://127.0.0.1:" + app.port() + "/ws/" + card.workspace());
        builder.environment().put("CARD", card.card());
        builder.environment().put("TOKEN", token(Role.EDITOR));
        builder.environment().put("CLIENTS", String.valueOf(clients));
        if (runId != null) {
            builder.environment().put("RUN_ID", runId);
        }
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The watchers' report: per client, the run as it saw it and whether it saw output partly written. */
    static JsonNode report(Process watchers, ProcessOutput output) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> !watchers.isAlive());
        String line = output.toString().lines().filter(l -> l.startsWith("run ")).findFirst()
                .orElseThrow(() -> new AssertionError("the clients did not report the run: " + output));
        return JSON.readTree(line.substring("run ".length()));
    }

    HttpResponse<String> api(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.apiPort() + "/api/v1/workspaces/" + card.workspace()
                        + "/cards/" + card.card() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a run as an editor; returns its id. */
    String startRun(String body) throws Exception {
        HttpResponse<String> response = api("POST", "/runs", body, token(Role.EDITOR));
        if (response.statusCode() != 202) {
            throw new AssertionError("POST runs answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** The run as stored (GET .../runs/{id}). */
    JsonNode storedRun(String runId) throws Exception {
        HttpResponse<String> response = api("GET", "/runs/" + runId, null, token(Role.VIEWER));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET run answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Waits until the stored run ended; returns it. */
    JsonNode awaitEnded(String runId) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            run[0] = storedRun(runId);
            String status = run[0].path("status").asText();
            return List.of("passed", "failed", "error", "cancelled").contains(status);
        });
        return run[0];
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        http.close();
        app.close();
    }
}
