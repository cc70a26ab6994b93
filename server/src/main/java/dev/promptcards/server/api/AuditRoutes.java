package dev.promptcards.server.api;

import dev.promptcards.persistence.admin.WorkspaceRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
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

    void install(RoutesConfig routes) {
        routes.get(AUDIT, this::page);
        routes.get(VERIFY, this::verify);
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
