package dev.promptcards.server.app;

import dev.promptcards.runner.provider.ProviderSettings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.card.schema.Run;
import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.runner.run.CancelOutcome;
import dev.promptcards.runner.run.InvalidRunRequestException;
import dev.promptcards.runner.run.QueuedRun;
import dev.promptcards.runner.run.RunRequest;
import dev.promptcards.runner.run.RunService;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.NodeTests;
import dev.promptcards.server.e2e.ProcessOutput;
import dev.promptcards.server.room.Limits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composition root with its real parts (PostgreSQL, Netty, rooms) in this JVM: a server-side edit made
 * through its card editor reaches the stock Yjs clients on the card and the storage, as a client's would.
 */
class PromptcardsAppTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("w", "server-edits");

    @TempDir
    Path dir;

    private final DevTokens tokens = new DevTokens(new SecureRandom(), Clock.systemUTC());
    private PromptcardsApp app;
    private Process watchers;

    @AfterEach
    void tearDown() {
        if (watchers != null) {
            watchers.destroyForcibly();
        }
        if (app != null) {
            app.close();
        }
    }

    private PromptcardsApp start() {
        DatabaseConfig db = DB.config();
        DatabaseSettings database = new DatabaseSettings(dir.resolve("data"), db.jdbcUrl(), db.user(), db.password(),
                "the test database", UpdateLogSettings.defaults());
        AppConfig config = new AppConfig("127.0.0.1", 0, 0, Limits.defaults(), null, database, dir.resolve("spill"),
                BusSettings.singleNode(), tokens.verifier(), null, ProviderSettings.defaults(), null, null, null);
        return PromptcardsApp.start(config, new PrintWriter(new StringWriter()));
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_api_listens_beside_the_websocket_listener_and_pages_find_it_there() throws Exception {
        app = start();
        String token = tokens.mint("ed", "w", Role.EDITOR, Duration.ofHours(1));

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> listed = get(http, "http://127.0.0.1:" + app.apiPort()
                    + "/api/v1/workspaces/w/cards/never-made/runs", token);
            HttpResponse<String> config = get(http, "http://127.0.0.1:" + app.port() + "/client-config.json", null);

            assertEquals(404, listed.statusCode(), listed.body());
            // ProviderSettings.defaults(): no keys, so echo and ollama
            assertEquals("{\"apiUrl\":\"http://127.0.0.1:" + app.apiPort() + "/api/v1\",\"providers\":[\"echo\",\"ollama\"]}",
                    config.body());
        }
    }

    /** Two stock clients on the card, waiting for its template to read {@code expected} (watch-text.mjs). */
    private ProcessOutput watch(String expected) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "watch-text.mjs")
                .directory(NodeTests.directory().toFile())
                .redirectErrorStream(true);
        builder.environment().put("CARD_URL_BASE", "ws://127.0.0.1:" + app.port() + "/ws/" + CARD.workspace());
        builder.environment().put("CARD", CARD.card());
        builder.environment().put("TOKEN", tokens.mint("ed", CARD.workspace(), Role.EDITOR, Duration.ofHours(1)));
        builder.environment().put("CLIENTS", "2");
        builder.environment().put("EXPECTED", expected);
        watchers = builder.start();
        return ProcessOutput.of(watchers, "watch-text");
    }

    @Test
    void a_server_side_edit_reaches_the_connected_stock_clients_and_the_storage() throws Exception {
        app = start();
        ProcessOutput clients = watch("written by run r-1");
        // the first editor to join creates the card
        await().atMost(Duration.ofSeconds(30)).until(() -> clients.toString().contains("synced"));

        app.cardEditor().edit(CARD, Author.run("r-1"), doc -> {
            doc.getText("template").insert(0, "written by run r-1");
            return null;
        }).get(10, TimeUnit.SECONDS);

        assertTrue(watchers.waitFor(30, TimeUnit.SECONDS), clients::toString);
        assertEquals(0, watchers.exitValue(), clients::toString);
        assertTrue(clients.toString().contains("seen"), clients::toString);

        app.close();
        app = start();
        assertEquals("written by run r-1", app.cardEditor()
                .edit(CARD, Author.SERVER, doc -> doc.getText("template").toString()).get(10, TimeUnit.SECONDS));
    }

    @Test
    void a_promptfoo_import_over_the_api_reaches_the_connected_stock_clients_live() throws Exception {
        app = start();
        ProcessOutput clients = watch("Answer in one word: {{question}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> clients.toString().contains("synced"));
        String config = "description: Quiz\nprompts: ['Answer in one word: {{question}}']\ntests:\n"
                + "  - vars: {question: 'Capital of France?'}\n    assert: [{type: icontains, value: paris}]\n";

        HttpResponse<String> imported;
        try (HttpClient http = HttpClient.newHttpClient()) {
            imported = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort()
                            + "/api/v1/workspaces/" + CARD.workspace() + "/cards/" + CARD.card() + "/promptfoo"))
                    .header("Authorization", "Bearer " + tokens.mint("ed", CARD.workspace(), Role.EDITOR,
                            Duration.ofHours(1)))
                    .PUT(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
        }

        assertEquals(200, imported.statusCode(), imported.body());
        assertTrue(watchers.waitFor(30, TimeUnit.SECONDS), clients::toString);
        assertEquals(0, watchers.exitValue(), clients::toString);
        assertEquals("Quiz", app.cardEditor().edit(CARD, Author.SERVER, doc -> doc.getText("title").toString())
                .get(10, TimeUnit.SECONDS));
    }

    @Test
    void a_server_side_edit_of_a_card_that_does_not_exist_fails_and_creates_nothing() {
        app = start();
        CardKey missing = new CardKey("w", "never-made");

        CompletionException e = assertThrows(CompletionException.class,
                () -> app.cardEditor().edit(missing, Author.run("r-2"), doc -> {
                    doc.getText("template").insert(0, "lost?");
                    return null;
                }).join());

        assertEquals("no such card w/never-made", assertInstanceOf(NoSuchCardException.class, e.getCause()).getMessage());
        // the card's room is unloaded at once, not kept for the grace
        await().atMost(Duration.ofSeconds(10)).until(() -> app.rooms().roomCount() == 0);
    }
}
