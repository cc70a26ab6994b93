package dev.promptcards.server.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a verified token allows: one workspace, some or all of its cards, with one role, until a
 * time.
 *
 * @param subject who the token was issued to (the {@code sub} claim)
 * @param workspace the one workspace the token is for (the {@code ws} claim)
 * @param cards the cards the token is for (the {@code cards} claim as a list); empty when
 *     {@code allCards}
 * @param allCards whether the token is for every card of the workspace ({@code "cards": "*"})
 * @param role editor or viewer
 * @param expiresAt the {@code exp} claim
 */
public record Grant(
        String subject, String workspace, Set<String> cards, boolean allCards, Role role,
        Instant expiresAt) {

    /** Checks that nothing is null and makes {@code cards} an unmodifiable copy. */
    public Grant {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(workspace, "workspace");
        cards = Set.copyOf(Objects.requireNonNull(cards, "cards"));
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * Whether this grant opens a card: the workspace equals this grant's workspace exactly
     * (case-sensitive), and the grant is for all cards or {@code cards} holds the card exactly. The
     * role plays no part (a viewer is allowed in, read-only) and neither does the expiry (checked
     * when the token was verified). A null workspace or card is never allowed.
     *
     * @param workspace the workspace of the requested card
     * @param card the requested card
     * @return true when the connection may open the card
     */
    public boolean allows(String workspace, String card) {
        if (workspace == null || card == null || !this.workspace.equals(workspace)) {
            return false;
        }
        return allCards || cards.contains(card);
    }

    /**
     * Like {@link #allows(String, String)}, as an exception for the caller to close with.
     *
     * @param workspace the workspace of the requested card
     * @param card the requested card
     * @throws AuthException 4403 "token not valid for this workspace" or "token not valid for this
     *     card"
     */
    public void requireAllowed(String workspace, String card) throws AuthException {
        if (workspace == null || !this.workspace.equals(workspace)) {
            throw AuthException.forbidden("token not valid for this workspace");
        }
        if (!allows(workspace, card)) {
            throw AuthException.forbidden("token not valid for this card");
        }
    }

    /**
     * This grant with another role (its role capped by the workspace's members).
     *
     * @param other the role
     * @return the grant, this one when the role is the same
     */
    public Grant withRole(Role other) {
        return other == role ? this : new Grant(subject, workspace, cards, allCards, other, expiresAt);
    }

    /** Whether the connection may only read: the role is {@link Role#VIEWER}. */
    public boolean readOnly() {
        return role == Role.VIEWER;
    }
}
