package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.error;
import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.admin.ApiKeyStore;
import dev.promptcards.persistence.admin.AuditLog;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.runner.promptfoo.PromptfooImport;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin endpoints over HTTP on the real stores: the operator creates workspaces; API keys are created,
 * listed without their secret, used, revoked (401 from then on); a key reaches only its own workspace and a
 * lesser role cannot act as an admin; every change is in the workspace's audit log, whose chain verifies.
 */
class AdminEndpointsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    private static final AtomicInteger WORKSPACES = new AtomicInteger();

    private final ApiTokens tokens = new ApiTokens();
    private TestStorage storage;
    private RoomRegistry rooms;
    private Memberships members;
    private ApiServer server;
    private ApiClient client;

    @BeforeEach
    void start() {
        storage = TestStorage.open(DB);
        rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());
        Database database = storage.database();
        members = Memberships.start(new WorkspaceStore(database.dsl()), Memberships.DEFAULT_REFRESH);
        AdminServices admin = new AdminServices(new WorkspaceStore(database.dsl()), new ApiKeyStore(database.dsl()),
                new AuditLog(database.dsl()), rooms.cardEditor(), ADMIN_TOKEN, tokens.minter(), usage(database),
                members, null, null, null);
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(), new RecordingRunService(),
                admin, new ServerMetrics().registry());
        client = new ApiClient("http://127.0.0.1:" + server.port(), null);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        members.close();
        rooms.close();
        storage.close();
    }

    /** The usage of a server without a WebSocket listener. */
    private static WorkspaceUsage usage(Database database) {
        return TestAdminServices.usage(database);
    }

    /** A workspace of its own for each test (the database is shared by the class). */
    private static String newWorkspaceId() {
        return "ws-" + WORKSPACES.incrementAndGet() + "-" + System.nanoTime();
    }

    private HttpResponse<String> createWorkspace(String id) {
        return client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"" + id + "\", \"name\": \"Acme\"}");
    }

    private String createKey(String workspace, String credential, String role) {
        HttpResponse<String> created = client.post("/api/v1/workspaces/" + workspace + "/api-keys", credential,
                "{\"name\": \"ci\", \"role\": \"" + role + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).get("key").asText();
    }

    private HttpResponse<String> patch(String path, String credential, String body) {
        return client.send(client.request(path, credential).method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void the_operator_creates_a_workspace_once_and_reads_it() {
        String id = newWorkspaceId();

        HttpResponse<String> created = createWorkspace(id);
        HttpResponse<String> again = createWorkspace(id);
        HttpResponse<String> read = client.get("/api/v1/workspaces/" + id, ADMIN_TOKEN);

        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/api/v1/workspaces/" + id, created.headers().firstValue("location").orElseThrow());
        assertEquals(409, again.statusCode());
        assertEquals(error("workspace '" + id + "' exists"), again.body());
        assertEquals(200, read.statusCode());
        JsonNode workspace = json(read);
        assertEquals(id, workspace.get("id").asText());
        assertEquals("Acme", workspace.get("name").asText());
        assertTrue(workspace.get("quotas").get("maxCards").isNull(), read.body());
    }

    @Test
    void a_workspace_id_outside_the_name_rule_or_a_bad_body_is_400() {
        HttpResponse<String> badId = createWorkspace("no spaces");
        HttpResponse<String> unknown = client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"x\", \"owner\": 1}");
        HttpResponse<String> broken = client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": ");

        assertEquals(400, badId.statusCode());
        assertEquals(error("id 'no spaces' is not a workspace id: use 1 to 128 letters, digits, '.', '_' or '-'"),
                badId.body());
        assertEquals(error("unknown field 'owner': it takes id, name"), unknown.body());
        assertEquals(400, broken.statusCode());
        assertTrue(json(broken).get("error").asText().startsWith("the body is not valid JSON"), broken.body());
    }

    @Test
    void only_the_operator_creates_workspaces() {
        String id = newWorkspaceId();
        createWorkspace(id);
        String adminKey = createKey(id, ADMIN_TOKEN, "admin");

        HttpResponse<String> byKey = client.post("/api/v1/workspaces", adminKey,
                "{\"id\": \"" + newWorkspaceId() + "\"}");
        HttpResponse<String> byToken = client.post("/api/v1/workspaces", tokens.editor(), "{\"id\": \"x\"}");
        HttpResponse<String> byNobody = client.post("/api/v1/workspaces", null, "{\"id\": \"x\"}");
        HttpResponse<String> byGuess = client.post("/api/v1/workspaces", "operator-token-guess", "{\"id\": \"x\"}");

        assertEquals(error("creating a workspace needs the operator's admin token (--admin-token)"), byKey.body());
        assertEquals(403, byKey.statusCode());
        assertEquals(403, byToken.statusCode());
        assertEquals(401, byNobody.statusCode());
        assertEquals(401, byGuess.statusCode());
    }

    @Test
    void a_key_is_shown_once_listed_without_its_secret_and_answers_401_once_revoked() {
        String id = newWorkspaceId();
        createWorkspace(id);
        String adminKey = createKey(id, ADMIN_TOKEN, "admin");
        String ciKey = createKey(id, adminKey, "editor");

        HttpResponse<String> listed = client.get("/api/v1/workspaces/" + id + "/api-keys", adminKey);
        assertEquals(200, listed.statusCode(), listed.body());
        assertFalse(listed.body().contains(ciKey), "a listing never shows a key");
        assertFalse(listed.body().contains(adminKey));
        List<String> ids = new ArrayList<>();
        json(listed).get("apiKeys").forEach(key -> ids.add(key.get("id").asText()));
        assertEquals(2, ids.size(), listed.body());
        assertEquals(200, client.get("/api/v1/workspaces/" + id, ciKey).statusCode(), "the key works");

        String ciId = json(listed).get("apiKeys").get(1).get("id").asText();
        HttpResponse<String> revoked = client.delete("/api/v1/workspaces/" + id + "/api-keys/" + ciId, adminKey);
        HttpResponse<String> again = client.delete("/api/v1/workspaces/" + id + "/api-keys/ak_none", adminKey);
        HttpResponse<String> afterwards = client.get("/api/v1/workspaces/" + id, ciKey);

        assertEquals(204, revoked.statusCode(), revoked.body());
        assertEquals(404, again.statusCode());
        assertEquals(401, afterwards.statusCode());
        assertEquals(error("unknown or revoked API key: ask the workspace's admin for a new one"), afterwards.body());
    }

    @Test
    void a_key_reaches_only_its_own_workspace_and_a_lesser_role_cannot_administer_it() {
        String a = newWorkspaceId();
        String b = newWorkspaceId();
        createWorkspace(a);
        createWorkspace(b);
        String keyOfA = createKey(a, ADMIN_TOKEN, "admin");
        String viewerOfB = createKey(b, ADMIN_TOKEN, "viewer");

        List<HttpResponse<String>> onB = List.of(
                client.get("/api/v1/workspaces/" + b, keyOfA),
                patch("/api/v1/workspaces/" + b, keyOfA, "{\"name\": \"taken\"}"),
                client.post("/api/v1/workspaces/" + b + "/api-keys", keyOfA, "{\"name\": \"x\", \"role\": \"admin\"}"),
                client.get("/api/v1/workspaces/" + b + "/api-keys", keyOfA),
                client.delete("/api/v1/workspaces/" + b + "/api-keys/ak_x", keyOfA),
                client.get("/api/v1/workspaces/" + b + "/audit", keyOfA),
                client.get("/api/v1/workspaces/" + b + "/audit/verify", keyOfA));
        for (HttpResponse<String> response : onB) {
            assertEquals(403, response.statusCode(), response.request().method() + " " + response.request().uri());
            assertEquals(error("this API key is for workspace '" + a + "', not '" + b + "'"), response.body());
        }
        HttpResponse<String> viewerPatch = patch("/api/v1/workspaces/" + b, viewerOfB, "{\"name\": \"mine\"}");
        assertEquals(403, viewerPatch.statusCode());
        assertEquals(error("this API key's role is viewer: changing a workspace needs a key with role admin or the"
                + " operator's admin token"), viewerPatch.body());
        assertEquals(200, client.get("/api/v1/workspaces/" + b, viewerOfB).statusCode(), "a viewer key reads");
        assertEquals("Acme", json(client.get("/api/v1/workspaces/" + b, ADMIN_TOKEN)).get("name").asText());
    }

    @Test
    void a_patch_renames_and_sets_quotas_keeping_those_left_out() {
        String id = newWorkspaceId();
        createWorkspace(id);
        String adminKey = createKey(id, ADMIN_TOKEN, "admin");

        patch("/api/v1/workspaces/" + id, adminKey, "{\"quotas\": {\"maxCards\": 100, \"maxCostPerMonthUsd\": 12.5}}");
        HttpResponse<String> second = patch("/api/v1/workspaces/" + id, adminKey,
                "{\"name\": \"Acme EU\", \"quotas\": {\"maxCards\": null, \"maxRunsPerDay\": 500}}");
        HttpResponse<String> negative = patch("/api/v1/workspaces/" + id, adminKey, "{\"quotas\": {\"maxCards\": -1}}");

        assertEquals(200, second.statusCode(), second.body());
        JsonNode workspace = json(second);
        assertEquals("Acme EU", workspace.get("name").asText());
        assertTrue(workspace.get("quotas").get("maxCards").isNull(), second.body());
        assertEquals(500, workspace.get("quotas").get("maxRunsPerDay").asInt());
        assertEquals(12.5, workspace.get("quotas").get("maxCostPerMonthUsd").asDouble());
        assertEquals(400, negative.statusCode());
        assertEquals(error("field 'quotas.maxCards' must be a whole number of at least 0, or null for no limit"),
                negative.body());
    }

    @Test
    void every_admin_action_is_in_the_audit_log_whose_chain_verifies() {
        String id = newWorkspaceId();
        createWorkspace(id);
        String adminKey = createKey(id, ADMIN_TOKEN, "admin");
        createKey(id, adminKey, "viewer");
        patch("/api/v1/workspaces/" + id, adminKey, "{\"name\": \"renamed\"}");

        HttpResponse<String> audit = client.get("/api/v1/workspaces/" + id + "/audit", adminKey);
        HttpResponse<String> verify = client.get("/api/v1/workspaces/" + id + "/audit/verify", ADMIN_TOKEN);

        List<String> actions = new ArrayList<>();
        List<String> actors = new ArrayList<>();
        json(audit).get("entries").forEach(entry -> {
            actions.add(entry.get("action").asText());
            actors.add(entry.get("actorKind").asText());
        });
        assertEquals(List.of("workspace.create", "api-key.create", "api-key.create", "workspace.update"), actions);
        assertEquals(List.of("operator", "operator", "api_key", "api_key"), actors);
        JsonNode verified = json(verify);
        assertTrue(verified.get("valid").asBoolean(), verify.body());
        assertEquals(4, verified.get("entries").asInt());
        assertTrue(verified.get("firstBad").isNull());
    }

    @Test
    void an_unknown_workspace_is_404_for_the_operator() {
        String id = newWorkspaceId();

        assertEquals(404, client.get("/api/v1/workspaces/" + id, ADMIN_TOKEN).statusCode());
        assertEquals(404, client.get("/api/v1/workspaces/" + id + "/api-keys", ADMIN_TOKEN).statusCode());
        assertEquals(404, client.get("/api/v1/workspaces/" + id + "/audit/verify", ADMIN_TOKEN).statusCode());
        assertEquals(error("no workspace '" + id + "'"), client.get("/api/v1/workspaces/" + id, ADMIN_TOKEN).body());
    }

    private static final String CONFIG = """
            description: Capitals
            prompts:
              - "What is the capital of {{country}}?"
            providers:
              - openai:chat:gpt-4o-mini
            tests:
              - description: France
                vars:
                  country: France
                assert:
                  - type: icontains
                    value: paris
            """;

    private HttpResponse<String> put(String path, String credential, String body) {
        return client.send(client.request(path, credential).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The live card's template, as its room has it. */
    private String template(CardKey card) throws Exception {
        return rooms.cardEditor().edit(card, Author.SERVER, doc -> doc.getText("template").toString())
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_promptfoo_config_imports_into_the_live_card_and_exports_back() throws Exception {
        String id = newWorkspaceId();
        createWorkspace(id);
        CardKey card = new CardKey(id, "capitals");
        storage.create(card);
        String editorKey = createKey(id, ADMIN_TOKEN, "editor");
        String path = "/api/v1/workspaces/" + id + "/cards/capitals/promptfoo";

        HttpResponse<String> imported = put(path, editorKey, CONFIG);
        HttpResponse<String> exported = client.get(path, editorKey);

        assertEquals(200, imported.statusCode(), imported.body());
        assertEquals("What is the capital of {{country}}?", template(card));
        assertEquals(200, exported.statusCode(), exported.body());
        assertEquals(PromptfooRoutes.YAML, exported.headers().firstValue("content-type").orElseThrow());
        CardContent back = PromptfooImport.fromYaml(exported.body()).card();
        assertEquals("Capitals", back.title());
        assertEquals("What is the capital of {{country}}?", back.template());
        assertEquals(1, back.tests().size());
        assertEquals("France", back.tests().getFirst().vars().get("country"));
        List<String> actions = new ArrayList<>();
        json(client.get("/api/v1/workspaces/" + id + "/audit", ADMIN_TOKEN)).get("entries")
                .forEach(entry -> actions.add(entry.get("action").asText()));
        assertEquals("card.import-promptfoo", actions.getLast());
    }

    /** A multipart body of text parts, as {@code curl -F name=@file} sends it. */
    private HttpResponse<String> putParts(String path, String credential, List<String[]> parts) {
        String boundary = "promptcards-test-boundary";
        StringBuilder body = new StringBuilder();
        for (String[] part : parts) {
            body.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(part[0]).append("\"; filename=\"")
                    .append(part[1]).append("\"\r\n").append("Content-Type: text/plain\r\n\r\n")
                    .append(part[2]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return client.send(client.request(path, credential)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    @Test
    void a_config_and_its_csv_tests_import_together_as_a_multipart_body() throws Exception {
        String id = newWorkspaceId();
        createWorkspace(id);
        CardKey card = new CardKey(id, "from-csv");
        storage.create(card);
        String path = "/api/v1/workspaces/" + id + "/cards/from-csv/promptfoo";
        String config = "prompts: ['Capital of {{country}}?']\ntests: file://tests.csv\n";
        String csv = "country,__expected\nFrance,icontains: paris\nItaly,Rome\n";

        HttpResponse<String> imported = putParts(path, ADMIN_TOKEN, List.of(
                new String[] {"config", "promptfooconfig.yaml", config}, new String[] {"tests", "tests.csv", csv}));
        HttpResponse<String> unknown = putParts(path, ADMIN_TOKEN, List.of(
                new String[] {"config", "promptfooconfig.yaml", config}, new String[] {"csv", "tests.csv", csv}));
        HttpResponse<String> brokenCsv = putParts(path, ADMIN_TOKEN, List.of(
                new String[] {"config", "promptfooconfig.yaml", config},
                new String[] {"tests", "tests.csv", "country,__expected\nSpain,a,b\n"}));

        assertEquals(200, imported.statusCode(), imported.body());
        CardContent back = PromptfooImport.fromYaml(client.get(path, ADMIN_TOKEN).body()).card();
        assertEquals("Capital of {{country}}?", back.template());
        assertEquals(List.of("France", "Italy"), back.tests().stream().map(test -> test.vars().get("country")).toList());
        assertEquals("icontains", back.tests().getFirst().assertions().getFirst().type());
        assertEquals("paris", back.tests().getFirst().assertions().getFirst().value());
        assertEquals(400, unknown.statusCode());
        assertEquals(error("unknown part 'csv': a promptfoo import takes 'config' (the YAML) and 'tests' (its CSV"
                + " tests)"), unknown.body());
        assertEquals(400, brokenCsv.statusCode());
        assertTrue(json(brokenCsv).get("error").asText().startsWith(
                "the promptfoo config cannot be imported, nothing changed: "), brokenCsv.body());
        assertTrue(json(brokenCsv).get("error").asText().contains("line 2"), brokenCsv.body());
        assertEquals(2, PromptfooImport.fromYaml(client.get(path, ADMIN_TOKEN).body()).card().tests().size(),
                "the card is as the first import left it");
    }

    @Test
    void broken_yaml_is_400_with_its_line_and_column_and_changes_nothing() throws Exception {
        String id = newWorkspaceId();
        createWorkspace(id);
        CardKey card = new CardKey(id, "kept");
        storage.create(card);
        String path = "/api/v1/workspaces/" + id + "/cards/kept/promptfoo";
        put(path, ADMIN_TOKEN, CONFIG);

        HttpResponse<String> broken = put(path, ADMIN_TOKEN, "prompts:\n  - \"unclosed\n");

        assertEquals(400, broken.statusCode(), broken.body());
        String message = json(broken).get("error").asText();
        assertTrue(message.startsWith("the promptfoo config cannot be imported, nothing changed: YAML line "), message);
        assertEquals("What is the capital of {{country}}?", template(card), "the card is as it was");
    }

    @Test
    void a_viewer_exports_but_cannot_import_and_a_missing_card_is_404() {
        String id = newWorkspaceId();
        createWorkspace(id);
        storage.create(new CardKey(id, "c"));
        String viewerKey = createKey(id, ADMIN_TOKEN, "viewer");
        String otherKey = createKey(createdWorkspace(), ADMIN_TOKEN, "admin");
        String path = "/api/v1/workspaces/" + id + "/cards/c/promptfoo";

        assertEquals(200, client.get(path, viewerKey).statusCode());
        HttpResponse<String> refused = put(path, viewerKey, CONFIG);
        assertEquals(403, refused.statusCode());
        assertEquals(error("this API key's role is viewer: importing into the card needs a key with role editor or"
                + " the operator's admin token"), refused.body());
        assertEquals(403, client.get(path, otherKey).statusCode());
        HttpResponse<String> missing = client.get("/api/v1/workspaces/" + id + "/cards/none/promptfoo", viewerKey);
        assertEquals(404, missing.statusCode());
        assertEquals(error("no card 'none' in workspace '" + id + "'"), missing.body());
    }

    private String createdWorkspace() {
        String id = newWorkspaceId();
        createWorkspace(id);
        return id;
    }

    private HttpResponse<String> mint(String workspace, String credential, String body) {
        return client.post("/api/v1/workspaces/" + workspace + "/tokens", credential, body);
    }

    @Test
    void a_minted_token_opens_the_cards_it_names_with_its_role() {
        String id = newWorkspaceId();
        createWorkspace(id);
        storage.create(new CardKey(id, "c"));
        storage.create(new CardKey(id, "d"));
        String adminKey = createKey(id, ADMIN_TOKEN, "admin");

        HttpResponse<String> minted = mint(id, adminKey,
                "{\"sub\": \"ada\", \"name\": \"Ada\", \"cards\": [\"c\"], \"role\": \"viewer\","
                        + " \"ttlSeconds\": 3600}");
        HttpResponse<String> editor = mint(id, ADMIN_TOKEN,
                "{\"sub\": \"bob\", \"cards\": \"*\", \"role\": \"editor\", \"ttlSeconds\": 60}");

        assertEquals(201, minted.statusCode(), minted.body());
        String viewerToken = json(minted).get("token").asText();
        assertTrue(json(minted).get("expiresAt").asText().endsWith("Z"), minted.body());
        String path = "/api/v1/workspaces/" + id + "/cards/";
        assertEquals(200, client.get(path + "c/promptfoo", viewerToken).statusCode(), "its card, read");
        assertEquals(403, put(path + "c/promptfoo", viewerToken, CONFIG).statusCode(), "a viewer does not write");
        assertEquals(403, client.get(path + "d/promptfoo", viewerToken).statusCode(), "not its card");
        assertEquals(200, put(path + "d/promptfoo", json(editor).get("token").asText(), CONFIG).statusCode());
        List<String> subjects = new ArrayList<>();
        json(client.get("/api/v1/workspaces/" + id + "/audit", ADMIN_TOKEN)).get("entries").forEach(entry -> {
            if (entry.get("action").asText().equals("token.mint")) {
                subjects.add(entry.get("target").asText());
            }
        });
        assertEquals(List.of("ada", "bob"), subjects);
    }

    @Test
    void minting_refuses_what_a_token_cannot_say_and_keys_that_are_not_admins() {
        String id = newWorkspaceId();
        createWorkspace(id);
        String editorKey = createKey(id, ADMIN_TOKEN, "editor");

        HttpResponse<String> admin = mint(id, ADMIN_TOKEN,
                "{\"sub\": \"a\", \"cards\": \"*\", \"role\": \"admin\", \"ttlSeconds\": 60}");
        HttpResponse<String> forever = mint(id, ADMIN_TOKEN,
                "{\"sub\": \"a\", \"cards\": \"*\", \"role\": \"editor\", \"ttlSeconds\": 99999999}");
        HttpResponse<String> noCards = mint(id, ADMIN_TOKEN,
                "{\"sub\": \"a\", \"role\": \"editor\", \"ttlSeconds\": 60}");
        HttpResponse<String> byEditor = mint(id, editorKey,
                "{\"sub\": \"a\", \"cards\": \"*\", \"role\": \"editor\", \"ttlSeconds\": 60}");

        assertEquals(error("field 'role' must be editor or viewer, not 'admin'"), admin.body());
        assertEquals(error("field 'ttlSeconds' is required: a whole number from 1 to 2592000 (30 days)"),
                forever.body());
        assertEquals(400, noCards.statusCode());
        assertEquals(403, byEditor.statusCode());
    }

    @Test
    void a_server_without_an_hs256_secret_answers_501_saying_what_to_configure() {
        String id = newWorkspaceId();
        createWorkspace(id);
        Database database = storage.database();
        AdminServices publicKeysOnly = new AdminServices(new WorkspaceStore(database.dsl()),
                new ApiKeyStore(database.dsl()), new AuditLog(database.dsl()), rooms.cardEditor(), ADMIN_TOKEN, null,
                usage(database));
        try (ApiServer other = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(),
                new RecordingRunService(), publicKeysOnly, new ServerMetrics().registry());
                ApiClient otherClient = new ApiClient("http://127.0.0.1:" + other.port(), null)) {
            HttpResponse<String> refused = otherClient.post("/api/v1/workspaces/" + id + "/tokens", ADMIN_TOKEN,
                    "{\"sub\": \"a\", \"cards\": \"*\", \"role\": \"editor\", \"ttlSeconds\": 60}");

            assertEquals(501, refused.statusCode());
            assertTrue(json(refused).get("error").asText().contains("set --jwt-secret (PROMPTCARDS_JWT_SECRET)"),
                    refused.body());
        }
    }
}
