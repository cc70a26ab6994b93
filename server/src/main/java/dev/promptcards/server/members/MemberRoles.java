package dev.promptcards.server.members;

import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.auth.Role;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The members of one workspace and their roles, as read at one moment.
 *
 * @param roles each member's role by token subject; empty for a workspace without members (open)
 */
public record MemberRoles(Map<String, WorkspaceRole> roles) {

    /** A workspace without members: every valid token keeps its own role. */
    public static final MemberRoles OPEN = new MemberRoles(Map.of());

    /** Makes {@code roles} an unmodifiable copy. */
    public MemberRoles {
        roles = Map.copyOf(Objects.requireNonNull(roles, "roles"));
    }

    /**
     * Whether the workspace is closed to everyone but its members.
     *
     * @return true when it has at least one member
     */
    public boolean closed() {
        return !roles.isEmpty();
    }

    /**
     * The role a token of {@code subject} has in this workspace: its own in an open workspace; in a closed one
     * the lesser of its own and the subject's member role (admin above editor above viewer: an admin or editor
     * member keeps the token's role, a viewer member reads only), nothing for a subject that is not a member.
     *
     * @param subject   the token's subject
     * @param tokenRole the token's role
     * @return the role, or empty when the subject may not use the workspace
     */
    public Optional<Role> cap(String subject, Role tokenRole) {
        if (!closed()) {
            return Optional.of(tokenRole);
        }
        WorkspaceRole member = roles.get(subject);
        if (member == null) {
            return Optional.empty();
        }
        return Optional.of(member == WorkspaceRole.VIEWER ? Role.VIEWER : tokenRole);
    }
}
