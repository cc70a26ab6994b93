package dev.promptcards.server.cli;

import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.app.AppStartException;
import dev.promptcards.server.testing.FrameRecorder;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStorage;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.BusLink;
import dev.promptcards.server.room.Limits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} runs, in this JVM: the server on a database, and its shutdown order. */
class RunningServerTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    /** Where dev mode keeps its secret (the cards are in {@link #DB}). */
    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sockets.forEach(WebSocket::abort);
        http.close();
    }

    private static ServeSettings settings(DatabaseConfig database, UpdateLogSettings log) {
        return settings(database, log, null);
    }

    private static ServeSettings settings(DatabaseConfig database, UpdateLogSettings log,
            String jwtSecret) {
        return new ServeSettings("127.0.0.1", 0, 0, true, dataDir,
                database.jdbcUrl(), database.user(), database.password(), null, BusLink.DEFAULT_SYNC_CHECK_INTERVAL, jwtSecret, null,
                Limits.defaults(), log, null, null, ServeCommand.DEFAULT_DATA_DIR.resolve("spill"), null,
                ProviderSettings.defaults(), null, null, null);
    }

    /** Starts and closes a server with these settings; returns the lines it printed. */
    private static List<String> printedLines(ServeSettings settings) {
        StringWriter printed = new StringWriter();
        RunningServer.start(settings, Authentication.of(settings), new PrintWriter(printed, true))
                .close();
        return printed.toString().lines().toList();
    }

    private static String portOf(List<String> printed) {
        return printed.stream().filter(line -> line.startsWith("promptcards is listening on "))
                .findFirst().orElseThrow().replaceFirst(".*:", "");
    }

    private WebSocket connect(String url, FrameRecorder recorder) {
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), recorder).join();
        sockets.add(socket);
        await().until(() -> recorder.frames.size() == 1);
        return socket;
    }

    private static byte[] edit(String text) {
        Doc doc = new Doc(5);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("template").insert(0, text);
        return updates.getFirst();
    }

    @Test
    void closing_stores_what_the_server_applied_before_the_database_goes() {
        // a long group commit window: the update is still waiting for its commit when close begins
        ServeSettings settings = settings(DB.config(),
                UpdateLogSettings.defaults().withGroupCommitWindow(Duration.ofMillis(500)));
        Authentication auth = Authentication.of(settings);
        StringWriter printed = new StringWriter();
        RunningServer running = RunningServer.start(settings, auth, new PrintWriter(printed, true));
        String url = running.webSocketBase() + "/dev/notes?token=" + auth.devToken();
        FrameRecorder writer = new FrameRecorder();
        FrameRecorder reader = new FrameRecorder();
        WebSocket writing = connect(url, writer);
        connect(url, reader);
        byte[] frame = Message.encode(Message.update(edit("stored on shutdown")));

        writing.sendBinary(ByteBuffer.wrap(frame), true).join();
        await().until(() -> reader.frames.size() == 2);
        running.close();

        assertArrayEquals(frame, reader.frames.get(1));
        assertEquals(1001, writer.closeCode.join());
        assertTrue(printed.toString().contains("  cards:     stored in " + DB.config().jdbcUrl()),
                printed.toString());
        try (Database database = DB.open();
                CardStorage storage = CardStorage.open(database, UpdateLogSettings.defaults())) {
            CardRef card = storage.cards().find("dev", "notes").orElseThrow();
            Doc stored = new Doc();
            Y.applyUpdate(stored, storage.log().load(card).update());
            assertEquals("stored on shutdown", stored.getText("template").toString());
            assertEquals("dev", storage.cards().list("dev").getFirst().createdBy());
        }
    }

    @Test
    void dev_mode_prints_the_editor_of_the_welcome_card_to_open_in_two_browsers() {
        List<String> printed = printedLines(settings(DB.config(), UpdateLogSettings.defaults()));

        String http = "http://127.0.0.1:" + portOf(printed) + "/";
        assertTrue(printed.contains("  open:      " + http + " (the page holds a dev token)"),
                String.join("\n", printed));
        assertTrue(printed.contains("  editor:    " + http
                + "w/dev/c/welcome (open it in two browsers to edit the card together)"),
                String.join("\n", printed));
        assertTrue(printed.contains("  signed with the dev secret kept in "
                + dataDir.resolve("dev-jwt-secret") + " (delete it to invalidate every dev token)"),
                String.join("\n", printed));
        assertTrue(printed.stream().anyMatch(line -> line.startsWith(
                "Dev mode: an editor's token for every card of workspace \"dev\", valid ")
                && line.endsWith(", across restarts:")), String.join("\n", printed));
    }

    @Test
    void jwt_mode_prints_the_pattern_of_a_card_editor_url_with_its_token() {
        List<String> printed = printedLines(settings(DB.config(), UpdateLogSettings.defaults(),
                "0123456789abcdef0123456789abcdef"));

        String http = "http://127.0.0.1:" + portOf(printed) + "/";
        assertTrue(printed.contains("  open:      " + http), String.join("\n", printed));
        assertTrue(printed.contains("  editor:    " + http + "w/{workspace}/c/{card}#token=JWT"),
                String.join("\n", printed));
    }

    @Test
    void serve_prints_the_api_url_and_writes_and_deletes_the_api_port_file() throws Exception {
        Path portFile = dataDir.resolve("port");
        Path apiPortFile = dataDir.resolve("api-port");
        DatabaseConfig database = DB.config();
        ServeSettings settings = new ServeSettings("127.0.0.1", 0, 0, true, dataDir, database.jdbcUrl(),
                database.user(), database.password(), null, BusLink.DEFAULT_SYNC_CHECK_INTERVAL, null, null, Limits.defaults(),
                UpdateLogSettings.defaults(), portFile, apiPortFile, dataDir.resolve("spill"), null,
                ProviderSettings.defaults(), null, null, null);
        StringWriter printed = new StringWriter();
        RunningServer running = RunningServer.start(settings, Authentication.of(settings),
                new PrintWriter(printed, true));
        int apiPort;
        try {
            apiPort = running.apiPort();
            String api = "http://127.0.0.1:" + apiPort + "/api/v1";
            assertTrue(printed.toString().lines().toList().contains("  API: " + api + "   described by: " + api
                    + "/openapi.json"), printed.toString());
            assertEquals(apiPort + "\n", Files.readString(apiPortFile));
            assertEquals(running.port() + "\n", Files.readString(portFile));
            HttpResponse<String> openApi = http.send(HttpRequest.newBuilder(URI.create(api + "/openapi.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, openApi.statusCode());
        } finally {
            running.close();
        }
        assertFalse(Files.exists(apiPortFile), "the API's port file is deleted on shutdown");
        assertFalse(Files.exists(portFile));
    }

    @Test
    void a_database_that_cannot_be_opened_fails_the_start_and_says_where() {
        ServeSettings settings = settings(
                new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2", "nobody",
                        null, 1), UpdateLogSettings.defaults());

        AppStartException e = assertThrows(AppStartException.class,
                () -> RunningServer.start(settings, Authentication.of(settings),
                        new PrintWriter(new StringWriter())));

        assertTrue(e.getMessage().startsWith("cannot open the database"
                + " (jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2 as nobody): "), e.getMessage());
    }
}
