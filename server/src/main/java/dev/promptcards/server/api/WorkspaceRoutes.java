package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.ApiComponents.error;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.admin.NoSuchWorkspaceException;
import dev.promptcards.persistence.admin.Quotas;
import dev.promptcards.persistence.admin.Workspace;
import dev.promptcards.persistence.admin.WorkspaceExistsException;
import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import io.javalin.http.Context;
import java.util.List;

/**
 * Workspaces: {@code POST /workspaces {"id", "name"}} (the operator; 201, 409 if it exists, 400 for an id
 * outside the name rule), {@code GET /workspaces/{ws}} (the operator or any key of it; the workspace with
 * {@code "usage"} beside its {@code "quotas"}: cards, this node's connections, runs today and this month's cost,
 * UTC), {@code PATCH
 * /workspaces/{ws} {"name", "quotas"}} (the operator or an admin key of it; a quota null is no limit, a
 * quota left out keeps its value). Each change is written to the workspace's audit log.
 */
final class WorkspaceRoutes {

    static final String WORKSPACES = ApiServer.BASE_PATH + "/workspaces";
    static final String WORKSPACE = WORKSPACES + "/{workspace}";
    /** The 404 of the workspace's endpoints. */
    static final ApiResponse NO_SUCH_WORKSPACE = ApiComponents.error("No such workspace (or API key).");

    private static final List<String> QUOTA_FIELDS = List.of("maxCards", "maxConnections", "maxRunsPerDay",
            "maxCostPerMonthUsd");
    private static final String CREATE_EXAMPLE = "{\"id\": \"acme\", \"name\": \"Acme Inc.\"}";
    private static final String PATCH_EXAMPLE = "{\"name\": \"Acme\", \"quotas\": {\"maxCards\": 100}}";

    private final AdminAccess access;
    private final AdminServices admin;

    WorkspaceRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
    }

    /** @return the three endpoints, each with its description */
    List<ApiOperation> operations() {
        return List.of(
                ApiOperation.post(WORKSPACES, this::create).id("createWorkspace")
                        .summary("Create a workspace")
                        .description("The operator only.")
                        .security(ADMIN_TOKEN)
                        .jsonBody(true, JsonSchema.ref("WorkspaceCreate"))
                        .response(201, ApiResponse.json("The workspace.", JsonSchema.ref("Workspace")))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(409, error("It exists.")),
                ApiOperation.get(WORKSPACE, this::get).id("getWorkspace")
                        .summary("Read a workspace")
                        .description("The operator or any key of the workspace.")
                        .security(ADMIN_TOKEN, API_KEY)
                        .response(200, ApiResponse.json("The workspace.", JsonSchema.ref("Workspace")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, NO_SUCH_WORKSPACE),
                ApiOperation.patch(WORKSPACE, this::update).id("updateWorkspace")
                        .summary("Rename a workspace or set its quotas")
                        .description("The operator or an admin key of the workspace.")
                        .security(ADMIN_TOKEN, API_KEY)
                        .jsonBody(true, JsonSchema.ref("WorkspacePatch"))
                        .response(200, ApiResponse.json("The workspace.", JsonSchema.ref("Workspace")))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, NO_SUCH_WORKSPACE));
    }

    private void create(Context ctx) {
        Principal operator = access.operator(ctx, "creating a workspace");
        AdminBody body = AdminBody.object(ctx.bodyAsBytes(), List.of("id", "name"), CREATE_EXAMPLE);
        String id = body.text("id", true, "the workspace's id (letters, digits, '.', '_', '-', at most "
                + CardKey.MAX_LENGTH + ")");
        String name = body.text("name", false, "its display name");
        if (!CardKey.isValidId(id)) {
            throw ApiException.badRequest("id '" + Access.shown(id) + "' is not a workspace id: use 1 to "
                    + CardKey.MAX_LENGTH + " letters, digits, '.', '_' or '-'");
        }
        Workspace created;
        try {
            created = admin.workspaces().create(id, name == null ? "" : name);
        } catch (WorkspaceExistsException e) {
            throw ApiException.conflict("workspace '" + id + "' exists");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        audit(operator, id, "workspace.create", id, null);
        ctx.header("Location", WORKSPACES + "/" + id);
        ApiJson.answer(ctx, 201, AdminJson.workspace(created));
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("workspace");
        access.workspace(ctx, id, WorkspaceRole.VIEWER, "reading a workspace");
        Workspace workspace = find(id);
        ApiJson.answer(ctx, 200, AdminJson.workspace(workspace, admin.usage().of(id)));
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("workspace");
        Principal principal = access.workspace(ctx, id, WorkspaceRole.ADMIN, "changing a workspace");
        AdminBody body = AdminBody.object(ctx.bodyAsBytes(), List.of("name", "quotas"), PATCH_EXAMPLE);
        String name = body.text("name", false, "its display name");
        AdminBody quotas = body.object("quotas", QUOTA_FIELDS, "{\"maxCards\": 100, \"maxCostPerMonthUsd\": 50}");
        Workspace current = find(id);
        try {
            if (name != null) {
                current = admin.workspaces().rename(id, name);
            }
            if (quotas != null) {
                current = admin.workspaces().setQuotas(id, merged(current.quotas(), quotas));
                // this node's WebSocket listener applies it at once; the others within their refresh
                admin.usage().connections().quotaChanged(id, current.quotas().maxConnections());
            }
        } catch (NoSuchWorkspaceException e) {
            throw noSuchWorkspace(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        audit(principal, id, "workspace.update", id, null);
        ApiJson.answer(ctx, 200, AdminJson.workspace(current));
    }

    /** A PATCH of quotas: a field left out keeps its value, null lifts the limit. */
    private static Quotas merged(Quotas current, AdminBody patch) {
        return new Quotas(
                patch.has("maxCards") ? patch.count("maxCards") : current.maxCards(),
                patch.has("maxConnections") ? patch.count("maxConnections") : current.maxConnections(),
                patch.has("maxRunsPerDay") ? patch.count("maxRunsPerDay") : current.maxRunsPerDay(),
                patch.has("maxCostPerMonthUsd") ? patch.amount("maxCostPerMonthUsd") : current.maxCostPerMonthUsd());
    }

    private Workspace find(String id) {
        return admin.workspaces().get(id).orElseThrow(() -> noSuchWorkspace(id));
    }

    /** @throws ApiException 404 when there is no such workspace */
    static void requireExists(AdminServices admin, String id) {
        if (admin.workspaces().get(id).isEmpty()) {
            throw noSuchWorkspace(id);
        }
    }

    static ApiException noSuchWorkspace(String id) {
        return ApiException.notFound("no workspace '" + Access.shown(id) + "'");
    }

    private void audit(Principal principal, String workspace, String action, String target, String detail) {
        admin.audit().append(workspace, principal.actorKind(), principal.actor(), action, target, detail);
    }
}
