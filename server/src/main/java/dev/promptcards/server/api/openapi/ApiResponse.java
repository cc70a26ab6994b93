package dev.promptcards.server.api.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI response object, or a reference to one of the document's component responses. Immutable.
 */
public final class ApiResponse {

    /** Where a {@link #ref(String) reference} points: the document's component responses. */
    public static final String COMPONENTS = "#/components/responses/";
    /** The media type of JSON bodies. */
    public static final String JSON = "application/json";

    private final ObjectNode node;

    private ApiResponse(ObjectNode node) {
        this.node = node;
    }

    /**
     * @param description what the answer means
     * @return an answer without a body
     */
    public static ApiResponse empty(String description) {
        return new ApiResponse(JsonNodeFactory.instance.objectNode().put("description", description));
    }

    /**
     * @param description what the answer means
     * @param schema      its JSON body's schema
     * @return an answer with a JSON body
     */
    public static ApiResponse json(String description, JsonSchema schema) {
        return of(description, JSON, schema);
    }

    /**
     * @param description what the answer means
     * @param mediaType   its body's media type
     * @param schema      its body's schema
     * @return an answer with a body
     */
    public static ApiResponse of(String description, String mediaType, JsonSchema schema) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("description", description);
        node.putObject("content").putObject(mediaType).set("schema", schema.node());
        return new ApiResponse(node);
    }

    /**
     * @param component the name of a component response
     * @return {@code {"$ref": "#/components/responses/NAME"}}
     */
    public static ApiResponse ref(String component) {
        return new ApiResponse(JsonNodeFactory.instance.objectNode().put("$ref", COMPONENTS + component));
    }

    /**
     * @param name        the header's name
     * @param description what it holds, or null
     * @param schema      its value's schema
     * @return this answer with the header
     */
    public ApiResponse header(String name, String description, JsonSchema schema) {
        ObjectNode copy = node.deepCopy();
        ObjectNode headers = copy.has("headers") ? (ObjectNode) copy.get("headers") : copy.putObject("headers");
        ObjectNode header = headers.putObject(name);
        if (description != null) {
            header.put("description", description);
        }
        header.set("schema", schema.node());
        return new ApiResponse(copy);
    }

    /** @return the response as JSON, a copy */
    public ObjectNode node() {
        return node.deepCopy();
    }
}
