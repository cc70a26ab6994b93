package dev.promptcards.server.api;

import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.persistence.CardSearch;
import dev.promptcards.persistence.CardStore;
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
 * @param usage      what each workspace uses of its quotas, and where a changed connection quota goes
 * @param members    the workspaces' members as the WebSocket and the API honour them; told of each change
 * @param cardStore  the cards' rows (created, deleted, restored), or null for no card endpoints
 * @param cardSearch the card listing, or null for no card endpoints
 * @param liveCards  the rooms, told when a card is deleted or restored, or null for no card endpoints
 */
public record AdminServices(WorkspaceStore workspaces, ApiKeyStore apiKeys, AuditLog audit, CardEditor cards,
        String adminToken, TokenMinter minter, WorkspaceUsage usage, Memberships members, CardStore cardStore,
        CardSearch cardSearch, LiveCards liveCards) {

    /**
     * Without the card endpoints ({@link CardRoutes}), every workspace open to any valid token: for tests of only
     * the other endpoints.
     *
     * @param workspaces the workspaces
     * @param apiKeys    the API keys
     * @param audit      the audit log
     * @param cards      reads and edits the live cards
     * @param adminToken the operator's token, or null
     * @param minter     signs tokens, or null
     * @param usage      what each workspace uses of its quotas
     */
    public AdminServices(WorkspaceStore workspaces, ApiKeyStore apiKeys, AuditLog audit, CardEditor cards,
            String adminToken, TokenMinter minter, WorkspaceUsage usage) {
        this(workspaces, apiKeys, audit, cards, adminToken, minter, usage, Memberships.open(), null, null, null);
    }

    /** @return whether the card endpoints have what they need */
    boolean servesCards() {
        return cardStore != null && cardSearch != null && liveCards != null;
    }

    /** @throws NullPointerException if a store is null */
    public AdminServices {
        Objects.requireNonNull(workspaces, "workspaces");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(cards, "cards");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(members, "members");
    }

    @Override
    public String toString() {
        return "AdminServices[admin token " + (adminToken == null ? "not set" : "set") + "]";
    }
}
