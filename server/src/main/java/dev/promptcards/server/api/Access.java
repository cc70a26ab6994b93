package dev.promptcards.server.api;

import dev.promptcards.server.auth.AuthException;
import dev.promptcards.server.auth.Grant;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.auth.TokenVerifier;
import dev.promptcards.server.members.MemberRoles;
import dev.promptcards.server.members.Memberships;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who may do what: the bearer token of a request (the card's JWT, the one the WebSocket takes) checked by the
 * WebSocket's {@link TokenVerifier}, then {@link Grant#allows} for the card, then the role, capped by the
 * workspace's members ({@link MemberRoles#cap}: in a workspace with members a token's role is at most its
 * subject's, and a subject that is not a member gets nothing). Missing or invalid token: 401; a token for
 * another workspace or card, of a subject that is not a member, or a viewer's where an editor's is needed: 403.
 */
final class Access {

    /** What a 401 answer asks for ({@code WWW-Authenticate}, RFC 6750 section 3). */
    static final String CHALLENGE = "Bearer realm=\"promptcards\"";

    private static final String HOW = "send the card's JWT (the one its WebSocket takes) as"
            + " 'Authorization: Bearer <JWT>'";

    /** The longest name from a request that a message repeats whole. */
    static final int SHOWN_CHARS = 128;

    private final TokenVerifier verifier;
    private final Memberships members;

    /**
     * @param verifier the WebSocket listener's verifier
     * @param members  the workspaces' members
     */
    Access(TokenVerifier verifier, Memberships members) {
        this.verifier = verifier;
        this.members = members;
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
        Grant token = verified(ctx);
        requireCard(token, workspace, card);
        return capped(members, token);
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
        Grant token = verified(ctx);
        requireCard(token, workspace, card);
        Grant grant = capped(members, token);
        requireEditor(token, grant, action);
        return grant;
    }

    /**
     * A grant as the members of its workspace have it: its role capped by its subject's member role.
     *
     * @throws ApiException 403 when the workspace has members and the subject is not one
     */
    static Grant capped(Memberships members, Grant grant) {
        Optional<Role> role = members.current(grant.workspace()).cap(grant.subject(), grant.role());
        if (role.isEmpty()) {
            throw ApiException.forbidden("subject '" + shown(grant.subject()) + "' is not a member of workspace '"
                    + shown(grant.workspace()) + "': its admin adds members with PUT /api/v1/workspaces/"
                    + shown(grant.workspace()) + "/members/{subject}");
        }
        return grant.withRole(role.get());
    }

    /**
     * @param token  the grant as its token has it
     * @param capped the grant as the workspace's members have it ({@link #capped})
     * @throws ApiException 403 unless the capped grant is an editor's, saying whether the token or the member
     *                      role is what falls short
     */
    static void requireEditor(Grant token, Grant capped, String action) {
        if (token.role() == Role.EDITOR && capped.role() != Role.EDITOR) {
            throw ApiException.forbidden("subject '" + shown(token.subject()) + "' is a " + capped.role().claim()
                    + " member of workspace '" + shown(token.workspace()) + "': " + action
                    + " needs an editor or admin member");
        }
        requireEditor(capped, action);
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
