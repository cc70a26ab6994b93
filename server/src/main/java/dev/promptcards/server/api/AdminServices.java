package dev.promptcards.server.api;

import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.persistence.admin.ApiKeyStore;
import dev.promptcards.persistence.admin.AuditLog;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.server.auth.TokenMinter;
import dev.promptcards.server.members.Memberships;
import java.util.Objects;

/**
 * What the admin endpoints work on.
 *
 * @param workspaces the workspaces, their names and quotas
 * @param apiKeys    the workspaces' API keys
 * @param audit      the audit log every admin action is written to
 * @param cards      reads and edits the live cards (promptfoo export and import)
 * @param adminToken the operator's token ({@code --admin-token}), or null when none is set (then only API keys
 *                   reach the admin endpoints, and no workspace can be created)
 * @param minter     signs the tokens {@code POST .../tokens} mints, or null when the server has no HS256 secret
 * @param members    the workspaces' members as the WebSocket and the API honour them; told of each change
 */
public record AdminServices(WorkspaceStore workspaces, ApiKeyStore apiKeys, AuditLog audit, CardEditor cards,
        String adminToken, TokenMinter minter, Memberships members) {

    /** @throws NullPointerException if a store is null */
    public AdminServices {
        Objects.requireNonNull(workspaces, "workspaces");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(cards, "cards");
        Objects.requireNonNull(members, "members");
    }

    @Override
    public String toString() {
        return "AdminServices[admin token " + (adminToken == null ? "not set" : "set") + "]";
    }
}
