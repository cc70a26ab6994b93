package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import io.javalin.http.Handler;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * openapi.json, generated from the operations the server installs, tells the truth about them: every route
 * Javalin registered is described with its method and nothing else is, every {@code $ref} resolves, every
 * operation that takes credentials says what 401 and 403 mean; a document that would lie is refused at start.
 */
class OpenApiDocumentTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final Handler NOTHING = ctx -> { };

    private TestStorage storage;
    private RoomRegistry rooms;
    private ApiServer server;
    private JsonNode document;

    @BeforeEach
    void start() {
        storage = TestStorage.open(DB);
        rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());
        Database database = storage.database();
        AdminServices admin = TestAdminServices.of(storage, rooms, null, null);
        server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), new ApiTokens().verifier(),
                new RecordingRunService(), admin, new ServerMetrics().registry());
        try (ApiClient client = new ApiClient("http://127.0.0.1:" + server.port(), null)) {
            HttpResponse<String> response = client.get("/api/v1/openapi.json", null);
            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
            document = json(response);
        }
    }

    @AfterEach
    void stop() {
        server.close();
        rooms.close();
        storage.close();
    }

    @Test
    void every_route_javalin_registered_is_described_with_its_method_and_nothing_else() {
        List<String> described = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!operation.getKey().equals("parameters")) {
                described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + ApiServer.BASE_PATH
                        + path.getKey());
            }
        }));

        assertEquals(new TreeSet<>(server.routes()), new TreeSet<>(described));
        assertEquals(server.routes().size(), described.size());
        // Javalin told of them all (not an empty list matching an empty document): one of each routes class
        assertTrue(server.routes().containsAll(List.of("POST /api/v1/workspaces/{workspace}/cards/{card}/runs",
                "PATCH /api/v1/workspaces/{workspace}", "DELETE /api/v1/workspaces/{workspace}/api-keys/{key}",
                "GET /api/v1/workspaces/{workspace}/audit/verify",
                "PUT /api/v1/workspaces/{workspace}/cards/{card}/promptfoo",
                "POST /api/v1/workspaces/{workspace}/tokens", "GET /api/v1/openapi.json")), server.routes().toString());
    }

    @Test
    void every_reference_resolves_to_a_component() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertTrue(references.size() > 100, references.toString());
        for (String reference : references) {
            assertTrue(reference.startsWith("#/components/"), reference);
            assertFalse(document.at(JsonPointer.compile(reference.substring(1))).isMissingNode(), reference);
        }
    }

    @Test
    void every_operation_that_takes_credentials_says_what_401_and_403_mean() {
        List<String> open = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (entry.getKey().equals("parameters")) {
                return;
            }
            JsonNode operation = entry.getValue();
            JsonNode security = operation.has("security") ? operation.get("security") : document.get("security");
            JsonNode responses = operation.get("responses");
            String name = operation.get("operationId").asText();
            if (security.isEmpty()) {
                open.add(name);
                assertFalse(responses.has("401") || responses.has("403"), name);
            } else {
                assertEquals("#/components/responses/Unauthorized", responses.path("401").path("$ref").asText(), name);
                assertEquals("#/components/responses/Forbidden", responses.path("403").path("$ref").asText(), name);
            }
        }));

        assertEquals(List.of("openApi"), open);
    }

    @Test
    void the_document_names_its_version_server_and_default_credentials() {
        assertEquals("3.1.0", document.get("openapi").asText());
        assertEquals("promptcards HTTP API", document.get("info").get("title").asText());
        assertEquals("/api/v1", document.get("servers").get(0).get("url").asText());
        assertEquals("[{\"cardToken\":[]}]", document.get("security").toString());
        assertEquals("[{\"adminToken\":[]},{\"apiKey\":[]},{\"cardToken\":[]}]",
                document.at("/paths/~1workspaces~1{workspace}~1cards~1{card}~1promptfoo/put/security").toString());
        assertEquals("[{\"$ref\":\"#/components/parameters/workspace\"},{\"$ref\":\"#/components/parameters/card\"},"
                + "{\"name\":\"run\",\"in\":\"path\",\"schema\":{\"type\":\"string\"},\"required\":true,"
                + "\"description\":\"The run's id.\"}]",
                document.at("/paths/~1workspaces~1{workspace}~1cards~1{card}~1runs~1{run}/parameters").toString());
    }

    @Test
    void a_document_that_would_lie_is_refused() {
        ApiOperation listRuns = ApiOperation.get(RunRoutes.RUNS, NOTHING).id("listRuns");

        assertRefused("GET /api/v1/workspaces/{workspace}/cards/{card}/runs is described twice",
                listRuns, ApiOperation.get(RunRoutes.RUNS, NOTHING).id("other"));
        assertRefused("POST /api/v1/workspaces/{workspace}/cards/{card}/runs needs an operationId of its own, not"
                + " \"listRuns\"", listRuns, ApiOperation.post(RunRoutes.RUNS, NOTHING).id("listRuns"));
        assertRefused("GET /api/v1/workspaces/{workspace}/cards/{card}/members/{sub}: no parameter describes {sub}",
                ApiOperation.get(RunRoutes.RUNS.replace("/runs", "/members/{sub}"), NOTHING).id("member"));
        assertRefused("GET /api/v1/workspaces takes security scheme 'basic', which the components do not define",
                ApiOperation.get(WorkspaceRoutes.WORKSPACES, NOTHING).id("workspaces").security("basic"));
        assertRefused("the reference #/components/schemas/Nobody at /paths/~1workspaces/get/responses/200/content/"
                + "application~1json/schema resolves to nothing", ApiOperation.get(WorkspaceRoutes.WORKSPACES,
                NOTHING).id("workspaces").response(200, ApiResponse.json("x", JsonSchema.ref("Nobody"))));
        assertRefused("GET /health is not under /api/v1", ApiOperation.get("/health", NOTHING).id("health"));
    }

    private static void assertRefused(String message, ApiOperation... operations) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApiComponents.document().describe(List.of(operations)));
        assertEquals(message, e.getMessage());
    }

    private static void collectReferences(JsonNode node, List<String> out) {
        if (node.has("$ref")) {
            out.add(node.get("$ref").asText());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectReferences(field.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(item -> collectReferences(item, out));
        }
    }
}
