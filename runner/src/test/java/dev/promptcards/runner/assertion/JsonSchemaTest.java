package dev.promptcards.runner.assertion;

import static dev.promptcards.runner.assertion.Checks.eval;
import static dev.promptcards.runner.assertion.Checks.failed;
import static dev.promptcards.runner.assertion.Checks.outcome;
import static dev.promptcards.runner.assertion.Checks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.lib0.JsJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** is-json and contains-json with a JSON Schema value, against promptfoo's json.ts. */
class JsonSchemaTest {

    private static final String CONFORMS = "JSON does not conform to the provided schema. Errors: ";

    /** {type: object, required: [name, age], properties: {name: string, age: integer >= 0}} */
    private static final Object PERSON = json("""
            {"type": "object", "required": ["name", "age"],
             "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}}""");

    /**
     * A value as a card holds it: parsed JSON keeps its keys' order, which is the order of the errors
     * (Map.of's order changes from run to run).
     */
    private static Object json(String text) {
        return JsJson.parse(text);
    }

    @Test
    void contains_json_passes_when_an_object_in_the_output_conforms() {
        assertEquals(passed("contains-json"),
                eval("contains-json", PERSON, "Here you go: {\"name\": \"Ann\", \"age\": 30} Anything else?"));
    }

    @Test
    void contains_json_fails_with_the_schemas_errors_in_ajvs_words() {
        assertEquals(failed("contains-json", CONFORMS + "data/name must be string, data must have required property 'age'"),
                eval("contains-json", PERSON, "{\"name\": 5}"));
        assertEquals(failed("contains-json", CONFORMS + "data/age must be >= 0"),
                eval("contains-json", PERSON, "{\"name\": \"Ann\", \"age\": -1}"));
    }

    @Test
    void contains_json_passes_when_a_later_object_conforms() {
        assertEquals(passed("contains-json"),
                eval("contains-json", PERSON, "{\"name\": 5} and then {\"name\": \"Bo\", \"age\": 2}"));
    }

    @Test
    void contains_json_without_any_object_fails_as_without_a_schema() {
        assertEquals(failed("contains-json", "Expected output to contain valid JSON"),
                eval("contains-json", PERSON, "no json here"));
    }

    @Test
    void not_contains_json_fails_only_on_a_conforming_object() {
        assertEquals(failed("not-contains-json", "Output contains JSON conforming to the provided schema"),
                eval("not-contains-json", PERSON, "{\"name\": 5} {\"name\": \"Bo\", \"age\": 2}"));
        assertEquals(passed("not-contains-json"), eval("not-contains-json", PERSON, "{\"name\": 5}"));
        assertEquals(passed("not-contains-json"), eval("not-contains-json", PERSON, "plain text"));
    }

    @Test
    void is_json_with_a_schema_needs_the_output_to_be_json_that_conforms() {
        assertEquals(passed("is-json"), eval("is-json", PERSON, "{\"name\": \"Ann\", \"age\": 30}"));
        assertEquals(failed("is-json", CONFORMS + "data must have required property 'name'"),
                eval("is-json", PERSON, "{\"age\": 30}"));
        assertEquals(failed("is-json", "Expected output to be valid JSON"),
                eval("is-json", PERSON, "Sure: {\"name\": \"Ann\", \"age\": 30}"));
    }

    @Test
    void not_is_json_with_a_schema_fails_only_on_conforming_json() {
        assertEquals(failed("not-is-json", "Output is JSON that conforms to the provided schema"),
                eval("not-is-json", PERSON, "{\"name\": \"Ann\", \"age\": 30}"));
        assertEquals(passed("not-is-json"), eval("not-is-json", PERSON, "{\"age\": 30}"));
        assertEquals(passed("not-is-json"), eval("not-is-json", PERSON, "not json"));
    }

    @Test
    void a_schema_written_as_yaml_or_json_text_is_read() {
        String yaml = "type: object\nrequired: [name]\nproperties:\n  name:\n    type: string\n";
        assertEquals(passed("is-json"), eval("is-json", yaml, "{\"name\": \"Ann\"}"));
        assertEquals(failed("is-json", CONFORMS + "data/name must be string"), eval("is-json", yaml, "{\"name\": 1}"));
        String json = "{\"type\": \"array\", \"items\": {\"type\": \"number\"}}";
        assertEquals(passed("is-json"), eval("is-json", json, "[1, 2.5]"));
        assertEquals(failed("is-json", CONFORMS + "data/1 must be number"), eval("is-json", json, "[1, \"2\"]"));
    }

    @Test
    void boolean_schemas_accept_everything_or_nothing() {
        assertEquals(passed("is-json"), eval("is-json", true, "{\"anything\": 1}"));
        assertEquals(failed("is-json", CONFORMS + "data boolean schema is false"), eval("is-json", false, "{}"));
    }

    @Test
    void keyword_errors_read_as_ajvs() {
        Object schema = json("""
                {"type": "object", "additionalProperties": false, "properties": {
                  "tags": {"type": "array", "minItems": 2, "uniqueItems": true},
                  "level": {"enum": ["low", "high"]},
                  "code": {"type": "string", "pattern": "^[A-Z]{3}$", "maxLength": 3},
                  "email": {"type": "string", "format": "email"},
                  "kind": {"type": ["string", "null"]}}}""");
        assertEquals(failed("is-json", CONFORMS + "data/tags must NOT have fewer than 2 items"),
                eval("is-json", schema, "{\"tags\": [\"a\"]}"));
        assertEquals(failed("is-json", CONFORMS + "data/tags must NOT have duplicate items"),
                eval("is-json", schema, "{\"tags\": [\"a\", \"a\"]}"));
        assertEquals(failed("is-json", CONFORMS + "data/level must be equal to one of the allowed values"),
                eval("is-json", schema, "{\"level\": \"mid\"}"));
        assertEquals(failed("is-json", CONFORMS + "data/code must match pattern \"^[A-Z]{3}$\""),
                eval("is-json", schema, "{\"code\": \"ab\"}"));
        assertEquals(failed("is-json", CONFORMS + "data/code must match pattern \"^[A-Z]{3}$\", "
                + "data/code must NOT have more than 3 characters"), eval("is-json", schema, "{\"code\": \"ABCD\"}"));
        assertEquals(failed("is-json", CONFORMS + "data/email must match format \"email\""),
                eval("is-json", schema, "{\"email\": \"not an address\"}"));
        assertEquals(failed("is-json", CONFORMS + "data/kind must be string,null"),
                eval("is-json", schema, "{\"kind\": 3}"));
        assertEquals(failed("is-json", CONFORMS + "data must NOT have additional properties ('extra')"),
                eval("is-json", schema, "{\"extra\": 1}"));
    }

    @Test
    void a_schema_that_is_not_one_is_an_error_whatever_the_output() {
        assertInvalid("Invalid JSON schema: contains-json assertion must have a string, boolean, or object value",
                "contains-json", 42L);
        assertInvalid("Invalid JSON schema: not-is-json assertion must have a string, boolean, or object value",
                "not-is-json", "just words");
        assertInvalid("Invalid JSON schema: schema must be object or boolean", "is-json", List.of("a"));
        assertTrue(outcome("is-json", "type: [unclosed", "{}").result().reason()
                .startsWith("Invalid JSON schema: the value is neither JSON nor YAML: "));
    }

    @Test
    void a_schema_cannot_make_the_server_read_files_or_call_other_hosts() {
        assertInvalid("Invalid JSON schema: a card cannot refer to a file (file://schema.json): write the schema "
                + "itself as the value", "is-json", "file://schema.json");
        assertInvalid("Invalid JSON schema: Schema from 'http://127.0.0.1:9/schema.json' is not allowed to be loaded.",
                "is-json", Map.of("$ref", "http://127.0.0.1:9/schema.json"));
        assertInvalid("Invalid JSON schema: Schema from 'classpath:dev/promptcards/runner/pricing/prices.csv' is not "
                + "allowed to be loaded.", "is-json", Map.of("$ref", "classpath:dev/promptcards/runner/pricing/prices.csv"));
    }

    @Test
    void a_schema_may_name_another_draft() {
        Object schema = json("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array",
                 "prefixItems": [{"type": "string"}]}""");
        assertEquals(passed("is-json"), eval("is-json", schema, "[\"a\", 1]"));
        assertEquals(failed("is-json", CONFORMS + "data/0 must be string"), eval("is-json", schema, "[1]"));
    }

    @Test
    void no_schema_value_means_plain_json_checks() {
        assertEquals(passed("is-json"), eval("is-json", "", "[]"));
        assertEquals(passed("contains-json"), eval("contains-json", null, "x {\"a\": 1}"));
    }

    private static void assertInvalid(String reason, String type, Object schema) {
        AssertionOutcome outcome = outcome(type, schema, "{\"name\": \"Ann\"}");
        assertTrue(outcome.error(), outcome.result().reason());
        assertEquals(failed(type, reason), outcome.result());
        assertTrue(outcome(type, schema, "no json").error());
    }
}
