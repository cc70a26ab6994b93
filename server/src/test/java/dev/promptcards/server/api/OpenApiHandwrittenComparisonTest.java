package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.admin.ApiKeyStore;
import dev.promptcards.persistence.admin.AuditLog;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generated openapi.json means what the hand-written one it replaces meant: the old file is a fixture here,
 * compared as JSON values (member order aside), every difference listed by its JSON pointer. Two differences
 * are made on purpose and applied to the old file before comparing: a path parameter is described once, so the
 * admin paths' {workspace} and {card} are the shared components too (the old file repeated them inline, without
 * the id pattern); and {@code "required": false} of a query parameter, OpenAPI's default, is left out.
 */
class OpenApiHandwrittenComparisonTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_served_document_equals_the_hand_written_one() throws IOException {
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("openapi-handwritten.json")) {
            expected = JSON.readTree(in);
        }
        madeOnPurpose(expected);
        JsonNode served = served();

        List<String> differences = new ArrayList<>();
        diff("", expected, served, differences);
        assertEquals(List.of(), differences);
        assertEquals(expected, served);
    }

    private static JsonNode served() {
        try (TestStorage storage = TestStorage.open(DB);
                RoomRegistry rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage())) {
            Database database = storage.database();
            AdminServices admin = new AdminServices(new WorkspaceStore(database.dsl()),
                    new ApiKeyStore(database.dsl()), new AuditLog(database.dsl()), rooms.cardEditor(), null, null);
            try (ApiServer server = ApiServer.start(new ApiConfig("127.0.0.1", 0, null), new ApiTokens().verifier(),
                    new RecordingRunService(), admin, new ServerMetrics().registry());
                    ApiClient client = new ApiClient("http://127.0.0.1:" + server.port(), null)) {
                return json(client.get("/api/v1/openapi.json", null));
            }
        }
    }

    private static void madeOnPurpose(JsonNode document) {
        for (JsonNode path : document.get("paths")) {
            if (path.has("parameters")) {
                ArrayNode parameters = (ArrayNode) path.get("parameters");
                for (int i = 0; i < parameters.size(); i++) {
                    String name = parameters.get(i).path("name").asText();
                    if (name.equals("workspace") || name.equals("card")) {
                        parameters.set(i, JSON.createObjectNode().put("$ref", "#/components/parameters/" + name));
                    }
                }
            }
            for (JsonNode operation : path) {
                for (JsonNode parameter : operation.path("parameters")) {
                    if (parameter.path("required").isBoolean() && !parameter.get("required").asBoolean()) {
                        ((ObjectNode) parameter).remove("required");
                    }
                }
            }
        }
    }

    /** Adds the pointer of each place where the two values differ. */
    private static void diff(String pointer, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected == null || actual == null) {
            out.add(pointer + (expected == null ? " is new" : " is missing"));
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(pointer + "/" + name.replace("~", "~0").replace("/", "~1"), expected.get(name), actual.get(name),
                        out);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(pointer + "/" + i, expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)) {
            out.add(pointer + ": " + Map.of("was", expected.toString(), "is", actual.toString()));
        }
    }
}
