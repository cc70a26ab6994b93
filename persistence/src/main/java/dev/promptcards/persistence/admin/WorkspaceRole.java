package dev.promptcards.persistence.admin;

import java.util.Locale;

/** A member's or an API key's role in one workspace, stored as its lowercase {@link #value()}. */
public enum WorkspaceRole {
    /** Everything in the workspace, keys and members included. */
    ADMIN,
    /** Reads and writes cards. */
    EDITOR,
    /** Reads cards. */
    VIEWER;

    /**
     * The role as stored and as the API writes it.
     *
     * @return {@code admin}, {@code editor} or {@code viewer}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a role as {@link #value()} writes it.
     *
     * @param value {@code admin}, {@code editor} or {@code viewer}
     * @return the role
     * @throws IllegalArgumentException for anything else
     */
    public static WorkspaceRole parse(String value) {
        for (WorkspaceRole role : values()) {
            if (role.value().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be admin, editor or viewer, not "
                + (value == null ? "null" : "\"" + value + "\""));
    }
}
