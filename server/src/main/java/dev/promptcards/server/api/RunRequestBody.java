package dev.promptcards.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.runner.run.RunRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST .../runs} read field by field: {@code {"provider", "model", "tests": [ids],
 * "repeat": n}}, every field optional (absent or null: the card's provider and model, every test, once), an
 * empty body the same as {@code {}}. Anything else is a 400 naming the field and saying what it takes.
 */
final class RunRequestBody {

    /** The most times a run may repeat each test. */
    static final int MAX_REPEAT = 100;
    /** The fields a run request takes, in the order the messages name them. */
    static final List<String> FIELDS = List.of("provider", "model", "tests", "repeat");

    private static final String EXAMPLE = "{\"provider\": \"echo\", \"tests\": [\"<test id>\"], \"repeat\": 2}";

    private RunRequestBody() {
    }

    /**
     * Reads a body.
     *
     * @param body the bytes of the request body, maybe none
     * @return the request
     * @throws ApiException 400 saying what is wrong
     */
    static RunRequest read(byte[] body) {
        if (isBlank(body)) {
            return RunRequest.DEFAULTS;
        }
        JsonNode root;
        try {
            root = ApiJson.read(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON (" + e.getOriginalMessage()
                    + lineAndColumn(e) + "): send a JSON object such as " + EXAMPLE + ", or no body");
        }
        if (!root.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object, not " + kind(root)
                    + ": send one such as " + EXAMPLE + ", or {} for the card's defaults");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            String name = fields.next().getKey();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown field '" + Access.shown(name) + "': a run request takes "
                        + String.join(", ", FIELDS) + " (all optional)");
            }
        }
        return new RunRequest(text(root, "provider", "the provider to call (openai, anthropic, ollama or echo)"),
                text(root, "model", "the model's name"), tests(root), repeat(root));
    }

    private static String text(JsonNode root, String field, String what) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + field + "' must be a string, " + what + ", not "
                    + kind(value) + "; leave it out to use the card's");
        }
        if (value.asText().isBlank()) {
            throw ApiException.badRequest("field '" + field + "' is empty: give " + what
                    + ", or leave it out to use the card's");
        }
        return value.asText();
    }

    private static List<String> tests(JsonNode root) {
        JsonNode value = root.get("tests");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw ApiException.badRequest("field 'tests' must be a list of test case ids (strings), not "
                    + kind(value) + "; leave it out to run every test");
        }
        if (value.isEmpty()) {
            throw ApiException.badRequest("field 'tests' is an empty list: name at least one test case id,"
                    + " or leave it out to run every test");
        }
        List<String> ids = new ArrayList<>(value.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode id = value.get(i);
            if (!id.isTextual() || id.asText().isEmpty()) {
                throw ApiException.badRequest("field 'tests[" + i + "]' must be a test case id (a non-empty"
                        + " string), not " + (id.isTextual() ? "an empty string" : kind(id)));
            }
            if (!seen.add(id.asText())) {
                throw ApiException.badRequest("field 'tests' names test '" + Access.shown(id.asText())
                        + "' twice: name each test once (use repeat to run tests several times)");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static Integer repeat(JsonNode root) {
        JsonNode value = root.get("repeat");
        if (value == null || value.isNull()) {
            return null;
        }
        // 2.0 is the number 2 (JSON.stringify writes it so); 2.5 and "2" are not whole numbers
        boolean whole = value.isIntegralNumber() || (value.isNumber() && value.canConvertToExactIntegral());
        if (!whole || value.asDouble() < 1 || value.asDouble() > MAX_REPEAT) {
            throw ApiException.badRequest("field 'repeat' must be a whole number from 1 to " + MAX_REPEAT
                    + ", not " + (value.isNumber() ? value.asText() : kind(value))
                    + "; leave it out to run each test once");
        }
        return value.asInt();
    }

    static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** " at line 1, column 9" when the parser knows where. */
    static String lineAndColumn(JsonProcessingException e) {
        if (e.getLocation() == null || e.getLocation().getLineNr() < 1) {
            return "";
        }
        return " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** What a JSON value is, in words: "a number", "a list", ... */
    static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "null";
    }
}
