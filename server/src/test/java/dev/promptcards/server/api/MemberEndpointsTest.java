package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.error;
import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The members endpoints over HTTP on the real stores, and the API honouring members: a workspace with members
 * caps a card token's role by its subject's and refuses other subjects; one without members is as before.
 */
class MemberEndpointsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    private static final AtomicInteger WORKSPACES = new AtomicInteger();
    private static final String CONFIG = """
            description: Capitals
            prompts:
              - "What is the capital of {{country}}?"
            providers:
              - openai:chat:gpt-4o-mini
            tests:
              - vars:
                  country: France
            """;

    private final ApiTokens tokens = new ApiTokens();
    private TestStorage storage;
    private RoomRegistry rooms;
    private Memberships members;
    private RecordingRunService runs;
    private ApiServer server;
    private ApiClient client;

    @BeforeEach
    void start() {
        storage = TestStorage.open(DB);
        rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());
        Database database = storage.database();
        members = Memberships.start(new WorkspaceStore(database.dsl()), Memberships.DEFAULT_REFRESH);
        AdminServices admin = TestAdminServices.of(storage, rooms, ADMIN_TOKEN, tokens.minter(), members);
        runs = new RecordingRunService();
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(), runs, admin,
                new ServerMetrics().registry());
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

    private String newWorkspace() {
        String id = "mws-" + WORKSPACES.incrementAndGet() + "-" + System.nanoTime();
        HttpResponse<String> created = client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"" + id + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return id;
    }

    private HttpResponse<String> put(String path, String credential, String body) {
        return client.send(client.request(path, credential).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> putMember(String workspace, String subject, String role) {
        return put("/api/v1/workspaces/" + workspace + "/members/" + subject, ADMIN_TOKEN,
                "{\"role\": \"" + role + "\"}");
    }

    private String createKey(String workspace, String role) {
        HttpResponse<String> created = client.post("/api/v1/workspaces/" + workspace + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"k\", \"role\": \"" + role + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).get("key").asText();
    }

    private List<String> audit(String workspace) {
        List<String> entries = new ArrayList<>();
        json(client.get("/api/v1/workspaces/" + workspace + "/audit", ADMIN_TOKEN)).get("entries").forEach(entry -> {
            if (entry.get("action").asText().startsWith("member.")) {
                entries.add(entry.get("action").asText() + " " + entry.get("target").asText() + " "
                        + entry.get("detail").asText() + " by " + entry.get("actor").asText());
            }
        });
        return entries;
    }

    @Test
    void a_member_is_added_with_201_changed_with_200_listed_and_removed_with_204_each_change_audited() {
        String id = newWorkspace();
        String adminKey = createKey(id, "admin");

        HttpResponse<String> added = putMember(id, "ada", "editor");
        HttpResponse<String> changed = put("/api/v1/workspaces/" + id + "/members/ada", adminKey,
                "{\"role\": \"viewer\"}");
        HttpResponse<String> same = putMember(id, "ada", "viewer");
        HttpResponse<String> bob = putMember(id, "bob", "admin");
        HttpResponse<String> listed = client.get("/api/v1/workspaces/" + id + "/members", adminKey);
        HttpResponse<String> removed = client.delete("/api/v1/workspaces/" + id + "/members/ada", ADMIN_TOKEN);
        HttpResponse<String> again = client.delete("/api/v1/workspaces/" + id + "/members/ada", ADMIN_TOKEN);
        HttpResponse<String> after = client.get("/api/v1/workspaces/" + id + "/members", ADMIN_TOKEN);

        assertEquals(201, added.statusCode(), added.body());
        JsonNode ada = json(added);
        assertEquals(List.of("subject", "role", "addedAt"), fieldNames(ada));
        assertEquals("ada", ada.get("subject").asText());
        assertEquals("editor", ada.get("role").asText());
        Instant addedAt = Instant.parse(ada.get("addedAt").asText());
        assertEquals("/api/v1/workspaces/" + id + "/members/ada", added.headers().firstValue("location").orElseThrow());
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals("viewer", json(changed).get("role").asText());
        assertEquals(addedAt, Instant.parse(json(changed).get("addedAt").asText()));
        assertEquals(200, same.statusCode(), same.body());
        assertEquals(201, bob.statusCode(), bob.body());
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode list = json(listed).get("members");
        assertEquals(2, list.size(), listed.body());
        assertEquals("ada viewer " + addedAt, member(list.get(0)));
        assertEquals("bob admin", member(list.get(1)).substring(0, "bob admin".length()));
        assertEquals(204, removed.statusCode(), removed.body());
        assertEquals("", removed.body());
        assertEquals(404, again.statusCode());
        assertEquals(error("'ada' is not a member of workspace '" + id + "'"), again.body());
        assertEquals(1, json(after).get("members").size(), after.body());
        String keyId = json(client.get("/api/v1/workspaces/" + id + "/api-keys", ADMIN_TOKEN)).get("apiKeys").get(0)
                .get("id").asText();
        assertEquals(List.of("member.put ada {\"role\": \"editor\"} by operator",
                "member.put ada {\"role\": \"viewer\"} by " + keyId, "member.put ada {\"role\": \"viewer\"} by operator",
                "member.put bob {\"role\": \"admin\"} by operator", "member.remove ada null by operator"), audit(id));
        assertTrue(json(client.get("/api/v1/workspaces/" + id + "/audit/verify", ADMIN_TOKEN)).get("valid")
                .asBoolean());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String member(JsonNode node) {
        return node.get("subject").asText() + " " + node.get("role").asText() + " " + node.get("addedAt").asText();
    }

    @Test
    void a_bad_role_or_subject_is_400_an_unknown_workspace_404_and_nothing_changes() {
        String id = newWorkspace();
        String editorKey = createKey(id, "editor");

        HttpResponse<String> badRole = putMember(id, "ada", "owner");
        HttpResponse<String> noRole = put("/api/v1/workspaces/" + id + "/members/ada", ADMIN_TOKEN, "{}");
        HttpResponse<String> longSubject = putMember(id, "s".repeat(257), "viewer");
        HttpResponse<String> unknown = putMember("mws-nobody", "ada", "viewer");
        HttpResponse<String> unknownList = client.get("/api/v1/workspaces/mws-nobody/members", ADMIN_TOKEN);
        HttpResponse<String> unknownDelete = client.delete("/api/v1/workspaces/mws-nobody/members/ada", ADMIN_TOKEN);
        HttpResponse<String> byEditor = put("/api/v1/workspaces/" + id + "/members/ada", editorKey,
                "{\"role\": \"viewer\"}");
        HttpResponse<String> byToken = client.get("/api/v1/workspaces/" + id + "/members",
                tokens.token("ada", id, Role.EDITOR));

        assertEquals(400, badRole.statusCode());
        assertEquals(error("field 'role': role must be admin, editor or viewer, not \"owner\""), badRole.body());
        assertEquals(400, noRole.statusCode());
        assertEquals(400, longSubject.statusCode());
        assertEquals(error("subject is longer than 256 characters"), longSubject.body());
        assertEquals(404, unknown.statusCode());
        assertEquals(error("no workspace 'mws-nobody'"), unknown.body());
        assertEquals(404, unknownList.statusCode());
        assertEquals(404, unknownDelete.statusCode());
        assertEquals(403, byEditor.statusCode());
        assertEquals(error("this API key's role is editor: changing members needs a key with role admin or the"
                + " operator's admin token"), byEditor.body());
        assertEquals(403, byToken.statusCode());
        assertEquals(0, json(client.get("/api/v1/workspaces/" + id + "/members", ADMIN_TOKEN)).get("members").size());
        assertEquals(List.of(), audit(id));
    }

    @Test
    void in_a_workspace_with_members_a_token_is_capped_by_its_subjects_role_and_others_are_refused() {
        String id = newWorkspace();
        storage.create(new CardKey(id, "c"));
        this.runs.cards.add(new CardKey(id, "c"));
        String runs = "/api/v1/workspaces/" + id + "/cards/c/runs";
        String promptfoo = "/api/v1/workspaces/" + id + "/cards/c/promptfoo";
        String ada = tokens.token("ada", id, Role.EDITOR);
        String eve = tokens.token("eve", id, Role.EDITOR);
        String vic = tokens.token("vic", id, Role.VIEWER);
        putMember(id, "ada", "editor");
        putMember(id, "vic", "admin");

        HttpResponse<String> adaRuns = client.post(runs, ada, "");
        HttpResponse<String> adaImports = put(promptfoo, ada, CONFIG);
        HttpResponse<String> vicStarts = client.post(runs, vic, "");
        HttpResponse<String> eveLists = client.get(runs, eve);
        HttpResponse<String> eveExports = client.get(promptfoo, eve);
        putMember(id, "ada", "viewer");
        HttpResponse<String> demotedRuns = client.post(runs, ada, "");
        HttpResponse<String> demotedImports = put(promptfoo, ada, CONFIG);
        HttpResponse<String> demotedLists = client.get(runs, ada);
        HttpResponse<String> demotedExports = client.get(promptfoo, ada);

        assertEquals(202, adaRuns.statusCode(), adaRuns.body());
        assertEquals(200, adaImports.statusCode(), adaImports.body());
        assertEquals(403, vicStarts.statusCode(), "an admin member keeps its viewer token's role");
        assertEquals(error("this token's role is viewer: starting a run needs an editor's token for the card"),
                vicStarts.body());
        String notMember = "subject 'eve' is not a member of workspace '" + id + "': its admin adds members with PUT"
                + " /api/v1/workspaces/" + id + "/members/{subject}";
        assertEquals(403, eveLists.statusCode());
        assertEquals(error(notMember), eveLists.body());
        assertEquals(403, eveExports.statusCode());
        assertEquals(error(notMember), eveExports.body());
        assertEquals(403, demotedRuns.statusCode());
        assertEquals(error("subject 'ada' is a viewer member of workspace '" + id + "': starting a run needs an"
                + " editor or admin member"), demotedRuns.body());
        assertEquals(403, demotedImports.statusCode());
        assertEquals(error("subject 'ada' is a viewer member of workspace '" + id + "': importing into the card"
                + " needs an editor or admin member"), demotedImports.body());
        assertEquals(200, demotedLists.statusCode(), demotedLists.body());
        assertEquals(200, demotedExports.statusCode(), demotedExports.body());
        assertEquals(List.of("start " + id + "/c by ada"), this.runs.calls.stream().filter(c -> c.startsWith("start"))
                .map(c -> c.replaceAll(" RunRequest\\[.*\\]", "")).toList());
    }

    @Test
    void a_workspace_without_members_honours_every_token_at_its_own_role() {
        String id = newWorkspace();
        storage.create(new CardKey(id, "c"));
        this.runs.cards.add(new CardKey(id, "c"));
        String runs = "/api/v1/workspaces/" + id + "/cards/c/runs";

        HttpResponse<String> editorStarts = client.post(runs, tokens.token("anyone", id, Role.EDITOR), "");
        HttpResponse<String> viewerStarts = client.post(runs, tokens.token("someone", id, Role.VIEWER), "");
        HttpResponse<String> viewerLists = client.get(runs, tokens.token("someone", id, Role.VIEWER));

        assertEquals(202, editorStarts.statusCode(), editorStarts.body());
        assertEquals(403, viewerStarts.statusCode());
        assertEquals(error("this token's role is viewer: starting a run needs an editor's token for the card"),
                viewerStarts.body());
        assertEquals(200, viewerLists.statusCode(), viewerLists.body());
    }
}
