package dev.promptcards.persistence.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * A member of a workspace.
 *
 * @param workspace the workspace id
 * @param subject   the member's token subject ({@code sub})
 * @param role      the member's role
 * @param addedAt   when the subject became a member (a role change keeps it)
 */
public record Member(String workspace, String subject, WorkspaceRole role, Instant addedAt) {

    /** Checks that every part is present. */
    public Member {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
