package dev.promptcards.runner.assertion;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema value of {@code is-json} / {@code contains-json} (promptfoo src/assertions/json.ts,
 * getJsonSchemaValidator), validated with networknt's json-schema-validator where promptfoo uses Ajv:
 * draft-07 unless the schema names another {@code $schema}, formats asserted (promptfoo adds
 * ajv-formats). A schema given as text is read as YAML, as promptfoo's {@code yaml.load} reads it (JSON
 * text is YAML too); an object or a boolean is the schema itself.
 *
 * <p>Unlike promptfoo's, a schema may not load anything: a {@code $ref} to a file, the classpath or the
 * network is refused (a card must not make the server read its files or call other hosts), and a value
 * starting with {@code file://} is refused too. Ajv's strict mode, which rejects unknown keywords, has no
 * counterpart here: unknown keywords are ignored, as the JSON Schema specification says.
 */
final class JsonSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    // Only the meta-schemas networknt ships may be "loaded" (a schema's $schema); nothing else is fetched.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemaLoader(loader -> loader.allow(JsonSchema::isMetaSchema)));

    private final Schema schema;

    private JsonSchema(Schema schema) {
        this.schema = schema;
    }

    /** json.ts hasJsonSchema: any value but absent, null and "". */
    static boolean given(Object value) {
        return value != null && !"".equals(value);
    }

    /**
     * Reads the schema of an assertion.
     *
     * @param type  the assertion's type as written, for the messages
     * @param value the assertion's value: an object, a boolean, or YAML/JSON text
     * @throws InvalidAssertionException "Invalid JSON schema: ..." when it is not a usable schema
     */
    static JsonSchema of(String type, Object value) {
        JsonNode node = node(type, value);
        try {
            Schema schema = REGISTRY.getSchema(node);
            schema.initializeValidators();
            return new JsonSchema(schema);
        } catch (RuntimeException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * Validates a JSON value (of the JS value model) against this schema.
     *
     * @return null when it conforms, else the errors as Ajv's {@code errorsText} writes them
     *         ("data/name must be string, data must have required property 'age'")
     * @throws InvalidAssertionException when the schema cannot be applied (a {@code $ref} that resolves to nothing)
     */
    String violations(Object json) {
        List<Error> errors;
        try {
            errors = schema.validate(toNode(JsJson.stringify(json)));
        } catch (RuntimeException e) {
            throw invalid(e.getMessage());
        }
        if (errors.isEmpty()) {
            return null;
        }
        return String.join(", ", errors.stream().map(SchemaErrorText::of).toList());
    }

    private static JsonNode node(String type, Object value) {
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof Map<?, ?>) {
            return toNode(JsJson.stringify(value));
        }
        if (value instanceof List<?>) {
            throw invalid("schema must be object or boolean");
        }
        if (!(value instanceof String text)) {
            throw invalid(type + " assertion must have a string, boolean, or object value");
        }
        if (text.startsWith("file://")) {
            throw invalid("a card cannot refer to a file (" + text + "): write the schema itself as the value");
        }
        JsonNode parsed;
        try {
            parsed = YAML.readTree(text);
        } catch (JacksonException e) {
            throw invalid("the value is neither JSON nor YAML: " + e.getOriginalMessage());
        }
        if (parsed == null || !(parsed.isObject() || parsed.isBoolean())) {
            throw invalid(type + " assertion must have a string, boolean, or object value");
        }
        return parsed;
    }

    private static JsonNode toNode(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            // JsJson.stringify writes JSON; Jackson reads all of it
            throw new IllegalStateException("JSON that Jackson cannot read: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isMetaSchema(AbsoluteIri iri) {
        String text = iri.toString();
        return text.startsWith("https://json-schema.org/") || text.startsWith("http://json-schema.org/");
    }

    private static InvalidAssertionException invalid(String message) {
        return new InvalidAssertionException("Invalid JSON schema: " + message);
    }
}
