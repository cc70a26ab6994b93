package dev.promptcards.server.api;

import static dev.promptcards.server.api.openapi.JsonSchema.object;
import static dev.promptcards.server.api.openapi.JsonSchema.string;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.server.api.openapi.ApiParameter;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import dev.promptcards.server.api.openapi.OpenApiDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API's OpenAPI document says besides its operations: the info, the security schemes, the path
 * parameters, the answers many operations share, and the component schemas ({@code Error} here, the others in
 * {@link RunSchemas} and {@link AdminSchemas}). The operations themselves are described where they are installed,
 * by each routes class's {@code operations()}.
 */
final class ApiComponents {

    /** The security scheme of a card's JWT, the one its WebSocket takes. */
    static final String CARD_TOKEN = "cardToken";
    /** The security scheme of the operator's {@code --admin-token}. */
    static final String ADMIN_TOKEN = "adminToken";
    /** The security scheme of a workspace API key. */
    static final String API_KEY = "apiKey";

    /** 400: the request is not one the operation takes. */
    static final ApiResponse BAD_REQUEST = ApiResponse.ref("BadRequest");
    /** 401: no credentials, or bad ones. */
    static final ApiResponse UNAUTHORIZED = ApiResponse.ref("Unauthorized");
    /** 403: credentials that do not allow this. */
    static final ApiResponse FORBIDDEN = ApiResponse.ref("Forbidden");
    /** 404 of the runs endpoints: no such card or run. */
    static final ApiResponse NOT_FOUND = ApiResponse.ref("NotFound");
    /** 413: the body is over the limit. */
    static final ApiResponse TOO_LARGE = ApiResponse.ref("TooLarge");
    /** 501 of the runs endpoints: this server runs no tests. */
    static final ApiResponse NOT_CONFIGURED = ApiResponse.ref("NotConfigured");

    /** The schema of every error's body. */
    static final JsonSchema ERROR = JsonSchema.ref("Error");

    /** A workspace or card id, as {@link CardKey} takes it. */
    static final JsonSchema ID = string().pattern("^[A-Za-z0-9._-]{1," + CardKey.MAX_LENGTH + "}$");

    private static final String DESCRIPTION = "The runs of prompt cards: start a run of a card's tests, list and"
            + " read runs as stored, cancel one. Authenticate with the card's JWT (the one its WebSocket takes) as"
            + " 'Authorization: Bearer <JWT>': a viewer's token may read, an editor's may also start and cancel."
            + " Every error is {\"error\": \"what went wrong and what to do\"}. Every answer allows any origin"
            + " (CORS, no credentials). The admin endpoints (workspaces, their API keys and audit log) take the"
            + " operator's admin token (--admin-token) or a workspace API key (pck_...) instead.";

    private ApiComponents() {
    }

    /**
     * @param description what the error means here
     * @return an error answer, {@code {"error": "..."}}
     */
    static ApiResponse error(String description) {
        return ApiResponse.json(description, ERROR);
    }

    /** @return the document of this API, ready for its operations */
    static OpenApiDocument document() {
        ObjectNode info = JsonNodeFactory.instance.objectNode()
                .put("title", "promptcards HTTP API")
                .put("version", "1")
                .put("description", DESCRIPTION);
        return new OpenApiDocument(info, ApiServer.BASE_PATH, List.of(CARD_TOKEN), pathParameters(), components());
    }

    /** Every {@code {name}} a path template of the API may hold. */
    private static Map<String, ApiParameter> pathParameters() {
        return Map.of(
                "workspace", ApiParameter.ref("workspace"),
                "card", ApiParameter.ref("card"),
                "run", ApiParameter.path("run", string()).description("The run's id."),
                "key", ApiParameter.path("key", string()),
                "subject", ApiParameter.path("subject", string()).description("A token's subject (its sub claim)."));
    }

    private static ObjectNode components() {
        ObjectNode components = JsonNodeFactory.instance.objectNode();
        ObjectNode schemes = components.putObject("securitySchemes");
        bearer(schemes, CARD_TOKEN, "The card's JWT: claims sub, ws (the workspace), cards (a list of card names,"
                + " or \"*\"), role (editor or viewer), exp.").put("bearerFormat", "JWT");
        bearer(schemes, ADMIN_TOKEN, "The operator's token (--admin-token): every workspace.");
        bearer(schemes, API_KEY, "A workspace API key, pck_ and 43 base64url characters, with role admin, editor or"
                + " viewer in its workspace.");
        ObjectNode parameters = components.putObject("parameters");
        parameters.set("workspace", ApiParameter.path("workspace", ID).node());
        parameters.set("card", ApiParameter.path("card", ID).node());
        ObjectNode responses = components.putObject("responses");
        responses.set("BadRequest", error("Invalid input; the error names the field.").node());
        responses.set("Unauthorized", error("No token, or an invalid or expired one.")
                .header("WWW-Authenticate", null, string()).node());
        responses.set("Forbidden", error("The token is for another workspace or card, or a viewer's where an"
                + " editor's is needed.").node());
        responses.set("NotFound", error("No such card, or no such run.").node());
        responses.set("TooLarge", error("The body is larger than the server takes ("
                + ApiConfig.DEFAULT_MAX_BODY_BYTES / 1024 + " KiB by default).").node());
        responses.set("NotConfigured", error("Test runs are not available on this server; the error says what to"
                + " configure.").node());
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        schemas.put("Error", object().required("error")
                .property("error", string().description("What went wrong and what to do.")));
        schemas.putAll(RunSchemas.all());
        schemas.putAll(AdminSchemas.all());
        schemas.putAll(CardSchemas.all());
        ObjectNode schemaNodes = components.putObject("schemas");
        schemas.forEach((name, schema) -> schemaNodes.set(name, schema.node()));
        return components;
    }

    private static ObjectNode bearer(ObjectNode schemes, String name, String description) {
        return schemes.putObject(name).put("type", "http").put("scheme", "bearer").put("description", description);
    }
}
