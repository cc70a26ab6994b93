package dev.promptcards.server.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One endpoint: its method and path, the handler Javalin is given for them, and its OpenAPI operation object,
 * in one value, so that what is served and what is described cannot drift apart. A routes class returns its
 * operations; {@code ApiServer} installs each one's handler and the document describes the same list:
 * <pre>{@code
 * ApiOperation.get(RUNS, this::list).id("listRuns").summary("The card's runs, newest first")
 *         .response(200, ApiResponse.json("The runs.", JsonSchema.ref("RunList")))
 * }</pre>
 * Built once at start, then only read.
 */
public final class ApiOperation {

    private final HandlerType method;
    private final String path;
    private final Handler handler;
    private final ObjectNode operation = JsonNodeFactory.instance.objectNode();

    private ApiOperation(HandlerType method, String path, Handler handler) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * @param path    the full path template, {@code /api/v1/...} with {@code {name}} parameters
     * @param handler what answers it
     * @return a GET operation
     */
    public static ApiOperation get(String path, Handler handler) {
        return new ApiOperation(HandlerType.GET, path, handler);
    }

    /** @see #get(String, Handler) */
    public static ApiOperation post(String path, Handler handler) {
        return new ApiOperation(HandlerType.POST, path, handler);
    }

    /** @see #get(String, Handler) */
    public static ApiOperation put(String path, Handler handler) {
        return new ApiOperation(HandlerType.PUT, path, handler);
    }

    /** @see #get(String, Handler) */
    public static ApiOperation patch(String path, Handler handler) {
        return new ApiOperation(HandlerType.PATCH, path, handler);
    }

    /** @see #get(String, Handler) */
    public static ApiOperation delete(String path, Handler handler) {
        return new ApiOperation(HandlerType.DELETE, path, handler);
    }

    /**
     * @param operationId the operation's name, unique in the document
     * @return this
     */
    public ApiOperation id(String operationId) {
        operation.put("operationId", operationId);
        return this;
    }

    /**
     * @param text one line: what it does
     * @return this
     */
    public ApiOperation summary(String text) {
        operation.put("summary", text);
        return this;
    }

    /**
     * @param text the details: who may call it, what it answers
     * @return this
     */
    public ApiOperation description(String text) {
        operation.put("description", text);
        return this;
    }

    /**
     * The credentials it takes instead of the document's default; any one of them is enough.
     *
     * @param schemes names of the document's security schemes
     * @return this
     */
    public ApiOperation security(String... schemes) {
        ArrayNode alternatives = operation.putArray("security");
        for (String scheme : schemes) {
            alternatives.addObject().putArray(scheme);
        }
        return this;
    }

    /** @return this, open to anyone: no credentials ({@code "security": []}) */
    public ApiOperation open() {
        return security();
    }

    /**
     * @param parameter a query parameter (path parameters come from the path template and the document)
     * @return this
     */
    public ApiOperation parameter(ApiParameter parameter) {
        ArrayNode parameters = operation.has("parameters") ? (ArrayNode) operation.get("parameters")
                : operation.putArray("parameters");
        parameters.add(parameter.node());
        return this;
    }

    /**
     * @param required  whether a request must have a body
     * @param mediaType the body's media type
     * @param schema    its schema
     * @return this
     */
    public ApiOperation body(boolean required, String mediaType, JsonSchema schema) {
        ObjectNode body = operation.putObject("requestBody").put("required", required);
        body.putObject("content").putObject(mediaType).set("schema", schema.node());
        return this;
    }

    /**
     * @param required whether a request must have a body
     * @param schema   the JSON body's schema
     * @return this
     */
    public ApiOperation jsonBody(boolean required, JsonSchema schema) {
        return body(required, ApiResponse.JSON, schema);
    }

    /**
     * @param status   an HTTP status it answers
     * @param response what that answer is
     * @return this
     */
    public ApiOperation response(int status, ApiResponse response) {
        ObjectNode responses = operation.has("responses") ? (ObjectNode) operation.get("responses")
                : operation.putObject("responses");
        String key = Integer.toString(status);
        if (responses.has(key)) {
            throw new IllegalStateException(this + " describes status " + status + " twice");
        }
        responses.set(key, response.node());
        return this;
    }

    /** @return the HTTP method */
    public HandlerType method() {
        return method;
    }

    /** @return the full path template, {@code /api/v1/...} */
    public String path() {
        return path;
    }

    /** @return what answers it */
    public Handler handler() {
        return handler;
    }

    /** @return the OpenAPI operation object, a copy */
    public ObjectNode describe() {
        return operation.deepCopy();
    }

    @Override
    public String toString() {
        return method.name() + " " + path;
    }
}
