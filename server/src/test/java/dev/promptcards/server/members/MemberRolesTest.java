package dev.promptcards.server.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.auth.Role;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemberRolesTest {

    private final MemberRoles closed = new MemberRoles(Map.of("ad", WorkspaceRole.ADMIN, "ed", WorkspaceRole.EDITOR,
            "vi", WorkspaceRole.VIEWER));

    @Test
    void an_open_workspace_keeps_every_tokens_role() {
        assertFalse(MemberRoles.OPEN.closed());
        assertEquals(Optional.of(Role.EDITOR), MemberRoles.OPEN.cap("anyone", Role.EDITOR));
        assertEquals(Optional.of(Role.VIEWER), MemberRoles.OPEN.cap("anyone", Role.VIEWER));
    }

    @Test
    void a_member_gets_the_lesser_of_its_tokens_role_and_its_own() {
        assertTrue(closed.closed());
        assertEquals(Optional.of(Role.EDITOR), closed.cap("ad", Role.EDITOR));
        assertEquals(Optional.of(Role.VIEWER), closed.cap("ad", Role.VIEWER));
        assertEquals(Optional.of(Role.EDITOR), closed.cap("ed", Role.EDITOR));
        assertEquals(Optional.of(Role.VIEWER), closed.cap("ed", Role.VIEWER));
        assertEquals(Optional.of(Role.VIEWER), closed.cap("vi", Role.EDITOR));
    }

    @Test
    void a_subject_that_is_not_a_member_of_a_closed_workspace_gets_nothing() {
        assertEquals(Optional.empty(), closed.cap("eve", Role.EDITOR));
        assertEquals(Optional.empty(), closed.cap("Ed", Role.VIEWER));
    }
}
