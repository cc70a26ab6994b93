package dev.promptcards.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the hand-written OpenAPI 3.1 description of the API, a resource beside
 * this class, served as it is to anyone (it holds no secret).
 */
final class OpenApiRoute {

    /** Where it is served. */
    static final String PATH = ApiServer.BASE_PATH + "/openapi.json";
    /** The resource, beside this class. */
    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    private OpenApiRoute(byte[] document) {
        this.document = document;
    }

    /** Reads the resource once. */
    static OpenApiRoute load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing beside "
                        + OpenApiRoute.class.getName() + ": the build left it out");
            }
            return new OpenApiRoute(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + RESOURCE, e);
        }
    }

    /** Adds the endpoint. */
    void install(RoutesConfig routes) {
        routes.get(PATH, this::serve);
    }

    private void serve(Context ctx) {
        ctx.status(200).contentType(ApiJson.CONTENT_TYPE).result(document);
    }
}
