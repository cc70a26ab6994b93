package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.ApiComponents.error;

import com.fasterxml.jackson.databind.JsonNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.TokenMinter;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /workspaces/{ws}/tokens {"sub", "name", "cards": "*" or [ids], "role", "ttlSeconds"}} (the operator
 * or an admin key of the workspace): 201 {@code {"token", "expiresAt"}}, a card token the WebSocket and the card
 * endpoints accept, signed with the server's HS256 secret. A server with public keys alone cannot sign: 501
 * saying what to configure. Each token minted is written to the audit log (its subject, never the token).
 */
final class TokenRoutes {

    static final String TOKENS = WorkspaceRoutes.WORKSPACE + "/tokens";
    /** The longest life of a minted token: 30 days, as the dev token's. */
    static final long MAX_TTL_SECONDS = Duration.ofDays(30).toSeconds();

    private static final List<String> FIELDS = List.of("sub", "name", "cards", "role", "ttlSeconds");
    private static final String EXAMPLE = "{\"sub\": \"user-42\", \"name\": \"Ada\", \"cards\": \"*\", \"role\":"
            + " \"editor\", \"ttlSeconds\": 3600}";

    private final AdminAccess access;
    private final AdminServices admin;

    TokenRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
    }

    /** @return the endpoint with its description */
    List<ApiOperation> operations() {
        return List.of(ApiOperation.post(TOKENS, this::mint).id("mintToken")
                .summary("Mint a card token")
                .description("The operator or an admin key of the workspace. Signed with the server's HS256 secret;"
                        + " the WebSocket and the card endpoints accept it.")
                .security(ADMIN_TOKEN, API_KEY)
                .jsonBody(true, JsonSchema.ref("TokenRequest"))
                .response(201, ApiResponse.json("The token.", JsonSchema.ref("MintedToken")))
                .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                .response(404, error("No such workspace."))
                .response(501, error("The server has no HS256 secret to sign with (public keys only).")));
    }

    private void mint(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        Principal principal = access.workspace(ctx, workspace, WorkspaceRole.ADMIN, "minting a token");
        WorkspaceRoutes.requireExists(admin, workspace);
        TokenMinter minter = admin.minter();
        if (minter == null) {
            throw new ApiException(501, "this server cannot sign tokens: it verifies them with public keys only;"
                    + " set --jwt-secret (PROMPTCARDS_JWT_SECRET) to mint tokens here, or mint them where the"
                    + " private key is");
        }
        AdminBody body = AdminBody.object(ctx.bodyAsBytes(), FIELDS, EXAMPLE);
        String subject = body.text("sub", true, "who the token is for");
        if (subject.isBlank()) {
            throw ApiException.badRequest("field 'sub' must not be blank");
        }
        String name = body.text("name", false, "their display name");
        Role role = role(body.text("role", true, "editor or viewer"));
        Set<String> cards = cards(body.raw("cards"));
        Integer ttl = body.count("ttlSeconds");
        if (ttl == null || ttl < 1 || ttl > MAX_TTL_SECONDS) {
            throw ApiException.badRequest("field 'ttlSeconds' is required: a whole number from 1 to " + MAX_TTL_SECONDS
                    + " (30 days)");
        }
        TokenMinter.MintedToken token = minter.mint(subject, name, workspace, cards, role, Duration.ofSeconds(ttl));
        admin.audit().append(workspace, principal.actorKind(), principal.actor(), "token.mint", subject, null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", token.token());
        answer.put("expiresAt", token.expiresAt().toString());
        ApiJson.answer(ctx, 201, answer);
    }

    private static Role role(String text) {
        for (Role role : Role.values()) {
            if (role.claim().equals(text)) {
                return role;
            }
        }
        throw ApiException.badRequest("field 'role' must be editor or viewer, not '" + Access.shown(text) + "'");
    }

    /** {@code "*"} (null: every card) or a list of card ids. */
    private static Set<String> cards(JsonNode value) {
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("field 'cards' is required: \"*\" for every card of the workspace, or a"
                    + " list of card ids");
        }
        if (value.isTextual() && value.textValue().equals("*")) {
            return null;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw ApiException.badRequest("field 'cards' must be \"*\" or a non-empty list of card ids");
        }
        Set<String> cards = new LinkedHashSet<>();
        for (JsonNode card : value) {
            if (!card.isTextual() || !CardKey.isValidId(card.textValue())) {
                throw ApiException.badRequest("field 'cards' holds '" + Access.shown(card.toString()) + "', which is"
                        + " not a card id");
            }
            cards.add(card.textValue());
        }
        return cards;
    }
}
