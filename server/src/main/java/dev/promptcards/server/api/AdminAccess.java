package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.admin.ApiKeyPrincipal;
import dev.promptcards.persistence.admin.ApiKeyStore;
import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.auth.AuthException;
import dev.promptcards.server.auth.Grant;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.auth.TokenVerifier;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may use the admin endpoints. A request's bearer is the operator's {@code --admin-token} (everything),
 * a workspace API key {@code pck_...} (its role in its workspace), or a card token (the WebSocket's JWT). No or
 * an unknown credential: 401; a key of another workspace, or a role too low: 403.
 */
final class AdminAccess {

    /** How every API key starts ({@code ApiKeyStore}). */
    static final String KEY_PREFIX = "pck_";

    private static final String HOW = "send the operator's admin token or a workspace API key as"
            + " 'Authorization: Bearer <token>'";

    private final TokenVerifier verifier;
    private final ApiKeyStore apiKeys;
    private final Memberships members;
    private final byte[] adminToken;

    /**
     * @param verifier   checks card tokens
     * @param apiKeys    the API keys
     * @param members    the workspaces' members, which cap a card token's role
     * @param adminToken the operator's token, or null when none is set
     */
    AdminAccess(TokenVerifier verifier, ApiKeyStore apiKeys, Memberships members, String adminToken) {
        this.verifier = verifier;
        this.apiKeys = apiKeys;
        this.members = members;
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Who sent the request.
     *
     * @param ctx the request
     * @return the principal
     * @throws ApiException 401 when the credential is missing, unknown, revoked or invalid
     */
    Principal principal(Context ctx) {
        String credential = Bearer.of(ctx, HOW);
        // constant time: the admin token is a secret compared with what anyone can send
        if (adminToken != null && MessageDigest.isEqual(adminToken, credential.getBytes(StandardCharsets.UTF_8))) {
            return new Principal.Operator();
        }
        if (credential.startsWith(KEY_PREFIX)) {
            Optional<ApiKeyPrincipal> key = apiKeys.authenticate(credential);
            if (key.isEmpty()) {
                throw ApiException.unauthorized("unknown or revoked API key: ask the workspace's admin for a new one");
            }
            return new Principal.ApiKey(key.get().workspace(), key.get().keyId(), key.get().role());
        }
        try {
            return new Principal.CardToken(verifier.verify(credential));
        } catch (AuthException e) {
            throw ApiException.unauthorized("invalid credentials (" + e.reason() + "): " + HOW);
        }
    }

    /**
     * The operator only.
     *
     * @param ctx    the request
     * @param action what the request does, for the message
     * @return the principal
     * @throws ApiException 401 or 403
     */
    Principal operator(Context ctx, String action) {
        Principal principal = principal(ctx);
        if (!(principal instanceof Principal.Operator)) {
            throw ApiException.forbidden(action + " needs the operator's admin token (--admin-token)");
        }
        return principal;
    }

    /**
     * Who may read a card ({@code write} false) or change it: the operator, an API key of its workspace (an
     * editor's or admin's to change it), or a card token covering it (an editor's to change it), its role capped
     * by the workspace's members ({@link Access#capped}).
     *
     * @param ctx       the request
     * @param workspace the workspace of the path
     * @param card      the card of the path
     * @param write     whether the request changes the card
     * @param action    what the request does, for the message
     * @return the principal
     * @throws ApiException 401 or 403
     */
    Principal card(Context ctx, String workspace, String card, boolean write, String action) {
        Principal principal = principal(ctx);
        if (principal instanceof Principal.CardToken token) {
            Access.requireCard(token.grant(), workspace, card);
            Grant capped = Access.capped(members, token.grant());
            if (write) {
                Access.requireEditor(token.grant(), capped, action);
            }
            return new Principal.CardToken(capped);
        }
        return workspace(principal, workspace, write ? WorkspaceRole.EDITOR : WorkspaceRole.VIEWER, action);
    }

    /**
     * Who may read ({@code write} false) or change the cards of a workspace as a whole (list them, create one):
     * the operator, an API key of the workspace (an editor's or admin's to change), or a card token for every
     * card of the workspace ({@code "cards": "*"}; an editor's to change).
     *
     * @param ctx       the request
     * @param workspace the workspace of the path
     * @param write     whether the request changes something
     * @param action    what the request does, for the message
     * @return the principal
     * @throws ApiException 401 or 403
     */
    Principal anyCard(Context ctx, String workspace, boolean write, String action) {
        Principal principal = principal(ctx);
        if (principal instanceof Principal.CardToken token) {
            Grant grant = token.grant();
            if (!grant.workspace().equals(workspace)) {
                throw ApiException.forbidden("this token is for workspace '" + Access.shown(grant.workspace())
                        + "', not '" + Access.shown(workspace) + "': use a token issued for workspace '"
                        + Access.shown(workspace) + "'");
            }
            if (!grant.allCards()) {
                throw ApiException.forbidden(action + " needs a token for every card of the workspace (\"cards\":"
                        + " \"*\"), a workspace API key or the operator's admin token");
            }
            if (write) {
                Access.requireEditor(grant, action);
            }
            return principal;
        }
        return workspace(principal, workspace, write ? WorkspaceRole.EDITOR : WorkspaceRole.VIEWER, action);
    }

    /**
     * The operator, or an API key of the workspace with at least {@code role}.
     *
     * @param ctx       the request
     * @param workspace the workspace of the path
     * @param role      the lowest role the action needs
     * @param action    what the request does, for the message
     * @return the principal
     * @throws ApiException 401 or 403
     */
    Principal workspace(Context ctx, String workspace, WorkspaceRole role, String action) {
        return workspace(principal(ctx), workspace, role, action);
    }

    private static Principal workspace(Principal principal, String workspace, WorkspaceRole role, String action) {
        return switch (principal) {
            // an id no workspace can have is no workspace (the stores would refuse to look it up)
            case Principal.Operator operator when !CardKey.isValidId(workspace) ->
                    throw WorkspaceRoutes.noSuchWorkspace(workspace);
            case Principal.Operator operator -> operator;
            case Principal.ApiKey key when !key.workspace().equals(workspace) -> throw ApiException.forbidden(
                    "this API key is for workspace '" + Access.shown(key.workspace()) + "', not '"
                            + Access.shown(workspace) + "'");
            // WorkspaceRole is declared admin, editor, viewer: a later one is a lesser role
            case Principal.ApiKey key when key.role().compareTo(role) > 0 -> throw ApiException.forbidden(
                    "this API key's role is " + key.role().value() + ": " + action + " needs a key with role "
                            + role.value() + " or the operator's admin token");
            case Principal.ApiKey key -> key;
            case Principal.CardToken token -> throw ApiException.forbidden(action
                    + " needs a workspace API key or the operator's admin token, not a card token");
        };
    }
}
