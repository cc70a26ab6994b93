package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.WorkspaceRoutes.NO_SUCH_WORKSPACE;

import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiParameter;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * A workspace's audit log (the operator or an admin key of it): {@code GET .../audit?after=ID&limit=N}
 * {@code {"entries": [...]}} oldest first after the entry {@code after} (0: from the start), at most
 * {@value #MAX_LIMIT}; {@code GET .../audit/verify} {@code {"valid", "entries", "firstBad"}}: the hash chain
 * recomputed, the first entry that does not match named.
 */
final class AuditRoutes {

    static final String AUDIT = WorkspaceRoutes.WORKSPACE + "/audit";
    static final String VERIFY = AUDIT + "/verify";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AdminAccess access;
    private final AdminServices admin;

    AuditRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
    }

    /** @return the two endpoints, each with its description */
    List<ApiOperation> operations() {
        return List.of(
                ApiOperation.get(AUDIT, this::page).id("readAuditLog")
                        .summary("Read the audit log, oldest first")
                        .security(ADMIN_TOKEN, API_KEY)
                        .parameter(ApiParameter.query("after", JsonSchema.integer().minimum(0))
                                .description("The id of the last entry seen; 0 from the start."))
                        .parameter(ApiParameter.query("limit", JsonSchema.integer().minimum(1).maximum(MAX_LIMIT)))
                        .response(200, ApiResponse.json("A page of entries.", JsonSchema.ref("AuditPage")))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, NO_SUCH_WORKSPACE),
                ApiOperation.get(VERIFY, this::verify).id("verifyAuditLog")
                        .summary("Recompute the audit log's hash chain")
                        .security(ADMIN_TOKEN, API_KEY)
                        .response(200, ApiResponse.json("Whether it holds, and the first entry that does not.",
                                JsonSchema.ref("AuditVerification")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, NO_SUCH_WORKSPACE));
    }

    private void page(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "reading the audit log");
        WorkspaceRoutes.requireExists(admin, workspace);
        long after = number(ctx.queryParam("after"), "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(ctx.queryParam("limit"), "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        ApiJson.answer(ctx, 200, Map.of("entries", admin.audit().page(workspace, after, limit).stream()
                .map(AdminJson::auditEntry).toList()));
    }

    private void verify(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "verifying the audit log");
        WorkspaceRoutes.requireExists(admin, workspace);
        ApiJson.answer(ctx, 200, AdminJson.verification(admin.audit().verify(workspace)));
    }

    private static long number(String text, String name, long min, long max, long absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("?" + name + " must be a whole number from " + min + " to " + max + ", not '"
                + Access.shown(text) + "'");
    }
}
