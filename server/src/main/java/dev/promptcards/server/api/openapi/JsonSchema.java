package dev.promptcards.server.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * A JSON Schema (2020-12, the dialect of OpenAPI 3.1) written in Java: {@code JsonSchema.object().required("id")
 * .property("id", JsonSchema.string())}. Immutable: each step returns a new schema, so constants can be shared.
 */
public final class JsonSchema {

    /** Where a {@link #ref(String) reference} points: the document's component schemas. */
    public static final String COMPONENTS = "#/components/schemas/";

    private final ObjectNode node;

    private JsonSchema(ObjectNode node) {
        this.node = node;
    }

    private static JsonSchema typed(String type) {
        return new JsonSchema(JsonNodeFactory.instance.objectNode().put("type", type));
    }

    /** @return {@code {"type": "object"}} */
    public static JsonSchema object() {
        return typed("object");
    }

    /** @return {@code {"type": "string"}} */
    public static JsonSchema string() {
        return typed("string");
    }

    /** @return {@code {"type": "integer"}} */
    public static JsonSchema integer() {
        return typed("integer");
    }

    /** @return {@code {"type": "number"}} */
    public static JsonSchema number() {
        return typed("number");
    }

    /** @return {@code {"type": "boolean"}} */
    public static JsonSchema bool() {
        return typed("boolean");
    }

    /** @return {@code {"type": "null"}} */
    public static JsonSchema nullValue() {
        return typed("null");
    }

    /**
     * @param items the schema of each item
     * @return {@code {"type": "array", "items": ...}}
     */
    public static JsonSchema array(JsonSchema items) {
        return typed("array").with(n -> n.set("items", items.node()));
    }

    /**
     * @param component the name of a component schema
     * @return {@code {"$ref": "#/components/schemas/NAME"}}
     */
    public static JsonSchema ref(String component) {
        return new JsonSchema(JsonNodeFactory.instance.objectNode().put("$ref", COMPONENTS + component));
    }

    /**
     * @param values the only values allowed
     * @return {@code {"enum": [...]}}
     */
    public static JsonSchema oneValueOf(String... values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode list = node.putArray("enum");
        for (String value : values) {
            list.add(value);
        }
        return new JsonSchema(node);
    }

    /**
     * @param value the one value allowed
     * @return {@code {"const": value}}
     */
    public static JsonSchema constant(String value) {
        return new JsonSchema(JsonNodeFactory.instance.objectNode().put("const", value));
    }

    /**
     * @param options the schemas of which exactly one must hold
     * @return {@code {"oneOf": [...]}}
     */
    public static JsonSchema oneOf(JsonSchema... options) {
        return combined("oneOf", options);
    }

    /**
     * @param parts the schemas that must all hold
     * @return {@code {"allOf": [...]}}
     */
    public static JsonSchema allOf(JsonSchema... parts) {
        return combined("allOf", parts);
    }

    private static JsonSchema combined(String keyword, JsonSchema... schemas) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode list = node.putArray(keyword);
        for (JsonSchema schema : schemas) {
            list.add(schema.node());
        }
        return new JsonSchema(node);
    }

    /** @return this schema with null allowed too: its {@code type} becomes {@code [type, "null"]} */
    public JsonSchema orNull() {
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalStateException("orNull() needs a schema of one type, not " + node);
        }
        return with(n -> n.putArray("type").add(type.textValue()).add("null"));
    }

    /**
     * @param names the properties an object must have, added to those already required
     * @return this schema with them required
     */
    public JsonSchema required(String... names) {
        return with(n -> {
            ArrayNode list = n.has("required") ? (ArrayNode) n.get("required") : n.putArray("required");
            for (String name : names) {
                list.add(name);
            }
        });
    }

    /**
     * @param name   a property of the object
     * @param schema its schema
     * @return this schema with the property
     */
    public JsonSchema property(String name, JsonSchema schema) {
        return with(n -> {
            ObjectNode properties = n.has("properties") ? (ObjectNode) n.get("properties") : n.putObject("properties");
            properties.set(name, schema.node());
        });
    }

    /** @return this object schema with no properties besides those named ({@code additionalProperties: false}) */
    public JsonSchema closed() {
        return with(n -> n.put("additionalProperties", false));
    }

    /**
     * @param values the schema of every property's value (a map)
     * @return this object schema with {@code additionalProperties} set to it
     */
    public JsonSchema values(JsonSchema values) {
        return with(n -> n.set("additionalProperties", values.node()));
    }

    /**
     * @param text what the value means
     * @return this schema with a {@code description}
     */
    public JsonSchema description(String text) {
        return with(n -> n.put("description", text));
    }

    /**
     * @param format a format such as {@code date-time}
     * @return this schema with the {@code format}
     */
    public JsonSchema format(String format) {
        return with(n -> n.put("format", format));
    }

    /**
     * @param regex an ECMA-262 regular expression a string must match
     * @return this schema with the {@code pattern}
     */
    public JsonSchema pattern(String regex) {
        return with(n -> n.put("pattern", regex));
    }

    /**
     * @param encoding how a string encodes bytes, such as {@code base64}
     * @return this schema with the {@code contentEncoding}
     */
    public JsonSchema contentEncoding(String encoding) {
        return with(n -> n.put("contentEncoding", encoding));
    }

    /**
     * @param min the least value of a number
     * @return this schema with the {@code minimum}
     */
    public JsonSchema minimum(long min) {
        return with(n -> n.put("minimum", min));
    }

    /**
     * @param max the greatest value of a number
     * @return this schema with the {@code maximum}
     */
    public JsonSchema maximum(long max) {
        return with(n -> n.put("maximum", max));
    }

    /**
     * @param value the value assumed when it is absent
     * @return this schema with the {@code default}
     */
    public JsonSchema defaultValue(long value) {
        return with(n -> n.put("default", value));
    }

    /**
     * @param min the least length of a string
     * @return this schema with the {@code minLength}
     */
    public JsonSchema minLength(int min) {
        return with(n -> n.put("minLength", min));
    }

    /**
     * @param min the fewest items of an array
     * @return this schema with the {@code minItems}
     */
    public JsonSchema minItems(int min) {
        return with(n -> n.put("minItems", min));
    }

    /** @return this array schema with {@code uniqueItems: true} */
    public JsonSchema uniqueItems() {
        return with(n -> n.put("uniqueItems", true));
    }

    private JsonSchema with(Consumer<ObjectNode> change) {
        ObjectNode copy = node.deepCopy();
        change.accept(copy);
        return new JsonSchema(copy);
    }

    /** @return the schema as JSON, a copy */
    public ObjectNode node() {
        return node.deepCopy();
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
