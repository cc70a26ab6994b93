package dev.promptcards.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of the API, generated once at start from the
 * operations the server installs (each routes class's {@code operations()}, this one's too) and
 * {@link ApiComponents}, then served as the same bytes to anyone (it holds no secret).
 */
final class OpenApiRoute {

    /** Where it is served. */
    static final String PATH = ApiServer.BASE_PATH + "/openapi.json";

    private final ApiOperation operation;
    private final byte[] document;

    private OpenApiRoute(List<ApiOperation> served) {
        this.operation = ApiOperation.get(PATH, this::serve).id("openApi")
                .summary("This description")
                .open()
                .response(200, ApiResponse.json("The OpenAPI 3.1 document.", JsonSchema.object()));
        List<ApiOperation> all = new ArrayList<>(served);
        all.add(operation);
        try {
            this.document = JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(ApiComponents.document().describe(all));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    /**
     * Describes the operations and this endpoint.
     *
     * @param served every other operation the server installs
     * @return the endpoint; install its {@link #operation()} with the others
     * @throws IllegalStateException when the document would not describe them truly ({@code OpenApiDocument})
     */
    static OpenApiRoute describing(List<ApiOperation> served) {
        return new OpenApiRoute(served);
    }

    /** @return {@code GET /api/v1/openapi.json} */
    ApiOperation operation() {
        return operation;
    }

    private void serve(Context ctx) {
        ctx.status(200).contentType(ApiJson.CONTENT_TYPE).result(document);
    }
}
