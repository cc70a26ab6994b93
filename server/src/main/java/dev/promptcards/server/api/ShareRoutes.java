package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.CARD_TOKEN;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.ApiComponents.error;

import dev.promptcards.card.CardKey;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.TokenMinter;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /workspaces/{ws}/cards/{card}/share {"role", "ttlSeconds"}}: a link to one card for someone else,
 * so that nobody hands out their own token by copying the page's address. 201 {@code {"token", "expiresAt",
 * "url"}}: a card token for that card alone, with the role asked for, signed by the server's {@link TokenMinter}
 * (501 without an HS256 secret), and the editor page's path with it in the fragment.
 *
 * <p>Who may share: whoever may change the card (the operator, an editor's or admin's key of the workspace, an
 * editor's card token covering the card, its role capped by the workspace's members), links for viewers or
 * editors. A viewer may not share at all: what a viewer may pass on is the editors' decision. A link made with a
 * card token never outlives that token ({@code exp} at most the sharer's): sharing does not extend the sharer's
 * own access. The link's subject is {@code share:<sharer>:<random>}, so the audit log ({@code card.share}) and
 * the presence of its holder tell who shared it. A workspace with members opens only to them, and a link's
 * subject is none of them: 409, asking to add the person as a member instead.
 */
final class ShareRoutes {

    static final String SHARE = CardRoutes.CARD + "/share";
    /** The longest life of a link: the tokens endpoint's ({@link TokenRoutes#MAX_TTL_SECONDS}, 30 days). */
    static final long MAX_TTL_SECONDS = TokenRoutes.MAX_TTL_SECONDS;
    /** The display name of a link's holder, which the others see beside their cursor. */
    static final String GUEST_NAME = "Guest";

    private static final List<String> FIELDS = List.of("role", "ttlSeconds");
    private static final String EXAMPLE = "{\"role\": \"viewer\", \"ttlSeconds\": 604800}";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_CHARS = 12;

    private final AdminAccess access;
    private final AdminServices admin;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ShareRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
        this.clock = Clock.systemUTC();
    }

    /** @return the endpoint with its description */
    List<ApiOperation> operations() {
        return List.of(ApiOperation.post(SHARE, this::share).id("shareCard")
                .summary("A link to this card for a viewer or an editor")
                .description("Whoever may change the card: the operator, an editor's or admin's key, or an editor's"
                        + " card token for it (a viewer may not share). The token opens this card only, with the"
                        + " role asked for; made with a card token it expires at the latest when that token does."
                        + " The url is the editor page's path with the token in its fragment, relative to the"
                        + " server's pages (the WebSocket listener's origin).")
                .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                .jsonBody(true, JsonSchema.ref("ShareRequest"))
                .response(201, ApiResponse.json("The link.", JsonSchema.ref("SharedLink")))
                .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                .response(404, error("No such card (or a deleted one)."))
                .response(409, error("The workspace has members: a link's holder would not be one."))
                .response(501, error("The server has no HS256 secret to sign with (public keys only).")));
    }

    private void share(Context ctx) {
        CardKey card = CardEdits.card(ctx);
        Principal principal = access.card(ctx, card.workspace(), card.card(), true, "sharing the card");
        TokenMinter minter = admin.minter();
        if (minter == null) {
            throw new ApiException(501, "this server cannot sign tokens, so it cannot make share links: it verifies"
                    + " tokens with public keys only; set --jwt-secret (PROMPTCARDS_JWT_SECRET), or mint a token"
                    + " for this card where the private key is");
        }
        if (admin.members().current(card.workspace()).closed()) {
            throw ApiException.conflict("workspace '" + card.workspace() + "' has members, and it opens only to"
                    + " them: a share link's holder would not be one; add the person as a member (PUT .../members/"
                    + "{subject}) and give them a token of their own");
        }
        if (admin.cardStore().info(card.workspace(), card.card()).isEmpty()) {
            throw CardEdits.noSuchCard(card);
        }
        AdminBody body = AdminBody.object(ctx.bodyAsBytes(), FIELDS, EXAMPLE);
        Role role = role(body.text("role", true, "viewer or editor"));
        Integer ttl = body.count("ttlSeconds");
        if (ttl == null || ttl < 1 || ttl > MAX_TTL_SECONDS) {
            throw ApiException.badRequest("field 'ttlSeconds' is required: a whole number from 1 to " + MAX_TTL_SECONDS
                    + " (30 days)");
        }
        Instant notAfter = Instant.MAX;
        if (principal instanceof Principal.CardToken token) {
            // never beyond the sharer's own token: sharing must not extend their access
            notAfter = token.grant().expiresAt();
            if (Duration.between(clock.instant(), notAfter).compareTo(Duration.ofSeconds(2)) < 0) {
                throw ApiException.unauthorized("this token expires now: ask for a new one to share the card");
            }
        }
        String subject = "share:" + principal.actor() + ":" + randomSuffix();
        TokenMinter.MintedToken minted = minter.mint(subject, GUEST_NAME, card.workspace(), Set.of(card.card()), role,
                Duration.ofSeconds(ttl), notAfter);
        admin.audit().append(card.workspace(), principal.actorKind(), principal.actor(), "card.share", card.card(),
                detail(role, subject, minted));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", minted.token());
        answer.put("expiresAt", minted.expiresAt().toString());
        answer.put("url", "/w/" + card.workspace() + "/c/" + card.card() + "#token="
                + URLEncoder.encode(minted.token(), StandardCharsets.UTF_8));
        ApiJson.answer(ctx, 201, answer);
    }

    /** The audit row's detail, JSON: the link's role, subject and expiry. */
    private static String detail(Role role, String subject, TokenMinter.MintedToken minted) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("role", role.claim());
        detail.put("subject", subject);
        detail.put("expiresAt", minted.expiresAt().toString());
        return ApiJson.write(detail);
    }

    private static Role role(String text) {
        for (Role role : Role.values()) {
            if (role.claim().equals(text)) {
                return role;
            }
        }
        throw ApiException.badRequest("field 'role' must be viewer or editor, not '" + Access.shown(text) + "'");
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder(RANDOM_CHARS);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
