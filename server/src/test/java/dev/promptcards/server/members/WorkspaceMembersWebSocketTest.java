package dev.promptcards.server.members;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.sync.Message;
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
import dev.promptcards.server.net.WsClient;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.Room;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace members on the WebSocket, through the composition root (real PostgreSQL, Netty, rooms, the API):
 * a member demoted to viewer loses write on its open connection at once, a removed one is closed 4403 and
 * refused after, a workspace without members takes every token at its own role, and another node (a second
 * process on the same database) follows within its refresh.
 */
class WorkspaceMembersWebSocketTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    private static final AtomicInteger WORKSPACES = new AtomicInteger();
    /** What a read-only connection's update gets: one permission-denied auth message. */
    private static final byte[] DENIED = Message.encode(Message.permissionDenied(Room.READ_ONLY_REASON));

    @TempDir
    Path dir;

    private final DevTokens tokens = new DevTokens(new SecureRandom(), Clock.systemUTC());
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<PromptcardsApp> apps = new ArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() {
        clients.forEach(WsClient::close);
        apps.forEach(PromptcardsApp::close);
        http.close();
    }

    private PromptcardsApp start(String name) {
        DatabaseConfig db = DB.config();
        DatabaseSettings database = new DatabaseSettings(dir.resolve(name), db.jdbcUrl(), db.user(), db.password(),
                "the test database", UpdateLogSettings.defaults());
        AppConfig config = new AppConfig("127.0.0.1", 0, 0, Limits.defaults(), null, database,
                dir.resolve(name + "-spill"), BusSettings.singleNode(), tokens.verifier(), null,
                ProviderSettings.defaults(), null, ADMIN_TOKEN, null);
        PromptcardsApp app = PromptcardsApp.start(config, new PrintWriter(new StringWriter()));
        apps.add(app);
        return app;
    }

    private HttpResponse<String> api(PromptcardsApp app, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String newWorkspace(PromptcardsApp app) throws Exception {
        String id = "wsm-" + WORKSPACES.incrementAndGet() + "-" + System.nanoTime();
        assertEquals(201, api(app, "POST", "/api/v1/workspaces", "{\"id\": \"" + id + "\"}").statusCode());
        return id;
    }

    private int putMember(PromptcardsApp app, String workspace, String subject, String role) throws Exception {
        return api(app, "PUT", "/api/v1/workspaces/" + workspace + "/members/" + subject,
                "{\"role\": \"" + role + "\"}").statusCode();
    }

    private WsClient connect(PromptcardsApp app, CardKey card, String subject, Role role) {
        String token = tokens.mint(subject, card.workspace(), role, Duration.ofHours(1));
        WsClient client = WsClient.connect(http, URI.create("ws://127.0.0.1:" + app.port() + "/ws/"
                + card.workspace() + "/" + card.card() + "?token=" + token));
        clients.add(client);
        return client;
    }

    /** A client's own document: each of its edits as the update frame a Yjs client sends. */
    private static final class Editor {
        private final Doc doc = new Doc();

        byte[] type(String text) {
            List<byte[]> updates = new ArrayList<>();
            Runnable off = doc.onUpdate((update, origin, transaction) -> updates.add(update));
            doc.getText("template").insert(doc.getText("template").length(), text);
            off.run();
            return Message.encode(Message.update(updates.getFirst()));
        }
    }

    /** Waits for a frame equal to {@code expected} among what the client receives (others' updates pass by). */
    private static void awaitFrame(WsClient client, byte[] expected) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (Arrays.equals(expected, client.next())) {
                return;
            }
        }
        throw new AssertionError("the frame never came");
    }

    private static String template(PromptcardsApp app, CardKey card) throws Exception {
        return app.cardEditor().edit(card, Author.SERVER, doc -> doc.getText("template").toString())
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void an_editor_demoted_to_viewer_has_its_next_update_refused_and_not_stored_while_another_editor_writes()
            throws Exception {
        PromptcardsApp app = start("node");
        String workspace = newWorkspace(app);
        CardKey card = new CardKey(workspace, "c");
        assertEquals(201, putMember(app, workspace, "ada", "editor"));
        assertEquals(201, putMember(app, workspace, "bob", "editor"));
        WsClient ada = connect(app, card, "ada", Role.EDITOR);
        Editor adaDoc = new Editor();
        ada.next(); // SyncStep1: the card exists (ada's join created it)
        WsClient bob = connect(app, card, "bob", Role.EDITOR);
        Editor bobDoc = new Editor();
        bob.next();
        ada.send(adaDoc.type("A"));
        await().atMost(Duration.ofSeconds(10)).until(() -> template(app, card).contains("A"));

        assertEquals(200, putMember(app, workspace, "ada", "viewer"));
        ada.send(adaDoc.type("X"));
        awaitFrame(ada, DENIED);
        bob.send(bobDoc.type("B"));
        await().atMost(Duration.ofSeconds(10)).until(() -> template(app, card).contains("B"));

        assertFalse(template(app, card).contains("X"), () -> "refused update applied");
        assertFalse(ada.isClosed());
        // and not stored: the card as the next start reads it from PostgreSQL
        clients.forEach(WsClient::close);
        app.close();
        PromptcardsApp again = start("again");
        String stored = template(again, card);
        assertTrue(stored.contains("A") && stored.contains("B") && !stored.contains("X"), stored);
    }

    @Test
    void a_removed_member_is_closed_4403_and_refused_after_and_a_subject_not_a_member_never_gets_in()
            throws Exception {
        PromptcardsApp app = start("node");
        String workspace = newWorkspace(app);
        CardKey card = new CardKey(workspace, "c");
        assertEquals(201, putMember(app, workspace, "ada", "editor"));
        assertEquals(201, putMember(app, workspace, "carol", "admin"));
        WsClient ada = connect(app, card, "ada", Role.EDITOR);
        ada.next();
        WsClient carol = connect(app, card, "carol", Role.EDITOR);
        carol.next();

        assertEquals(204, api(app, "DELETE", "/api/v1/workspaces/" + workspace + "/members/ada", null).statusCode());

        assertEquals(new WsClient.Closed(4403, "not a member of this workspace"), ada.closed());
        assertEquals(new WsClient.Closed(4403, "not a member of this workspace"),
                connect(app, card, "ada", Role.EDITOR).closed());
        assertEquals(new WsClient.Closed(4403, "not a member of this workspace"),
                connect(app, card, "eve", Role.VIEWER).closed());
        Editor carolDoc = new Editor();
        carol.send(carolDoc.type("still here"));
        await().atMost(Duration.ofSeconds(10)).until(() -> template(app, card).contains("still here"));
        assertFalse(carol.isClosed());
    }

    @Test
    void a_workspace_without_members_takes_every_token_at_its_role_until_its_first_member_closes_it()
            throws Exception {
        PromptcardsApp app = start("node");
        String workspace = newWorkspace(app);
        CardKey card = new CardKey(workspace, "c");
        WsClient editor = connect(app, card, "anyone", Role.EDITOR);
        editor.next();
        WsClient viewer = connect(app, card, "someone", Role.VIEWER);
        viewer.next();
        editor.send(new Editor().type("open"));
        await().atMost(Duration.ofSeconds(10)).until(() -> template(app, card).contains("open"));
        viewer.send(new Editor().type("no"));
        awaitFrame(viewer, DENIED);

        assertEquals(201, putMember(app, workspace, "zed", "editor"));

        assertEquals(new WsClient.Closed(4403, "not a member of this workspace"), editor.closed());
        assertEquals(new WsClient.Closed(4403, "not a member of this workspace"), viewer.closed());
        assertEquals("open", template(app, card));
    }

    @Test
    void another_node_follows_a_change_within_its_refresh() throws Exception {
        PromptcardsApp first = start("first");
        PromptcardsApp second = start("second");
        String workspace = newWorkspace(first);
        CardKey card = new CardKey(workspace, "c");
        assertEquals(201, putMember(first, workspace, "ada", "editor"));
        assertEquals(201, putMember(first, workspace, "bob", "editor"));
        WsClient ada = connect(second, card, "ada", Role.EDITOR);
        ada.next();
        WsClient bob = connect(second, card, "bob", Role.EDITOR);
        bob.next();
        Editor adaDoc = new Editor();
        ada.send(adaDoc.type("A"));
        await().atMost(Duration.ofSeconds(10)).until(() -> template(second, card).contains("A"));

        assertEquals(200, putMember(first, workspace, "ada", "viewer"));
        assertEquals(204, api(first, "DELETE", "/api/v1/workspaces/" + workspace + "/members/bob", null)
                .statusCode());

        // Memberships.DEFAULT_REFRESH (5 s) plus a query
        long started = System.nanoTime();
        WsClient.Closed closed = bob.closed();
        assertEquals(new WsClient.Closed(4403, "not a member of this workspace"), closed);
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(7));
        ada.send(adaDoc.type("X"));
        awaitFrame(ada, DENIED);
        assertFalse(template(second, card).contains("X"));
    }
}
