package dev.promptcards.server.api;

import dev.promptcards.server.auth.AuthException;
import dev.promptcards.server.auth.Grant;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.TokenVerifier;
import io.javalin.http.Context;

/**
 * Who may do what: the bearer token of a request (the card's JWT, the one the WebSocket takes) checked by the
 * WebSocket's {@link TokenVerifier}, then {@link Grant#allows} for the card, then the role. Missing or invalid
 * token: 401; a token for another workspace or card, or a viewer's where an editor's is needed: 403.
 */
final class Access {

    /** What a 401 answer asks for ({@code WWW-Authenticate}, RFC 6750 section 3). */
    static final String CHALLENGE = "Bearer realm=\"promptcards\"";

    private static final String HOW = "send the card's JWT (the one its WebSocket takes) as"
            + " 'Authorization: Bearer <JWT>'";

    /** The longest name from a request that a message repeats whole. */
    static final int SHOWN_CHARS = 128;

    private final TokenVerifier verifier;

    /**
     * @param verifier the WebSocket listener's verifier
     */
    Access(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * The grant of a request that may read a card: a viewer's or an editor's token for it.
     *
     * @param ctx       the request
     * @param workspace the workspace of the path
     * @param card      the card of the path
     * @return the grant
     * @throws ApiException 401 or 403
     */
    Grant reader(Context ctx, String workspace, String card) {
        Grant grant = verified(ctx);
        requireCard(grant, workspace, card);
        return grant;
    }

    /**
     * The grant of a request that changes something of a card: an editor's token for it.
     *
     * @param ctx       the request
     * @param workspace the workspace of the path
     * @param card      the card of the path
     * @param action    what the request does, for the message ("starting a run")
     * @return the grant
     * @throws ApiException 401 or 403
     */
    Grant editor(Context ctx, String workspace, String card, String action) {
        Grant grant = reader(ctx, workspace, card);
        requireEditor(grant, action);
        return grant;
    }

    /** @throws ApiException 403 unless the grant is an editor's */
    static void requireEditor(Grant grant, String action) {
        if (grant.role() != Role.EDITOR) {
            throw ApiException.forbidden("this token's role is " + grant.role().claim() + ": " + action
                    + " needs an editor's token for the card");
        }
    }

    private Grant verified(Context ctx) {
        String token = Bearer.of(ctx, HOW);
        try {
            return verifier.verify(token);
        } catch (AuthException e) {
            throw ApiException.unauthorized("invalid token (" + e.reason() + "): get a new token from whoever"
                    + " issued it and " + HOW);
        }
    }

    /**
     * A name from the request as a message shows it: at most {@value #SHOWN_CHARS} characters, so that an
     * absurdly long path or field does not come back whole.
     */
    static String shown(String name) {
        return name.length() <= SHOWN_CHARS ? name : name.substring(0, SHOWN_CHARS) + "...";
    }

    /** @throws ApiException 403 unless the grant covers the card */
    static void requireCard(Grant grant, String workspace, String card) {
        if (!grant.workspace().equals(workspace)) {
            throw ApiException.forbidden("this token is for workspace '" + shown(grant.workspace()) + "', not '"
                    + shown(workspace) + "': use a token issued for workspace '" + shown(workspace) + "'");
        }
        if (!grant.allows(workspace, card)) {
            throw ApiException.forbidden("this token does not cover card '" + shown(card) + "' of workspace '"
                    + shown(workspace) + "': use a token issued for this card (or for every card of the workspace)");
        }
    }
}
