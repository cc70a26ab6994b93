/**
 * Workspace members as the WebSocket and the API honour them (issue 15).
 *
 * <p>A workspace without members is open: every valid token works at its own role. A workspace with at least
 * one member is closed: a token's role is capped by its subject's member role ({@link
 * dev.promptcards.server.members.MemberRoles#cap}), and a subject that is not a member gets nothing.
 * {@link dev.promptcards.server.members.Memberships} is the node's cache of the members of the workspaces in
 * use, and keeps open connections in step with changes: at once for a change made through this node's API,
 * at the next periodic refresh for one made through another node.
 */
package dev.promptcards.server.members;
