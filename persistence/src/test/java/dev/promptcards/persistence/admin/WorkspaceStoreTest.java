package dev.promptcards.persistence.admin;

import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceStoreTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Database database;
    private static WorkspaceStore workspaces;

    @BeforeAll
    static void open() {
        database = db.open();
        workspaces = new WorkspaceStore(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void a_created_workspace_is_found_with_its_name_and_no_limits() {
        Workspace created = workspaces.create("ws-create", "Team A");
        assertEquals("ws-create", created.id());
        assertEquals("Team A", created.name());
        assertEquals(Quotas.UNLIMITED, created.quotas());
        assertEquals(Optional.of(created), workspaces.get("ws-create"));
        assertEquals(Optional.empty(), workspaces.get("ws-none"));
    }

    @Test
    void creating_a_workspace_that_exists_throws_and_changes_nothing() {
        Workspace first = workspaces.create("ws-twice", "First");
        WorkspaceExistsException e = assertThrows(WorkspaceExistsException.class,
                () -> workspaces.create("ws-twice", "Second"));
        assertEquals("ws-twice", e.workspace());
        assertEquals("workspace ws-twice exists", e.getMessage());
        assertEquals(Optional.of(first), workspaces.get("ws-twice"));
    }

    @Test
    void a_workspace_a_card_created_implicitly_exists_with_an_empty_name() {
        new CardStore(database.dsl()).create("ws-implicit", "card", "alice");
        assertEquals("", workspaces.get("ws-implicit").orElseThrow().name());
        assertThrows(WorkspaceExistsException.class, () -> workspaces.create("ws-implicit", "Now named"));
    }

    @Test
    void ids_outside_the_card_key_rule_and_bad_names_are_refused() {
        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class,
                () -> workspaces.create("a/b", "x"));
        assertTrue(slash.getMessage().contains("workspace"), slash.getMessage());
        assertThrows(IllegalArgumentException.class, () -> workspaces.create("", "x"));
        assertThrows(IllegalArgumentException.class, () -> workspaces.create("x".repeat(129), "x"));
        assertThrows(IllegalArgumentException.class, () -> workspaces.create("ws-bad-name", "a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> workspaces.create("ws-bad-name", "n".repeat(257)));
        assertThrows(IllegalArgumentException.class, () -> workspaces.create("ws-bad-name", null));
        assertThrows(IllegalArgumentException.class, () -> workspaces.get("a b"));
        assertEquals(Optional.empty(), workspaces.get("ws-bad-name"));
    }

    @Test
    void rename_and_quotas_are_stored_and_read_back() {
        workspaces.create("ws-update", "Old");
        assertEquals("New", workspaces.rename("ws-update", "New").name());
        Quotas quotas = new Quotas(10, 50, 100, new BigDecimal("12.5"));
        Workspace updated = workspaces.setQuotas("ws-update", quotas);
        assertEquals(new Quotas(10, 50, 100, new BigDecimal("12.500000")), updated.quotas());
        assertEquals(Optional.of(updated), workspaces.get("ws-update"));
        assertEquals("New", updated.name());
        assertEquals(new Quotas(null, 3, null, null),
                workspaces.setQuotas("ws-update", new Quotas(null, 3, null, null)).quotas());
    }

    @Test
    void updating_a_workspace_that_does_not_exist_throws() {
        NoSuchWorkspaceException e = assertThrows(NoSuchWorkspaceException.class,
                () -> workspaces.rename("ws-missing", "x"));
        assertEquals("ws-missing", e.workspace());
        assertThrows(NoSuchWorkspaceException.class, () -> workspaces.setQuotas("ws-missing", Quotas.UNLIMITED));
    }

    @Test
    void negative_or_too_precise_quotas_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Quotas(-1, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Quotas(null, -1, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Quotas(null, null, -1, null));
        assertThrows(IllegalArgumentException.class, () -> new Quotas(null, null, null, new BigDecimal("-0.01")));
        assertThrows(IllegalArgumentException.class, () -> new Quotas(null, null, null, new BigDecimal("0.0000001")));
        assertThrows(IllegalArgumentException.class, () -> new Quotas(null, null, null, new BigDecimal("1e12")));
        assertEquals(new BigDecimal("0.000000"), new Quotas(0, 0, 0, BigDecimal.ZERO).maxCostPerMonthUsd());
    }

    @Test
    void list_returns_every_workspace_by_id() {
        workspaces.create("ws-list-b", "B");
        workspaces.create("ws-list-A", "A");
        List<String> ids = workspaces.list().stream().map(Workspace::id).filter(id -> id.startsWith("ws-list"))
                .toList();
        assertEquals(List.of("ws-list-A", "ws-list-b"), ids);
    }

    @Test
    void members_are_put_with_a_role_changed_listed_and_removed() {
        workspaces.create("ws-members", "M");
        MemberPut bobAdded = workspaces.putMember("ws-members", "bob", WorkspaceRole.EDITOR);
        Member bob = bobAdded.member();
        Member alice = workspaces.putMember("ws-members", "alice", WorkspaceRole.VIEWER).member();
        assertTrue(bobAdded.added());
        assertEquals(new Member("ws-members", "bob", WorkspaceRole.EDITOR, bob.addedAt()), bob);
        assertEquals(Optional.of(WorkspaceRole.EDITOR), workspaces.memberRole("ws-members", "bob"));

        MemberPut bobChanged = workspaces.putMember("ws-members", "bob", WorkspaceRole.ADMIN);
        assertFalse(bobChanged.added());
        Member bobAdmin = bobChanged.member();
        assertEquals(WorkspaceRole.ADMIN, bobAdmin.role());
        assertEquals(bob.addedAt(), bobAdmin.addedAt());
        assertEquals(List.of(alice, bobAdmin), workspaces.members("ws-members"));

        assertTrue(workspaces.removeMember("ws-members", "bob"));
        assertFalse(workspaces.removeMember("ws-members", "bob"));
        assertEquals(Optional.empty(), workspaces.memberRole("ws-members", "bob"));
        assertEquals(List.of(alice), workspaces.members("ws-members"));
        assertEquals(List.of(), workspaces.members("ws-unknown"));
    }

    @Test
    void members_are_kept_per_workspace() {
        workspaces.create("ws-iso-a", "A");
        workspaces.create("ws-iso-b", "B");
        workspaces.putMember("ws-iso-a", "carol", WorkspaceRole.ADMIN);
        assertEquals(Optional.empty(), workspaces.memberRole("ws-iso-b", "carol"));
        assertFalse(workspaces.removeMember("ws-iso-b", "carol"));
        assertEquals(Optional.of(WorkspaceRole.ADMIN), workspaces.memberRole("ws-iso-a", "carol"));
    }

    @Test
    void a_member_of_a_missing_workspace_or_with_a_blank_subject_is_refused() {
        assertThrows(NoSuchWorkspaceException.class,
                () -> workspaces.putMember("ws-nobody", "dave", WorkspaceRole.VIEWER));
        workspaces.create("ws-blank-sub", "");
        assertThrows(IllegalArgumentException.class,
                () -> workspaces.putMember("ws-blank-sub", " ", WorkspaceRole.VIEWER));
        assertThrows(IllegalArgumentException.class, () -> workspaces.memberRole("ws-blank-sub", ""));
        assertEquals(List.of(), workspaces.members("ws-blank-sub"));
    }

    @Test
    void roles_parse_only_their_lowercase_values() {
        assertEquals(WorkspaceRole.VIEWER, WorkspaceRole.parse("viewer"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkspaceRole.parse("Owner"));
        assertEquals("role must be admin, editor or viewer, not \"Owner\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkspaceRole.parse(null));
    }
}
