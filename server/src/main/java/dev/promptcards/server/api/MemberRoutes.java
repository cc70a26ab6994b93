package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.ApiComponents.error;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.admin.MemberPut;
import dev.promptcards.persistence.admin.NoSuchWorkspaceException;
import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
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

    List<ApiOperation> operations() {
        ApiResponse noSuchWorkspace = error("No such workspace.");
        return List.of(
                ApiOperation.put(MEMBER, this::put).id("putMember")
                        .summary("Add a member, or set a member's role")
                        .description("The operator or an admin key of the workspace. A workspace with members is"
                                + " closed: a token's role is at most its subject's, and a subject that is not a"
                                + " member gets no access. Open WebSocket connections of the subject follow at"
                                + " once on this node, within 5 s on the others.")
                        .security(ADMIN_TOKEN, API_KEY)
                        .jsonBody(true, JsonSchema.ref("MemberRole"))
                        .response(201, ApiResponse.json("A new member.", JsonSchema.ref("Member"))
                                .header("Location", "The member's path.", JsonSchema.string()))
                        .response(200, ApiResponse.json("The member, its role set.", JsonSchema.ref("Member")))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, noSuchWorkspace),
                ApiOperation.get(MEMBERS, this::list).id("listMembers")
                        .summary("The workspace's members, by subject")
                        .security(ADMIN_TOKEN, API_KEY)
                        .response(200, ApiResponse.json("The members.", JsonSchema.ref("MemberList")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, noSuchWorkspace),
                ApiOperation.delete(MEMBER, this::remove).id("removeMember")
                        .summary("Remove a member")
                        .description("The subject's open WebSocket connections close with 4403.")
                        .security(ADMIN_TOKEN, API_KEY)
                        .response(204, ApiResponse.empty("Removed."))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, error("No such workspace, or the subject is not a member.")));
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
