package dev.promptcards.server.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card endpoints against stock y-websocket clients on the whole server (composition root, Netty, rooms,
 * PostgreSQL): a soft delete closes a live client with 4404 at once and refuses a new one 4404; a WebSocket open
 * that would create a card past the workspace's quota is closed 4403 (watch-closes.mjs).
 */
class CardDeleteLiveTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";

    @TempDir
    Path dir;

    private final DevTokens tokens = new DevTokens(new SecureRandom(), Clock.systemUTC());
    private PromptcardsApp app;
    private ApiClient api;
    private Process client;

    @BeforeEach
    void start() {
        DatabaseConfig db = DB.config();
        DatabaseSettings database = new DatabaseSettings(dir.resolve("data"), db.jdbcUrl(), db.user(), db.password(),
                "the test database", UpdateLogSettings.defaults());
        AppConfig config = new AppConfig("127.0.0.1", 0, 0, Limits.defaults(), null, database, dir.resolve("spill"),
                BusSettings.singleNode(), tokens.verifier(), null, ProviderSettings.defaults(), null, ADMIN_TOKEN,
                null);
        app = PromptcardsApp.start(config, new PrintWriter(new StringWriter()));
        api = new ApiClient("http://127.0.0.1:" + app.apiPort(), null);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.destroyForcibly();
        }
        api.close();
        app.close();
    }

    /** A stock client on the card (watch-closes.mjs); with {@code again}, a second one once the first is closed. */
    private ProcessOutput watch(String workspace, String card, boolean again) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "watch-closes.mjs")
                .directory(NodeTests.directory().toFile())
                .redirectErrorStream(true);
        builder.environment().put("CARD_URL_BASE", "ws://127.0.0.1:" + app.port() + "/ws/" + workspace);
        builder.environment().put("CARD", card);
        builder.environment().put("TOKEN", tokens.mint("ed", workspace, Role.EDITOR, Duration.ofHours(1)));
        builder.environment().put("AGAIN", again ? "1" : "0");
        client = builder.start();
        return ProcessOutput.of(client, "watch-closes");
    }

    private void ok(int status, HttpResponse<String> answer) {
        assertEquals(status, answer.statusCode(), answer.body());
    }

    @Test
    void a_deleted_card_closes_its_live_stock_client_with_4404_and_refuses_a_new_one_4404() throws Exception {
        ok(201, api.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"live\"}"));
        ok(201, api.post("/api/v1/workspaces/live/cards", ADMIN_TOKEN, "{\"id\": \"doomed\", \"title\": \"T\"}"));
        ProcessOutput output = watch("live", "doomed", true);
        await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("synced"));

        ok(204, api.delete("/api/v1/workspaces/live/cards/doomed", ADMIN_TOKEN));

        assertTrue(client.waitFor(30, TimeUnit.SECONDS), output::toString);
        output.awaitEnd(Duration.ofSeconds(10));
        assertEquals(0, client.exitValue(), output::toString);
        assertEquals("synced\nclose 4404 card deleted\nclose 4404 no such card\n", output.toString());
    }

    @Test
    void a_websocket_open_that_would_pass_the_quota_of_cards_is_closed_4403() throws Exception {
        ok(201, api.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"full\"}"));
        ok(201, api.post("/api/v1/workspaces/full/cards", ADMIN_TOKEN, "{\"id\": \"only\"}"));
        ok(200, api.send(api.request("/api/v1/workspaces/full", ADMIN_TOKEN).method("PATCH",
                HttpRequest.BodyPublishers.ofString("{\"quotas\": {\"maxCards\": 1}}"))));

        ProcessOutput output = watch("full", "one-too-many", false);

        assertTrue(client.waitFor(30, TimeUnit.SECONDS), output::toString);
        output.awaitEnd(Duration.ofSeconds(10));
        assertEquals("close 4403 workspace has reached its quota of 1 cards\n", output.toString());
        assertEquals(404, api.get("/api/v1/workspaces/full/cards/one-too-many", ADMIN_TOKEN).statusCode());
    }
}
