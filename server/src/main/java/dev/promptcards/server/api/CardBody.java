package dev.promptcards.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST .../cards}: {@code {"id"?, "title"?, "description"?, "system"?, "template"?,
 * "model"?, "tests"?}}, the card JSON's fields ({@link CardJson}); every one may be left out, and an empty body
 * is an empty card. A field of the wrong type is a 400 naming it.
 *
 * @param id      the card's id, or null for one the server picks
 * @param content what the card says, or null when the body names nothing of it (the card is created empty)
 */
record CardBody(String id, CardContent content) {

    static final List<String> FIELDS = List.of("id", "title", "description", "system", "template", "model",
            "tests");
    private static final List<String> MODEL_FIELDS = List.of("provider", "model", "temperature", "maxTokens");
    private static final List<String> TEST_FIELDS = List.of("id", "description", "vars", "expected", "assert",
            "threshold");
    private static final List<String> ASSERT_FIELDS = List.of("type", "value", "weight", "threshold");
    private static final String EXAMPLE = "{\"id\": \"greeting\", \"title\": \"Greeting\", \"template\":"
            + " \"Say hello to {{name}}\", \"tests\": [{\"vars\": {\"name\": \"Ada\"}, \"assert\": [{\"type\":"
            + " \"contains\", \"value\": \"Ada\"}]}]}";

    /**
     * Reads a create request's body.
     *
     * @param bytes the body; empty or blank for an empty card
     * @return the id and content asked for
     * @throws ApiException 400 naming what is wrong
     */
    static CardBody read(byte[] bytes) {
        if (RunRequestBody.isBlank(bytes)) {
            return new CardBody(null, null);
        }
        AdminBody body = AdminBody.object(bytes, FIELDS, EXAMPLE);
        String id = body.text("id", false, "the card's id");
        if (id != null && !CardKey.isValidId(id)) {
            throw ApiException.badRequest("id '" + Access.shown(id) + "' is not a card id: use 1 to "
                    + CardKey.MAX_LENGTH + " letters, digits, '.', '_' or '-', or leave it out for one the server"
                    + " picks");
        }
        boolean hasContent = FIELDS.stream().anyMatch(field -> !field.equals("id") && body.has(field));
        if (!hasContent) {
            return new CardBody(id, null);
        }
        CardContent content = new CardContent(
                orEmpty(body.text("title", false, "the card's title")),
                orEmpty(body.text("description", false, "what the card is for")),
                orEmpty(body.text("system", false, "the system prompt")),
                orEmpty(body.text("template", false, "the prompt with {{var}} placeholders")),
                model(body.object("model", MODEL_FIELDS, "{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\","
                        + " \"temperature\": 0.2, \"maxTokens\": 256}")),
                tests(body.raw("tests")));
        return new CardBody(id, content);
    }

    private static ModelSettings model(AdminBody model) {
        if (model == null) {
            return new ModelSettings(null, null, null, null);
        }
        Integer maxTokens = model.count("maxTokens");
        return new ModelSettings(model.text("provider", false, "openai, anthropic, ollama or echo"),
                model.text("model", false, "the provider's model name"),
                number(model.raw("temperature"), "model.temperature"),
                maxTokens == null ? null : maxTokens.longValue());
    }

    private static List<TestCase> tests(JsonNode tests) {
        if (tests == null || tests.isNull()) {
            return List.of();
        }
        if (!tests.isArray()) {
            throw ApiException.badRequest("field 'tests' must be a list of test cases, not "
                    + RunRequestBody.kind(tests));
        }
        List<TestCase> cases = new ArrayList<>(tests.size());
        for (int i = 0; i < tests.size(); i++) {
            cases.add(test(tests.get(i), "tests[" + i + "]"));
        }
        return cases;
    }

    private static TestCase test(JsonNode node, String path) {
        requireObject(node, path, TEST_FIELDS);
        return new TestCase(text(node.get("id"), path + ".id"), orEmpty(text(node.get("description"),
                path + ".description")), vars(node.get("vars"), path + ".vars"),
                orEmpty(text(node.get("expected"), path + ".expected")), assertions(node.get("assert"),
                path + ".assert"), number(node.get("threshold"), path + ".threshold"));
    }

    private static Map<String, String> vars(JsonNode node, String path) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return vars;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("field '" + path + "' must be an object of texts by variable name, not "
                    + RunRequestBody.kind(node));
        }
        node.properties().forEach(e -> vars.put(e.getKey(), orEmpty(text(e.getValue(),
                path + "." + Access.shown(e.getKey())))));
        return vars;
    }

    private static List<Assertion> assertions(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("field '" + path + "' must be a list of assertions, not "
                    + RunRequestBody.kind(node));
        }
        List<Assertion> assertions = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode assertion = node.get(i);
            requireObject(assertion, at, ASSERT_FIELDS);
            String type = text(assertion.get("type"), at + ".type");
            if (type == null || type.isBlank()) {
                throw ApiException.badRequest("field '" + at + ".type' is required: promptfoo's assertion type,"
                        + " such as contains");
            }
            assertions.add(new Assertion(type, plain(assertion.get("value")), number(assertion.get("threshold"),
                    at + ".threshold"), number(assertion.get("weight"), at + ".weight")));
        }
        return assertions;
    }

    private static void requireObject(JsonNode node, String path, List<String> fields) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("field '" + path + "' must be a JSON object, not "
                    + RunRequestBody.kind(node));
        }
        node.properties().forEach(e -> {
            if (!fields.contains(e.getKey())) {
                throw ApiException.badRequest("unknown field '" + path + "." + Access.shown(e.getKey())
                        + "': it takes " + String.join(", ", fields));
            }
        });
    }

    private static String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("field '" + path + "' must be a string, not " + RunRequestBody.kind(node));
        }
        return node.textValue();
    }

    private static Double number(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("field '" + path + "' must be a number, not " + RunRequestBody.kind(node));
        }
        return node.doubleValue();
    }

    /** A JSON value as the card holds assertion values (crdt's JS value model): Long or Double for numbers. */
    private static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
        return map;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
