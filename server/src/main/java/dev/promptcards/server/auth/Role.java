package dev.promptcards.server.auth;

import java.util.Optional;

/** What a connection may do in a card: edit it, or only read it (and share its presence). */
public enum Role {
    /** May change the card. */
    EDITOR("editor"),
    /** Sees the card and everyone's presence; its edits are never applied nor relayed. */
    VIEWER("viewer");

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    /** The value of the {@code role} claim for this role: {@code "editor"} or {@code "viewer"}. */
    public String claim() {
        return claim;
    }

    /**
     * The role named by a {@code role} claim, compared exactly (case-sensitive).
     *
     * @param claim {@code "editor"} or {@code "viewer"}
     * @return the role, or empty for any other value (including null)
     */
    public static Optional<Role> fromClaim(String claim) {
        for (Role role : values()) {
            if (role.claim.equals(claim)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
