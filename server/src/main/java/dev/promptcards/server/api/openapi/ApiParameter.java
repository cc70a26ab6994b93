package dev.promptcards.server.api.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI parameter object, or a reference to one of the document's component parameters. Immutable.
 */
public final class ApiParameter {

    /** Where a {@link #ref(String) reference} points: the document's component parameters. */
    public static final String COMPONENTS = "#/components/parameters/";

    private final ObjectNode node;

    private ApiParameter(ObjectNode node) {
        this.node = node;
    }

    /**
     * @param name   the name in the path template, {@code {name}}
     * @param schema its value's schema
     * @return a required path parameter
     */
    public static ApiParameter path(String name, JsonSchema schema) {
        return located(name, "path", schema).required();
    }

    /**
     * @param name   the query parameter's name
     * @param schema its value's schema
     * @return an optional query parameter (OpenAPI: a parameter not said to be required is optional)
     */
    public static ApiParameter query(String name, JsonSchema schema) {
        return located(name, "query", schema);
    }

    private static ApiParameter located(String name, String in, JsonSchema schema) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("name", name).put("in", in);
        node.set("schema", schema.node());
        return new ApiParameter(node);
    }

    /**
     * @param component the name of a component parameter
     * @return {@code {"$ref": "#/components/parameters/NAME"}}
     */
    public static ApiParameter ref(String component) {
        return new ApiParameter(JsonNodeFactory.instance.objectNode().put("$ref", COMPONENTS + component));
    }

    private ApiParameter required() {
        ObjectNode copy = node.deepCopy();
        copy.put("required", true);
        return new ApiParameter(copy);
    }

    /**
     * @param text what the parameter means
     * @return this parameter with a {@code description}
     */
    public ApiParameter description(String text) {
        ObjectNode copy = node.deepCopy();
        copy.put("description", text);
        return new ApiParameter(copy);
    }

    /** @return the parameter as JSON, a copy */
    public ObjectNode node() {
        return node.deepCopy();
    }
}
