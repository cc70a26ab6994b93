package dev.promptcards.server.members;

import dev.promptcards.server.auth.Role;

/**
 * An open connection that follows its workspace's members ({@link Memberships#follow}). Its methods are
 * called from whichever thread saw the change and must not block; they are never called two at a time for one
 * connection.
 */
public interface MemberConnection {

    /**
     * @return the subject of the connection's token
     */
    String subject();

    /**
     * @return the role its token names (before any cap)
     */
    Role tokenRole();

    /**
     * The connection's role is now {@code role}: from its next frame on it may write (editor) or only read
     * (viewer).
     *
     * @param role the role it has now
     */
    void roleChanged(Role role);

    /** Its subject may no longer use the workspace (removed, or the workspace closed without them). */
    void removed();
}
