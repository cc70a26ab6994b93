package dev.promptcards.server.api;

import static dev.promptcards.persistence.jooq.Tables.AUDIT_LOG;
import static dev.promptcards.persistence.jooq.Tables.CARDS;
import static dev.promptcards.server.api.ApiClient.error;
import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The card endpoints over HTTP on the real stores and rooms: listing (search, paging, newest first), creation
 * (with or without an id, with content as one edit, conflicts, bad bodies, the quota), the card JSON, soft delete
 * and restore (the same content), and who may do what. (Live connections closed by a delete: CardDeleteLiveTest.)
 */
class CardEndpointsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    private static final AtomicInteger WORKSPACES = new AtomicInteger();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FULL_CARD = """
            {"id": "greeting", "title": "Greeting", "description": "Says hello", "system": "Be brief.",
             "template": "Say hello to {{name}}",
             "model": {"provider": "echo", "model": "echo-1", "temperature": 0.5, "maxTokens": 64},
             "tests": [{"id": "t1", "description": "Ada", "vars": {"name": "Ada"}, "expected": "Hello Ada",
                        "assert": [{"type": "contains", "value": "Ada", "weight": 2.0},
                                   {"type": "levenshtein", "value": "Hello Ada", "threshold": 3.0},
                                   {"type": "is-json", "value": {"required": ["a"], "n": 1}}],
                        "threshold": 0.5}]}""";

    private final ApiTokens tokens = new ApiTokens();
    private TestStorage storage;
    private RoomRegistry rooms;
    private ApiServer server;
    private ApiClient client;
    private Database database;

    @BeforeEach
    void start() {
        storage = TestStorage.open(DB);
        rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());
        database = storage.database();
        AdminServices admin = TestAdminServices.of(storage, rooms, ADMIN_TOKEN, tokens.minter());
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(), new RecordingRunService(),
                admin, new ServerMetrics().registry());
        client = new ApiClient("http://127.0.0.1:" + server.port(), null);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        rooms.close();
        storage.close();
    }

    private static String newWorkspace(ApiClient client) {
        String id = "ws-" + WORKSPACES.incrementAndGet() + "-" + System.nanoTime();
        HttpResponse<String> created = client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"" + id + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return id;
    }

    private String key(String workspace, String role) {
        HttpResponse<String> created = client.post("/api/v1/workspaces/" + workspace + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"k\", \"role\": \"" + role + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).get("key").asText();
    }

    private static String cards(String workspace) {
        return "/api/v1/workspaces/" + workspace + "/cards";
    }

    private HttpResponse<String> create(String workspace, String credential, String body) {
        return client.post(cards(workspace), credential, body);
    }

    private List<String> ids(HttpResponse<String> listed) {
        assertEquals(200, listed.statusCode(), listed.body());
        List<String> ids = new ArrayList<>();
        json(listed).get("cards").forEach(card -> ids.add(card.get("id").asText()));
        return ids;
    }

    /** The answer without its times, which are checked to be instants and removed. */
    private static JsonNode withoutTimes(JsonNode card) {
        ObjectNode copy = card.deepCopy();
        OffsetDateTime.parse(copy.remove("createdAt").asText());
        OffsetDateTime.parse(copy.remove("updatedAt").asText());
        return copy;
    }

    private void updatedAt(String workspace, String card, String at) {
        database.dsl().update(CARDS).set(CARDS.UPDATED_AT, OffsetDateTime.parse(at))
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.NAME.eq(card)).execute();
    }

    private List<String> audited(String workspace) {
        return database.dsl().select(AUDIT_LOG.ACTION, AUDIT_LOG.TARGET).from(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE.eq(workspace), AUDIT_LOG.ACTION.like("card.%"))
                .orderBy(AUDIT_LOG.ID).fetch(r -> r.value1() + " " + r.value2());
    }

    @Test
    void a_card_created_with_content_answers_201_with_the_card_json_and_reads_back_the_same() throws Exception {
        String ws = newWorkspace(client);

        HttpResponse<String> created = create(ws, ADMIN_TOKEN, FULL_CARD);
        HttpResponse<String> read = client.get(cards(ws) + "/greeting", ADMIN_TOKEN);

        assertEquals(201, created.statusCode(), created.body());
        assertEquals(cards(ws) + "/greeting", created.headers().firstValue("location").orElseThrow());
        JsonNode expected = MAPPER.readTree("""
                {"id": "greeting", "workspace": "%s", "title": "Greeting", "description": "Says hello",
                 "system": "Be brief.", "template": "Say hello to {{name}}",
                 "model": {"provider": "echo", "model": "echo-1", "temperature": 0.5, "maxTokens": 64},
                 "tests": [{"id": "t1", "description": "Ada", "vars": {"name": "Ada"}, "expected": "Hello Ada",
                            "assert": [{"type": "contains", "value": "Ada", "weight": 2.0},
                                       {"type": "levenshtein", "value": "Hello Ada", "threshold": 3.0},
                                       {"type": "is-json", "value": {"required": ["a"], "n": 1}}],
                            "threshold": 0.5}],
                 "createdBy": "operator"}""".formatted(ws));
        assertEquals(expected, withoutTimes(json(created)));
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(expected, withoutTimes(json(read)));
        // the content is in the live card, as a client sees it
        assertEquals("Say hello to {{name}}", rooms.cardEditor().edit(new CardKey(ws, "greeting"), Author.SERVER,
                doc -> doc.getText("template").toString()).get(10, TimeUnit.SECONDS));
        assertEquals(List.of("card.create greeting"), audited(ws));
    }

    @Test
    void a_card_created_without_an_id_gets_one_and_an_empty_body_makes_an_empty_card() throws Exception {
        String ws = newWorkspace(client);
        String editor = key(ws, "editor");

        HttpResponse<String> created = create(ws, editor, "");

        assertEquals(201, created.statusCode(), created.body());
        JsonNode card = json(created);
        String id = card.get("id").asText();
        assertTrue(id.matches("[a-z0-9]{12}"), id);
        assertEquals(cards(ws) + "/" + id, created.headers().firstValue("location").orElseThrow());
        String keyId = database.dsl().fetchValue("select id from api_keys where workspace = ?", ws).toString();
        assertEquals(MAPPER.readTree("""
                {"id": "%s", "workspace": "%s", "title": "", "description": "", "system": "", "template": "",
                 "model": {"provider": null, "model": null, "temperature": null, "maxTokens": null},
                 "tests": [], "createdBy": "api-key:%s"}""".formatted(id, ws, keyId)), withoutTimes(card));
        assertEquals(List.of(id), ids(client.get(cards(ws), editor)));
    }

    @Test
    void cards_are_listed_newest_update_first_searched_by_title_or_id_and_paged() {
        String ws = newWorkspace(client);
        String viewer = key(ws, "viewer");
        create(ws, ADMIN_TOKEN, "{\"id\": \"alpha\", \"title\": \"Weather report\"}");
        create(ws, ADMIN_TOKEN, "{\"id\": \"beta\", \"title\": \"Greeting\"}");
        create(ws, ADMIN_TOKEN, "{\"id\": \"gamma-weather\", \"title\": \"Other\"}");
        create(ws, ADMIN_TOKEN, "{\"id\": \"delta\", \"title\": \"Gone weather\"}");
        updatedAt(ws, "alpha", "2026-01-01T10:00:00Z");
        updatedAt(ws, "beta", "2026-01-01T12:00:00Z");
        updatedAt(ws, "gamma-weather", "2026-01-01T11:00:00Z");
        client.delete(cards(ws) + "/delta", ADMIN_TOKEN);

        HttpResponse<String> all = client.get(cards(ws), viewer);
        HttpResponse<String> first = client.get(cards(ws) + "?limit=2", viewer);
        HttpResponse<String> second = client.get(cards(ws) + "?limit=2&offset=2", viewer);
        HttpResponse<String> weather = client.get(cards(ws) + "?q=WEATHER", viewer);

        assertEquals(List.of("beta", "gamma-weather", "alpha"), ids(all));
        assertEquals(List.of("beta", "gamma-weather"), ids(first));
        assertEquals(List.of("alpha"), ids(second));
        assertEquals(List.of("gamma-weather", "alpha"), ids(weather));
        JsonNode page = json(first);
        assertEquals(List.of(0, 2, true), List.of(page.get("offset").asInt(), page.get("limit").asInt(),
                page.get("more").asBoolean()));
        JsonNode last = json(second);
        assertEquals(List.of(2, 2, false), List.of(last.get("offset").asInt(), last.get("limit").asInt(),
                last.get("more").asBoolean()));
        assertEquals(50, json(all).get("limit").asInt());
        JsonNode beta = json(all).get("cards").get(0);
        assertEquals(List.of("id", "title", "createdBy", "createdAt", "updatedAt"), fieldNames(beta));
        assertEquals(List.of("beta", "Greeting", "operator", "2026-01-01T12:00:00Z"), List.of(beta.get("id").asText(),
                beta.get("title").asText(), beta.get("createdBy").asText(), beta.get("updatedAt").asText()));
        HttpResponse<String> badLimit = client.get(cards(ws) + "?limit=501", viewer);
        assertEquals(400, badLimit.statusCode());
        assertEquals(error("limit must be a whole number from 1 to 500, not '501'"), badLimit.body());
        assertEquals(error("offset must be a whole number from 0 to 2147483647, not '-1'"),
                client.get(cards(ws) + "?offset=-1", viewer).body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void an_id_taken_is_409_and_a_deleted_ones_409_says_to_restore_it() {
        String ws = newWorkspace(client);
        create(ws, ADMIN_TOKEN, "{\"id\": \"taken\"}");
        create(ws, ADMIN_TOKEN, "{\"id\": \"gone\"}");
        client.delete(cards(ws) + "/gone", ADMIN_TOKEN);

        HttpResponse<String> again = create(ws, ADMIN_TOKEN, "{\"id\": \"taken\", \"title\": \"New\"}");
        HttpResponse<String> deleted = create(ws, ADMIN_TOKEN, "{\"id\": \"gone\"}");

        assertEquals(409, again.statusCode());
        assertEquals(error("card 'taken' exists in workspace '" + ws + "'"), again.body());
        assertEquals(409, deleted.statusCode());
        assertEquals(error("card 'gone' of workspace '" + ws + "' was deleted: restore it (POST /api/v1/workspaces/"
                + ws + "/cards/gone/restore) or choose another id"), deleted.body());
        assertEquals("", json(client.get(cards(ws) + "/taken", ADMIN_TOKEN)).get("title").asText());
    }

    @Test
    void a_bad_body_is_400_naming_the_field_and_creates_nothing() {
        String ws = newWorkspace(client);

        assertEquals(error("id 'a b' is not a card id: use 1 to 128 letters, digits, '.', '_' or '-', or leave it"
                + " out for one the server picks"), create(ws, ADMIN_TOKEN, "{\"id\": \"a b\"}").body());
        assertEquals(error("unknown field 'owner': it takes id, title, description, system, template, model, tests"),
                create(ws, ADMIN_TOKEN, "{\"owner\": 1}").body());
        assertEquals(error("field 'tests' must be a list of test cases, not an object"),
                create(ws, ADMIN_TOKEN, "{\"tests\": {}}").body());
        assertEquals(error("field 'tests[0].assert[0].type' is required: promptfoo's assertion type, such as"
                + " contains"), create(ws, ADMIN_TOKEN, "{\"tests\": [{\"assert\": [{\"value\": 1}]}]}").body());
        assertEquals(error("field 'model.temperature' must be a number, not a string"),
                create(ws, ADMIN_TOKEN, "{\"model\": {\"temperature\": \"hot\"}}").body());
        HttpResponse<String> vars = create(ws, ADMIN_TOKEN, "{\"tests\": [{\"vars\": {\"n\": 1}}]}");
        assertEquals(400, vars.statusCode());
        assertEquals(error("field 'tests[0].vars.n' must be a string, not a number"), vars.body());
        assertEquals(List.of(), ids(client.get(cards(ws), ADMIN_TOKEN)));
        assertEquals(List.of(), audited(ws));
    }

    @Test
    void the_workspaces_quota_of_cards_is_403_on_create_and_restore() {
        String ws = newWorkspace(client);
        create(ws, ADMIN_TOKEN, "{\"id\": \"one\"}");
        create(ws, ADMIN_TOKEN, "{\"id\": \"two\"}");
        client.delete(cards(ws) + "/two", ADMIN_TOKEN);
        HttpResponse<String> quota = client.send(client.request("/api/v1/workspaces/" + ws, ADMIN_TOKEN)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"quotas\": {\"maxCards\": 1}}")));
        assertEquals(200, quota.statusCode(), quota.body());

        HttpResponse<String> refused = create(ws, ADMIN_TOKEN, "{\"id\": \"three\", \"title\": \"T\"}");
        HttpResponse<String> refusedWithoutId = create(ws, ADMIN_TOKEN, "");
        HttpResponse<String> restore = client.post(cards(ws) + "/two/restore", ADMIN_TOKEN, "");

        String message = error("workspace '" + ws + "' has reached its quota of 1 cards (max_cards); delete a card or"
                + " ask the operator to raise it");
        assertEquals(403, refused.statusCode());
        assertEquals(message, refused.body());
        assertEquals(message, refusedWithoutId.body());
        assertEquals(403, restore.statusCode());
        assertEquals(message, restore.body());
        assertEquals(List.of("one"), ids(client.get(cards(ws), ADMIN_TOKEN)));
    }

    @Test
    void a_deleted_card_is_404_and_unlisted_and_its_restore_brings_back_the_same_content() throws Exception {
        String ws = newWorkspace(client);
        CardKey card = new CardKey(ws, "greeting");
        JsonNode created = json(create(ws, ADMIN_TOKEN, FULL_CARD));
        byte[] before = rooms.cardEditor().edit(card, Author.SERVER, Y::encodeStateAsUpdate).get(10, TimeUnit.SECONDS);

        HttpResponse<String> deleted = client.delete(cards(ws) + "/greeting", ADMIN_TOKEN);
        HttpResponse<String> read = client.get(cards(ws) + "/greeting", ADMIN_TOKEN);
        HttpResponse<String> again = client.delete(cards(ws) + "/greeting", ADMIN_TOKEN);
        List<String> listed = ids(client.get(cards(ws), ADMIN_TOKEN));
        HttpResponse<String> restored = client.post(cards(ws) + "/greeting/restore", ADMIN_TOKEN, "");
        HttpResponse<String> twice = client.post(cards(ws) + "/greeting/restore", ADMIN_TOKEN, "");
        HttpResponse<String> never = client.post(cards(ws) + "/never-was/restore", ADMIN_TOKEN, "");

        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(404, read.statusCode());
        assertEquals(error("no card 'greeting' in workspace '" + ws + "'"), read.body());
        assertEquals(404, again.statusCode());
        assertEquals(List.of(), listed);
        assertEquals(200, restored.statusCode(), restored.body());
        assertEquals(withoutTimes(created), withoutTimes(json(restored)));
        assertEquals(409, twice.statusCode());
        assertEquals(error("card 'greeting' of workspace '" + ws + "' is not deleted"), twice.body());
        assertEquals(404, never.statusCode());
        assertEquals(error("no card 'never-was' in workspace '" + ws + "'"), never.body());
        assertArrayEquals(before, rooms.cardEditor().edit(card, Author.SERVER, Y::encodeStateAsUpdate)
                .get(10, TimeUnit.SECONDS));
        assertEquals(List.of("greeting"), ids(client.get(cards(ws), ADMIN_TOKEN)));
        assertEquals(List.of("card.create greeting", "card.delete greeting", "card.restore greeting"), audited(ws));
    }

    @Test
    void a_viewer_key_cannot_create_delete_or_restore_and_another_workspaces_key_reaches_nothing() {
        String ws = newWorkspace(client);
        String other = newWorkspace(client);
        create(ws, ADMIN_TOKEN, "{\"id\": \"kept\"}");
        String viewer = key(ws, "viewer");
        String otherAdmin = key(other, "admin");

        HttpResponse<String> viewerCreates = create(ws, viewer, "{\"id\": \"x\"}");
        HttpResponse<String> viewerDeletes = client.delete(cards(ws) + "/kept", viewer);
        HttpResponse<String> viewerRestores = client.post(cards(ws) + "/kept/restore", viewer, "");
        HttpResponse<String> viewerReads = client.get(cards(ws) + "/kept", viewer);

        assertEquals(403, viewerCreates.statusCode());
        assertEquals(error("this API key's role is viewer: creating a card needs a key with role editor or the"
                + " operator's admin token"), viewerCreates.body());
        assertEquals(403, viewerDeletes.statusCode());
        assertEquals(error("this API key's role is viewer: deleting the card needs a key with role editor or the"
                + " operator's admin token"), viewerDeletes.body());
        assertEquals(403, viewerRestores.statusCode());
        assertEquals(200, viewerReads.statusCode());
        String elsewhere = error("this API key is for workspace '" + other + "', not '" + ws + "'");
        for (HttpResponse<String> answer : List.of(client.get(cards(ws), otherAdmin),
                create(ws, otherAdmin, "{\"id\": \"x\"}"), client.get(cards(ws) + "/kept", otherAdmin),
                client.delete(cards(ws) + "/kept", otherAdmin),
                client.post(cards(ws) + "/kept/restore", otherAdmin, ""))) {
            assertEquals(403, answer.statusCode(), answer.body());
            assertEquals(elsewhere, answer.body());
        }
        assertEquals(List.of("kept"), ids(client.get(cards(ws), ADMIN_TOKEN)));
        assertEquals(List.of("card.create kept"), audited(ws));
    }

    @Test
    void a_card_token_for_every_card_lists_and_creates_and_one_naming_cards_reaches_only_those() {
        if (!database.dsl().fetchExists(database.dsl().selectOne().from("workspaces").where("id = 'w'"))) {
            assertEquals(201, client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"w\"}").statusCode());
        }
        create("w", ADMIN_TOKEN, "{\"id\": \"a\", \"title\": \"Card A\"}");
        create("w", ADMIN_TOKEN, "{\"id\": \"b\"}");

        HttpResponse<String> created = create("w", tokens.editor(), "{\"title\": \"By a token\"}");
        HttpResponse<String> listed = client.get(cards("w") + "?q=token", tokens.editor());
        HttpResponse<String> viewerCreates = create("w", tokens.viewer(), "{}");
        HttpResponse<String> namedLists = client.get(cards("w"), tokens.editorOfCardA());
        HttpResponse<String> namedReadsA = client.get(cards("w") + "/a", tokens.editorOfCardA());
        HttpResponse<String> namedReadsB = client.get(cards("w") + "/b", tokens.editorOfCardA());
        HttpResponse<String> otherWorkspace = client.get(cards("w"), tokens.editorOfOtherWorkspace());

        assertEquals(201, created.statusCode(), created.body());
        assertEquals("ed", json(created).get("createdBy").asText());
        assertEquals(List.of(json(created).get("id").asText()), ids(listed));
        assertEquals(403, viewerCreates.statusCode());
        assertEquals(error("this token's role is viewer: creating a card needs an editor's token for the card"),
                viewerCreates.body());
        assertEquals(403, namedLists.statusCode());
        assertEquals(error("listing the cards needs a token for every card of the workspace (\"cards\": \"*\"), a"
                + " workspace API key or the operator's admin token"), namedLists.body());
        assertEquals("Card A", json(namedReadsA).get("title").asText());
        assertEquals(403, namedReadsB.statusCode());
        assertEquals(403, otherWorkspace.statusCode());
        assertEquals(error("this token is for workspace 'other', not 'w': use a token issued for workspace 'w'"),
                otherWorkspace.body());
        client.delete(cards("w") + "/a", ADMIN_TOKEN);
        client.delete(cards("w") + "/b", ADMIN_TOKEN);
        client.delete(cards("w") + "/" + json(created).get("id").asText(), ADMIN_TOKEN);
    }
}
