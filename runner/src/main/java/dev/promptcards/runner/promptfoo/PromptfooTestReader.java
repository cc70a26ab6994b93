package dev.promptcards.runner.promptfoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.runner.assertion.Assertions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Reads promptfoo test cases ({@code tests[i]}, {@code defaultTest}) and their assertions into the card's
 * form, logging what is kept in another form and refusing what the card cannot hold (see
 * {@link PromptfooImport} for the rules).
 */
final class PromptfooTestReader {

    private static final Set<String> TEST_FIELDS = Set.of("description", "vars", "assert", "threshold",
            "metadata", "options");
    private static final Set<String> DEFAULT_FIELDS = Set.of("vars", "assert", "threshold", "options");
    private static final Set<String> ASSERTION_FIELDS = Set.of("type", "value", "threshold", "weight", "metric");

    private final ImportLog log;

    PromptfooTestReader(ImportLog log) {
        this.log = log;
    }

    /**
     * A test case; its id is the one of {@code metadata.testId}, else null.
     *
     * @param assertPath the path of the test's assertion at an index
     */
    TestCase test(JsonNode node, String path, IntFunction<String> assertPath) {
        return read(node, path, assertPath, TEST_FIELDS);
    }

    /** {@code defaultTest}: vars, assertions and threshold only. */
    PromptfooDefaultTest.Shared defaultTest(JsonNode node) {
        TestCase test = read(node, "defaultTest", i -> "defaultTest.assert[" + i + "]", DEFAULT_FIELDS);
        return test == null ? new PromptfooDefaultTest.Shared(Map.of(), List.of(), null)
                : new PromptfooDefaultTest.Shared(test.vars(), test.assertions(), test.threshold());
    }

    private TestCase read(JsonNode node, String path, IntFunction<String> assertPath, Set<String> fields) {
        if (node.isTextual() && node.asText().startsWith("file://")) {
            log.refuse(path, node.asText() + " cannot be read here; put the test inline");
            return null;
        }
        if (!(node instanceof ObjectNode test)) {
            log.refuse(path, "a test case must be a map");
            return null;
        }
        test.properties().forEach(e -> {
            if (!fields.contains(e.getKey())) {
                log.refuse(path + "." + e.getKey(), "not supported");
            }
        });
        JsonNode options = test.get("options");
        if (options != null && !(options.isObject() && options.isEmpty()) && !options.isNull()) {
            log.refuse(path + ".options", "not supported (prefix, suffix, transform, provider and other options"
                    + " change how the card is run or graded)");
        }
        String name = text(test.get("description"), path + ".description");
        Map<String, String> vars = vars(test.get("vars"), path + ".vars");
        List<Assertion> assertions = new ArrayList<>();
        JsonNode asserts = test.get("assert");
        if (asserts != null && !asserts.isNull()) {
            if (!asserts.isArray()) {
                log.refuse(path + ".assert", "must be a list of assertions");
            } else {
                for (int i = 0; i < asserts.size(); i++) {
                    Assertion a = assertion(asserts.get(i), assertPath.apply(i));
                    if (a != null) {
                        assertions.add(a);
                    }
                }
            }
        }
        Double threshold = number(test.get("threshold"), path + ".threshold");
        String[] metadata = metadata(test.get("metadata"), path + ".metadata");
        return new TestCase(metadata[0], name == null ? "" : name, vars, metadata[1], assertions, threshold);
    }

    /** {testId, expected}; other keys are noted as not kept. */
    private String[] metadata(JsonNode node, String path) {
        String[] kept = {null, ""};
        if (node == null || node.isNull()) {
            return kept;
        }
        if (!node.isObject()) {
            log.refuse(path, "must be a map");
            return kept;
        }
        node.properties().forEach(e -> {
            String at = path + "." + e.getKey();
            switch (e.getKey()) {
                case PromptfooExport.TEST_ID -> kept[0] = text(e.getValue(), at);
                case PromptfooExport.EXPECTED -> kept[1] = text(e.getValue(), at);
                default -> log.note(at, "not kept: a card's test holds no metadata (it does not change how the"
                        + " test is run or graded)");
            }
        });
        return kept;
    }

    private Map<String, String> vars(JsonNode node, String path) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return vars;
        }
        if (node.isTextual()) {
            log.refuse(path, node.asText() + " cannot be read here; put the variables inline");
            return vars;
        }
        if (!node.isObject()) {
            log.refuse(path, "must be a map of variable names to values");
            return vars;
        }
        node.properties().forEach(e -> {
            String at = path + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value.isTextual()) {
                if (value.asText().startsWith("file://")) {
                    log.refuse(at, value.asText() + " cannot be read here; put the value inline");
                } else {
                    vars.put(e.getKey(), value.asText());
                }
            } else if (value.isNumber() || value.isBoolean()) {
                String text = String.valueOf(PlainValues.of(value));
                vars.put(e.getKey(), text);
                log.note(at, "kept as the text " + text + " (a card's variable is text; the prompt renders the"
                        + " same)");
            } else if (value.isArray()) {
                log.refuse(at, "a list is not supported (promptfoo runs one test per element; a card's variable"
                        + " holds one text)");
            } else {
                log.refuse(at, "must be a text, a number or a boolean");
            }
        });
        return vars;
    }

    private Assertion assertion(JsonNode node, String path) {
        if (!(node instanceof ObjectNode assertion)) {
            log.refuse(path, "an assertion must be a map");
            return null;
        }
        boolean ok = true;
        for (var e : assertion.properties()) {
            if (!ASSERTION_FIELDS.contains(e.getKey())) {
                log.refuse(path + "." + e.getKey(), "not supported");
                ok = false;
            }
        }
        JsonNode typeNode = assertion.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            log.refuse(path + ".type", "missing or not a text");
            return null;
        }
        String type = typeNode.asText();
        if (!Assertions.supports(type)) {
            log.refuse(path + ".type", type + " is not supported");
            ok = false;
        }
        JsonNode value = assertion.get("value");
        if (value != null && value.isTextual() && value.asText().startsWith("file://")) {
            log.refuse(path + ".value", value.asText() + " cannot be read here; put the value inline");
            ok = false;
        }
        if (assertion.has("metric")) {
            log.note(path + ".metric", "not kept: a card's assertion has no metric name (it does not change the"
                    + " grade)");
        }
        Double threshold = number(assertion.get("threshold"), path + ".threshold");
        Double weight = number(assertion.get("weight"), path + ".weight");
        return ok ? new Assertion(type, PlainValues.of(value), threshold, weight) : null;
    }

    String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode() || node.isBinary()) {
            log.refuse(path, "must be a text");
            return null;
        }
        return node.asText();
    }

    Double number(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            log.refuse(path, "must be a number");
            return null;
        }
        return node.asDouble();
    }
}
