package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.WorkspaceRoutes.NO_SUCH_WORKSPACE;

import dev.promptcards.persistence.admin.NewApiKey;
import dev.promptcards.persistence.admin.NoSuchWorkspaceException;
import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * A workspace's API keys (the operator or an admin key of the workspace): {@code POST .../api-keys {"name",
 * "role"}} 201 {@code {"id", "name", "role", "key"}} (the key is shown this once), {@code GET .../api-keys}
 * {@code {"apiKeys": [...]}} without keys, {@code DELETE .../api-keys/{id}} 204 (the key answers 401 from then
 * on), 404 for a key the workspace does not have. Each change is written to the audit log.
 */
final class ApiKeyRoutes {

    static final String KEYS = WorkspaceRoutes.WORKSPACE + "/api-keys";
    static final String KEY = KEYS + "/{key}";

    private static final String EXAMPLE = "{\"name\": \"ci\", \"role\": \"editor\"}";

    private final AdminAccess access;
    private final AdminServices admin;

    ApiKeyRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
    }

    /** @return the three endpoints, each with its description */
    List<ApiOperation> operations() {
        return List.of(
                ApiOperation.post(KEYS, this::create).id("createApiKey")
                        .summary("Create an API key")
                        .description("The operator or an admin key of the workspace. The key is in this answer"
                                + " only.")
                        .security(ADMIN_TOKEN, API_KEY)
                        .jsonBody(true, JsonSchema.ref("ApiKeyCreate"))
                        .response(201, ApiResponse.json("The key, shown once.", JsonSchema.ref("NewApiKey")))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, NO_SUCH_WORKSPACE),
                ApiOperation.get(KEYS, this::list).id("listApiKeys")
                        .summary("List the API keys (never the keys themselves)")
                        .security(ADMIN_TOKEN, API_KEY)
                        .response(200, ApiResponse.json("The keys, revoked ones too.", JsonSchema.ref("ApiKeyList")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, NO_SUCH_WORKSPACE),
                ApiOperation.delete(KEY, this::revoke).id("revokeApiKey")
                        .summary("Revoke an API key")
                        .description("It answers 401 from then on.")
                        .security(ADMIN_TOKEN, API_KEY)
                        .response(204, ApiResponse.empty("Revoked."))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, NO_SUCH_WORKSPACE));
    }

    private void create(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        Principal principal = access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "creating an API key");
        AdminBody body = AdminBody.object(ctx.bodyAsBytes(), List.of("name", "role"), EXAMPLE);
        String name = body.text("name", true, "what the key is for");
        String roleText = body.text("role", true, "admin, editor or viewer");
        WorkspaceRole role;
        try {
            role = WorkspaceRole.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'role': " + e.getMessage());
        }
        NewApiKey key;
        try {
            key = admin.apiKeys().create(workspace, name, role);
        } catch (NoSuchWorkspaceException e) {
            throw WorkspaceRoutes.noSuchWorkspace(workspace);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        admin.audit().append(workspace, principal.actorKind(), principal.actor(), "api-key.create", key.id(),
                null);
        ctx.header("Location", KEYS.replace("{workspace}", workspace) + "/" + key.id());
        ApiJson.answer(ctx, 201, AdminJson.newKey(key));
    }

    private void list(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "listing API keys");
        WorkspaceRoutes.requireExists(admin, workspace);
        ApiJson.answer(ctx, 200, Map.of("apiKeys", admin.apiKeys().list(workspace).stream().map(AdminJson::key)
                .toList()));
    }

    private void revoke(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        String id = ctx.pathParam("key");
        Principal principal = access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "revoking an API key");
        WorkspaceRoutes.requireExists(admin, workspace);
        if (!admin.apiKeys().revoke(workspace, id)) {
            throw ApiException.notFound("workspace '" + Access.shown(workspace) + "' has no API key '"
                    + Access.shown(id) + "'");
        }
        admin.audit().append(workspace, principal.actorKind(), principal.actor(), "api-key.revoke", id, null);
        ctx.status(204);
    }
}
