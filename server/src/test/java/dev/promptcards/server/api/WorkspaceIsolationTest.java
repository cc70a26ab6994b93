package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenants are isolated on every route the API serves, enumerated from the running server: a route added
 * without an access check, or with its check after the body is read, fails here. Workspace B holds a card, a
 * key and a member for every path parameter to point at, so a missing check cannot hide behind a 404 for
 * something that does not exist.
 */
class WorkspaceIsolationTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** The routes outside a workspace, and who may call them: the rest must name one. */
    private static final Map<String, String> OUTSIDE_WORKSPACES = Map.of(
            "GET /api/v1/openapi.json", "anyone",
            "POST /api/v1/workspaces", "the operator");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ApiTokens tokens = new ApiTokens();
    private TestStorage storage;
    private RoomRegistry rooms;
    private Memberships members;
    private ApiServer server;
    private ApiClient client;
    private final String a = "iso-a-" + System.nanoTime();
    private final String b = "iso-b-" + System.nanoTime();
    private String keyOfB;

    @BeforeEach
    void start() throws Exception {
        storage = TestStorage.open(DB);
        rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());
        Database database = storage.database();
        members = Memberships.start(new WorkspaceStore(database.dsl()), Memberships.DEFAULT_REFRESH);
        AdminServices admin = TestAdminServices.of(storage, rooms, ADMIN_TOKEN, tokens.minter(), members);
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), tokens.verifier(), new RecordingRunService(),
                admin, new ServerMetrics().registry());
        client = new ApiClient("http://127.0.0.1:" + server.port(), null);
        for (String workspace : List.of(a, b)) {
            assertEquals(201, client.post("/api/v1/workspaces", ADMIN_TOKEN, "{\"id\": \"" + workspace + "\"}")
                    .statusCode());
            CardKey card = new CardKey(workspace, "c1");
            storage.create(card);
            rooms.cardEditor().edit(card, Author.SERVER, doc -> {
                doc.getText("template").insert(0, "the card of " + workspace);
                return null;
            }).get(10, TimeUnit.SECONDS);
        }
        keyOfB = json(client.post("/api/v1/workspaces/" + b + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"b\", \"role\": \"admin\"}")).get("id").asText();
        assertEquals(201, put("/api/v1/workspaces/" + b + "/members/member-1", ADMIN_TOKEN,
                "{\"role\": \"editor\"}").statusCode());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        members.close();
        rooms.close();
        storage.close();
    }

    private HttpResponse<String> put(String path, String credential, String body) {
        return client.send(client.request(path, credential).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** What each path parameter names in a workspace: things that exist in B. */
    private String value(String parameter, String workspace) {
        return switch (parameter) {
            case "workspace" -> workspace;
            case "card" -> "c1";
            case "key" -> keyOfB;
            case "run" -> "run-1";
            case "sub", "subject" -> "member-1";
            default -> fail("no value for the path parameter {" + parameter + "}: add one that exists in workspace B"
                    + " so that this test reaches the route's access check");
        };
    }

    private String concrete(String path, String workspace) {
        Matcher matcher = PARAMETER.matcher(path);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(value(matcher.group(1), workspace)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** One route as {@link ApiServer#routes()} names it, {@code "GET /api/v1/..."}. */
    private record Route(String method, String path) {
        static Route of(String route) {
            int space = route.indexOf(' ');
            return new Route(route.substring(0, space), route.substring(space + 1));
        }
    }

    private HttpResponse<String> call(Route endpoint, String path, String credential) {
        HttpRequest.Builder request = client.request(path, credential);
        if (WRITES.contains(endpoint.method()) && !endpoint.method().equals("DELETE")) {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request);
    }

    private List<Route> workspaceEndpoints() {
        List<Route> inside = new ArrayList<>();
        for (Route endpoint : server.routes().stream().map(Route::of).toList()) {
            String name = endpoint.method() + " " + endpoint.path();
            if (endpoint.path().startsWith(WorkspaceRoutes.WORKSPACE)) {
                inside.add(endpoint);
            } else if (!OUTSIDE_WORKSPACES.containsKey(name)) {
                fail(name + " is outside every workspace: say who may call it in OUTSIDE_WORKSPACES and test it");
            }
        }
        return inside;
    }

    private String adminKeyOf(String workspace) {
        return json(client.post("/api/v1/workspaces/" + workspace + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"k\", \"role\": \"admin\"}")).get("key").asText();
    }

    private String editorTokenOf(String workspace) {
        return tokens.minter().mint("ed-" + workspace, "Ed", workspace, null, Role.EDITOR, Duration.ofHours(1))
                .token();
    }

    @Test
    void every_route_checks_its_workspace_before_anything_else() throws Exception {
        String adminKeyOfA = adminKeyOf(a);
        String revokedKeyOfA = adminKeyOf(a);
        String revokedId = json(client.get("/api/v1/workspaces/" + a + "/api-keys", ADMIN_TOKEN)).get("apiKeys")
                .findValuesAsText("id").getLast();
        assertEquals(204, client.delete("/api/v1/workspaces/" + a + "/api-keys/" + revokedId, ADMIN_TOKEN)
                .statusCode());
        Map<String, String> strangers = new LinkedHashMap<>();
        strangers.put("an admin key of A", adminKeyOfA);
        strangers.put("an editor token of every card of A", editorTokenOf(a));
        long auditBefore = json(client.get("/api/v1/workspaces/" + b + "/audit/verify", ADMIN_TOKEN))
                .get("entries").asLong();
        List<String> wrong = new ArrayList<>();

        List<Route> endpoints = workspaceEndpoints();
        for (Route endpoint : endpoints) {
            String path = concrete(endpoint.path(), b);
            String name = endpoint.method() + " " + endpoint.path();
            strangers.forEach((who, credential) -> {
                int status = call(endpoint, path, credential).statusCode();
                if (status != 403 && status != 404) {
                    wrong.add(name + " answered " + status + " to " + who + " (403 or 404 expected)");
                }
            });
            expect(wrong, name, "no credential", call(endpoint, path, null), 401);
            expect(wrong, name, "a revoked key of A", call(endpoint, path, revokedKeyOfA), 401);
            expect(wrong, name, "a made-up key", call(endpoint, path, "pck_" + "0".repeat(43)), 401);
        }

        assertEquals(List.of(), wrong);
        assertTrue(endpoints.size() >= 12, "the routes were not enumerated: " + endpoints);
        assertEquals("the card of " + b, rooms.cardEditor().edit(new CardKey(b, "c1"), Author.SERVER,
                doc -> doc.getText("template").toString()).get(10, TimeUnit.SECONDS));
        assertEquals(auditBefore, json(client.get("/api/v1/workspaces/" + b + "/audit/verify", ADMIN_TOKEN))
                .get("entries").asLong());
    }

    @Test
    void the_operator_gets_404_not_an_error_for_a_workspace_id_no_workspace_can_have() {
        List<String> wrong = new ArrayList<>();

        for (Route endpoint : workspaceEndpoints()) {
            String path = concrete(endpoint.path(), b).replace("/workspaces/" + b, "/workspaces/bad%20id");
            expect(wrong, endpoint.method() + " " + endpoint.path(), "the operator", call(endpoint, path, ADMIN_TOKEN),
                    404);
        }

        assertEquals(List.of(), wrong);
    }

    @Test
    void a_viewer_key_writes_nowhere_in_its_own_workspace() {
        String viewerKey = json(client.post("/api/v1/workspaces/" + a + "/api-keys", ADMIN_TOKEN,
                "{\"name\": \"v\", \"role\": \"viewer\"}")).get("key").asText();
        List<String> wrong = new ArrayList<>();

        for (Route endpoint : workspaceEndpoints()) {
            if (WRITES.contains(endpoint.method())) {
                HttpResponse<String> answer = call(endpoint, concrete(endpoint.path(), a), viewerKey);
                expect(wrong, endpoint.method() + " " + endpoint.path(), "a viewer key", answer, 403);
            }
        }

        assertEquals(List.of(), wrong);
    }

    @Test
    void only_the_operator_reaches_the_routes_outside_workspaces_that_need_credentials() {
        String adminKeyOfA = adminKeyOf(a);

        HttpResponse<String> byKey = client.post("/api/v1/workspaces", adminKeyOfA, "{\"id\": \"iso-new\"}");
        HttpResponse<String> byToken = client.post("/api/v1/workspaces", editorTokenOf(a), "{\"id\": \"iso-new\"}");
        HttpResponse<String> openApi = client.get("/api/v1/openapi.json", null);

        assertEquals(403, byKey.statusCode(), byKey.body());
        assertEquals(403, byToken.statusCode(), byToken.body());
        assertEquals(200, openApi.statusCode());
        assertEquals(OUTSIDE_WORKSPACES.keySet(), Set.copyOf(server.routes().stream()
                .filter(route -> !Route.of(route).path().startsWith(WorkspaceRoutes.WORKSPACE)).toList()));
    }

    @Test
    void cors_lets_a_page_on_another_origin_call_every_method_the_api_serves() {
        String allowed = Cors.METHODS;

        for (Route endpoint : server.routes().stream().map(Route::of).toList()) {
            assertTrue(List.of(allowed.split(", ")).contains(endpoint.method()),
                    endpoint + " is not in the CORS methods " + allowed);
        }
    }

    private static void expect(List<String> wrong, String name, String who, HttpResponse<String> answer,
            int status) {
        if (answer.statusCode() != status) {
            wrong.add(name + " answered " + answer.statusCode() + " to " + who + " (" + status + " expected): "
                    + answer.body());
        }
    }
}
