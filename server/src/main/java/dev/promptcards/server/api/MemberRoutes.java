package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.admin.MemberPut;
import dev.promptcards.persistence.admin.NoSuchWorkspaceException;
import dev.promptcards.persistence.admin.WorkspaceRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * A workspace's members (the operator or an admin key of the workspace): {@code PUT .../members/{sub}
 * {"role"}} 201 {@code {"subject", "role", "addedAt"}} for a new member, 200 for a role set again (changed or
 * not); {@code GET .../members} {@code {"members": [...]}} by subject; {@code DELETE .../members/{sub}} 204,
 * 404 for a subject that is not a member. A workspace with members is closed to everyone else, and a token's
 * role there is at most its subject's ({@code members/MemberRoles}); each change reaches the subject's open
 * connections on this node before the answer ({@code members/Memberships#changed}) and is written to the
 * audit log ({@code member.put} with the detail {@code {"role": ...}}, {@code member.remove}).
 */
final class MemberRoutes {

    static final String MEMBERS = WorkspaceRoutes.WORKSPACE + "/members";
    static final String MEMBER = MEMBERS + "/{subject}";

    private static final String EXAMPLE = "{\"role\": \"editor\"}";

    private final AdminAccess access;
    private final AdminServices admin;

    MemberRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
    }

    void install(RoutesConfig routes) {
        routes.put(MEMBER, this::put);
        routes.get(MEMBERS, this::list);
        routes.delete(MEMBER, this::remove);
    }

    /** The workspace of the path; 404 for an id no workspace can have. */
    private static String workspace(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        if (!CardKey.isValidId(workspace)) {
            throw WorkspaceRoutes.noSuchWorkspace(workspace);
        }
        return workspace;
    }

    private void put(Context ctx) {
        String workspace = workspace(ctx);
        String subject = ctx.pathParam("subject");
        Principal principal = access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "changing members");
        AdminBody body = AdminBody.object(ctx.bodyAsBytes(), List.of("role"), EXAMPLE);
        String roleText = body.text("role", true, "admin, editor or viewer");
        WorkspaceRole role;
        try {
            role = WorkspaceRole.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'role': " + e.getMessage());
        }
        MemberPut put;
        try {
            put = admin.workspaces().putMember(workspace, subject, role);
        } catch (NoSuchWorkspaceException e) {
            throw WorkspaceRoutes.noSuchWorkspace(workspace);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        // the detail is JSON (AuditLog); the role's value needs no escaping
        admin.audit().append(workspace, principal.actorKind(), principal.actor(), "member.put", subject,
                "{\"role\": \"" + role.value() + "\"}");
        admin.members().changed(workspace);
        if (put.added()) {
            ctx.header("Location", MEMBERS.replace("{workspace}", workspace) + "/" + subject);
        }
        ApiJson.answer(ctx, put.added() ? 201 : 200, AdminJson.member(put.member()));
    }

    private void list(Context ctx) {
        String workspace = workspace(ctx);
        access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "listing members");
        WorkspaceRoutes.requireExists(admin, workspace);
        ApiJson.answer(ctx, 200, Map.of("members", admin.workspaces().members(workspace).stream()
                .map(AdminJson::member).toList()));
    }

    private void remove(Context ctx) {
        String workspace = workspace(ctx);
        String subject = ctx.pathParam("subject");
        Principal principal = access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "changing members");
        WorkspaceRoutes.requireExists(admin, workspace);
        boolean removed;
        try {
            removed = admin.workspaces().removeMember(workspace, subject);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!removed) {
            throw ApiException.notFound("'" + Access.shown(subject) + "' is not a member of workspace '"
                    + Access.shown(workspace) + "'");
        }
        admin.audit().append(workspace, principal.actorKind(), principal.actor(), "member.remove", subject, null);
        admin.members().changed(workspace);
        ctx.status(204);
    }
}
