package dev.promptcards.server.api;

import static dev.promptcards.server.api.ApiComponents.ADMIN_TOKEN;
import static dev.promptcards.server.api.ApiComponents.API_KEY;
import static dev.promptcards.server.api.ApiComponents.BAD_REQUEST;
import static dev.promptcards.server.api.ApiComponents.CARD_TOKEN;
import static dev.promptcards.server.api.ApiComponents.FORBIDDEN;
import static dev.promptcards.server.api.ApiComponents.UNAUTHORIZED;
import static dev.promptcards.server.api.ApiComponents.error;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.persistence.CardExistsException;
import dev.promptcards.persistence.CardInfo;
import dev.promptcards.persistence.CardPage;
import dev.promptcards.persistence.CardQuotaExceededException;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardSearch;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.api.openapi.ApiParameter;
import dev.promptcards.server.api.openapi.ApiResponse;
import dev.promptcards.server.api.openapi.JsonSchema;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.List;

/**
 * A workspace's cards:
 * <ul>
 *   <li>{@code GET .../cards?q=&limit=&offset=}: the cards not deleted, newest update first, {@code q} matching
 *       the title or id case-insensitively; {@code {"cards": [...], "offset", "limit", "more"}};</li>
 *   <li>{@code POST .../cards} with {@link CardBody}: 201 the card JSON, made as one CRDT edit of the author; 409
 *       for an id taken (a deleted card's too: restore it), 403 at the workspace's quota of cards;</li>
 *   <li>{@code GET .../cards/{card}}: the card JSON ({@link CardJson}), read from the live card;</li>
 *   <li>{@code DELETE .../cards/{card}}: 204, a soft delete: the card's connections on every node close with 4404
 *       at once, new ones are refused 4404, and the API answers 404 for it but for its restore;</li>
 *   <li>{@code POST .../cards/{card}/restore}: 200 the card JSON as it was; 404 if it never existed, 409 if it
 *       is not deleted.</li>
 * </ul>
 * Who may: to read, the operator, any key of the workspace or a card token (one for every card of it to list);
 * to change, the operator, an editor's or admin's key, or an editor's card token (one for every card to
 * create). Each change is written to the workspace's audit log ({@code card.create}, {@code card.delete},
 * {@code card.restore}).
 */
final class CardRoutes {

    static final String CARDS = WorkspaceRoutes.WORKSPACE + "/cards";
    static final String CARD = CARDS + "/{card}";
    static final String RESTORE = CARD + "/restore";

    /** How many cards a page holds when the request does not say. */
    static final int DEFAULT_LIMIT = 50;
    /** Letters and digits of the ids the server picks: lowercase only, so an id reads the same aloud. */
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** 12 of 36 symbols: about 62 bits, so that picking one taken is as good as never (and then tried again). */
    private static final int ID_LENGTH = 12;
    private static final int ID_ATTEMPTS = 3;

    private final AdminAccess access;
    private final AdminServices admin;
    private final SecureRandom random = new SecureRandom();

    CardRoutes(AdminAccess access, AdminServices admin) {
        this.access = access;
        this.admin = admin;
    }

    List<ApiOperation> operations() {
        ApiResponse noSuchCard = error("No such card (or a deleted one).");
        return List.of(
                ApiOperation.get(CARDS, this::list).id("listCards")
                        .summary("The workspace's cards, newest update first")
                        .description("Deleted cards are left out. The operator, any key of the workspace, or a card"
                                + " token for every card of it (cards \"*\").")
                        .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                        .parameter(ApiParameter.query("q", JsonSchema.string()).description("Only cards whose title"
                                + " or id contains this, case-insensitively; at most " + CardSearch.MAX_QUERY_LENGTH
                                + " characters."))
                        .parameter(ApiParameter.query("limit", JsonSchema.integer().minimum(1)
                                .maximum(CardSearch.MAX_LIMIT).defaultValue(DEFAULT_LIMIT)).description("How many"
                                + " cards, 1 to " + CardSearch.MAX_LIMIT + "; " + DEFAULT_LIMIT + " when absent."))
                        .parameter(ApiParameter.query("offset", JsonSchema.integer().minimum(0).defaultValue(0))
                                .description("How many matching cards to skip."))
                        .response(200, ApiResponse.json("A page of cards.", JsonSchema.ref("CardList")))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN),
                ApiOperation.post(CARDS, this::create).id("createCard")
                        .summary("Create a card, with its content in one edit")
                        .description("The operator, an editor's or admin's key, or an editor's card token for every"
                                + " card of the workspace. 403 also at the workspace's quota of cards.")
                        .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                        .jsonBody(false, JsonSchema.ref("CardCreate"))
                        .response(201, ApiResponse.json("The card.", JsonSchema.ref("Card"))
                                .header("Location", "The card's path.", JsonSchema.string()))
                        .response(400, BAD_REQUEST).response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, error("No such workspace (a card token's workspace is made with its first"
                                + " card, as a first WebSocket open makes it)."))
                        .response(409, error("The id is taken, by a deleted card too (restore it or choose another"
                                + " id).")),
                ApiOperation.get(CARD, this::get).id("getCard")
                        .summary("The card as JSON, as it is now")
                        .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                        .response(200, ApiResponse.json("The card.", JsonSchema.ref("Card")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, noSuchCard),
                ApiOperation.delete(CARD, this::delete).id("deleteCard")
                        .summary("Delete a card (soft: it can be restored)")
                        .description("Its WebSocket connections on every node close with 4404 at once and new ones"
                                + " are refused 4404.")
                        .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                        .response(204, ApiResponse.empty("Deleted."))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN).response(404, noSuchCard),
                ApiOperation.post(RESTORE, this::restore).id("restoreCard")
                        .summary("Restore a deleted card as it was")
                        .security(ADMIN_TOKEN, API_KEY, CARD_TOKEN)
                        .response(200, ApiResponse.json("The card.", JsonSchema.ref("Card")))
                        .response(401, UNAUTHORIZED).response(403, FORBIDDEN)
                        .response(404, error("The card never existed."))
                        .response(409, error("The card is not deleted.")));
    }

    private void list(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        access.anyCard(ctx, workspace, false, "listing the cards");
        int limit = whole(ctx, "limit", DEFAULT_LIMIT, 1, CardSearch.MAX_LIMIT);
        int offset = whole(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String q = ctx.queryParam("q");
        if (q != null && q.length() > CardSearch.MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("q is longer than " + CardSearch.MAX_QUERY_LENGTH + " characters");
        }
        if (q != null && q.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("q must not contain U+0000");
        }
        if (!CardKey.isValidId(workspace)) {
            throw WorkspaceRoutes.noSuchWorkspace(workspace);
        }
        CardPage page = admin.cardSearch().search(workspace, q, limit, offset);
        ApiJson.answer(ctx, 200, CardJson.page(page, limit));
    }

    private void create(Context ctx) {
        String workspace = ctx.pathParam("workspace");
        Principal principal = access.anyCard(ctx, workspace, true, "creating a card");
        if (!(principal instanceof Principal.CardToken)) {
            // a card token's workspace is made with its first card, as a first WebSocket open makes it
            WorkspaceRoutes.requireExists(admin, workspace);
        }
        CardBody body = CardBody.read(ctx.bodyAsBytes());
        Author author = CardEdits.author(principal);
        String title = body.content() == null ? "" : body.content().title();
        CardRef created = body.id() != null ? createRow(workspace, body.id(), principal, title)
                : createWithNewId(workspace, principal, title);
        CardKey card = new CardKey(workspace, created.name());
        if (body.content() != null) {
            CardEdits.onCard(admin.cards(), card, author, doc -> {
                body.content().write(CardDocument.of(doc));
                return null;
            });
        }
        admin.audit().append(workspace, principal.actorKind(), principal.actor(), "card.create", card.card(), null);
        ctx.header("Location", CARDS.replace("{workspace}", workspace) + "/" + card.card());
        ApiJson.answer(ctx, 201, read(card, author));
    }

    private CardRef createWithNewId(String workspace, Principal principal, String title) {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.cardStore().createNew(workspace, newId(), createdBy(principal), title,
                        principal instanceof Principal.CardToken);
            } catch (CardExistsException | CardStore.CardDeletedException e) {
                if (attempt == ID_ATTEMPTS) {
                    throw new IllegalStateException("no free card id in " + ID_ATTEMPTS + " attempts", e);
                }
            } catch (CardQuotaExceededException e) {
                throw quota(e);
            }
        }
    }

    private CardRef createRow(String workspace, String id, Principal principal, String title) {
        try {
            return admin.cardStore().createNew(workspace, id, createdBy(principal), title,
                    principal instanceof Principal.CardToken);
        } catch (CardExistsException e) {
            throw ApiException.conflict("card '" + id + "' exists in workspace '" + workspace + "'");
        } catch (CardStore.CardDeletedException e) {
            throw ApiException.conflict("card '" + id + "' of workspace '" + workspace + "' was deleted: restore it"
                    + " (POST " + RESTORE.replace("{workspace}", workspace).replace("{card}", id)
                    + ") or choose another id");
        } catch (CardQuotaExceededException e) {
            throw quota(e);
        }
    }

    private void get(Context ctx) {
        CardKey card = CardEdits.card(ctx);
        Principal principal = access.card(ctx, card.workspace(), card.card(), false, "reading the card");
        ApiJson.answer(ctx, 200, read(card, CardEdits.author(principal)));
    }

    private void delete(Context ctx) {
        CardKey card = CardEdits.card(ctx);
        Principal principal = access.card(ctx, card.workspace(), card.card(), true, "deleting the card");
        if (!admin.cardStore().softDelete(card.workspace(), card.card())) {
            throw CardEdits.noSuchCard(card);
        }
        admin.liveCards().deleted(card);
        admin.audit().append(card.workspace(), principal.actorKind(), principal.actor(), "card.delete", card.card(),
                null);
        ctx.status(204);
    }

    private void restore(Context ctx) {
        CardKey card = CardEdits.card(ctx);
        Principal principal = access.card(ctx, card.workspace(), card.card(), true, "restoring the card");
        if (admin.cardStore().info(card.workspace(), card.card()).isPresent()) {
            throw ApiException.conflict("card '" + card.card() + "' of workspace '" + card.workspace()
                    + "' is not deleted");
        }
        boolean restored;
        try {
            restored = admin.cardStore().restore(card.workspace(), card.card());
        } catch (CardQuotaExceededException e) {
            throw quota(e);
        }
        if (!restored) {
            throw CardEdits.noSuchCard(card);
        }
        admin.liveCards().restored(card);
        admin.audit().append(card.workspace(), principal.actorKind(), principal.actor(), "card.restore",
                card.card(), null);
        ApiJson.answer(ctx, 200, read(card, CardEdits.author(principal)));
    }

    /** The card JSON: its row, then its content read from the live card. */
    private Object read(CardKey card, Author author) {
        CardInfo row = admin.cardStore().info(card.workspace(), card.card())
                .orElseThrow(() -> CardEdits.noSuchCard(card));
        CardContent content = CardEdits.onCard(admin.cards(), card, author,
                doc -> CardContent.read(CardDocument.of(doc)));
        return CardJson.card(row, content);
    }

    /** Who the card's row names as its creator: a token's subject (as a WebSocket creation does), else the kind. */
    private static String createdBy(Principal principal) {
        return switch (principal) {
            case Principal.Operator operator -> "operator";
            case Principal.ApiKey key -> "api-key:" + key.keyId();
            case Principal.CardToken token -> token.grant().subject();
        };
    }

    private String newId() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    static ApiException quota(CardQuotaExceededException e) {
        return ApiException.forbidden("workspace '" + e.workspace() + "' has reached its quota of " + e.maxCards()
                + " cards (max_cards); delete a card or ask the operator to raise it");
    }

    /** A whole-number query parameter from {@code min} to {@code max}, {@code absent} when not given. */
    private static int whole(Context ctx, String name, int absent, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + " to "
                + (max == Integer.MAX_VALUE ? "2147483647" : Integer.toString(max)) + ", not '"
                + Access.shown(text) + "'");
    }
}
