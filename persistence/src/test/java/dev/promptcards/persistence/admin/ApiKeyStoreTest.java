package dev.promptcards.persistence.admin;

import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static dev.promptcards.persistence.jooq.Tables.API_KEYS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeyStoreTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Database database;
    private static WorkspaceStore workspaces;
    private static ApiKeyStore keys;

    @BeforeAll
    static void open() {
        database = db.open();
        workspaces = new WorkspaceStore(database.dsl());
        keys = new ApiKeyStore(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void a_created_key_is_pck_and_43_base64url_characters_and_authenticates_as_its_workspace_and_role() {
        workspaces.create("ws-key", "K");
        NewApiKey created = keys.create("ws-key", "ci", WorkspaceRole.EDITOR);
        assertTrue(created.key().matches("pck_[A-Za-z0-9_-]{43}"), created.key());
        assertTrue(created.id().matches("ak_[A-Za-z0-9_-]{16}"), created.id());
        assertEquals("ws-key", created.workspace());
        assertEquals("ci", created.name());
        assertEquals(WorkspaceRole.EDITOR, created.role());
        assertFalse(created.toString().contains(created.key()));
        assertEquals(Optional.of(new ApiKeyPrincipal("ws-key", created.id(), WorkspaceRole.EDITOR)),
                keys.authenticate(created.key()));
        assertNotEquals(created.key(), keys.create("ws-key", "ci", WorkspaceRole.EDITOR).key());
    }

    @Test
    void only_the_hash_of_a_key_is_stored() {
        workspaces.create("ws-hash", "H");
        NewApiKey created = keys.create("ws-hash", "stored", WorkspaceRole.VIEWER);
        String stored = database.dsl().select(API_KEYS.HASH).from(API_KEYS).where(API_KEYS.ID.eq(created.id()))
                .fetchSingle(API_KEYS.HASH);
        assertEquals(ApiKeyStore.hash(created.key()), stored);
        assertEquals(64, stored.length());
        assertEquals(0, database.dsl().fetchCount(database.dsl().selectFrom(API_KEYS)
                .where(API_KEYS.HASH.contains(created.key().substring(4)).or(API_KEYS.NAME.eq(created.key())))));
    }

    @Test
    void unknown_malformed_and_null_keys_do_not_authenticate() {
        workspaces.create("ws-unknown", "U");
        NewApiKey created = keys.create("ws-unknown", "real", WorkspaceRole.ADMIN);
        char last = created.key().charAt(created.key().length() - 1);
        String other = created.key().substring(0, created.key().length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(Optional.empty(), keys.authenticate(other));
        assertEquals(Optional.empty(), keys.authenticate(created.key() + "x"));
        assertEquals(Optional.empty(), keys.authenticate(created.key().substring(4)));
        assertEquals(Optional.empty(), keys.authenticate(""));
        assertEquals(Optional.empty(), keys.authenticate(null));
    }

    @Test
    void a_revoked_key_no_longer_authenticates_and_is_listed_as_revoked() {
        workspaces.create("ws-revoke", "R");
        NewApiKey created = keys.create("ws-revoke", "old", WorkspaceRole.ADMIN);
        assertTrue(keys.authenticate(created.key()).isPresent());
        assertTrue(keys.revoke("ws-revoke", created.id()));
        assertFalse(keys.revoke("ws-revoke", created.id()));
        assertEquals(Optional.empty(), keys.authenticate(created.key()));
        assertNotNull(keys.list("ws-revoke").getFirst().revokedAt());
    }

    @Test
    void a_key_is_revoked_only_through_its_own_workspace() {
        workspaces.create("ws-own-a", "A");
        workspaces.create("ws-own-b", "B");
        NewApiKey aKey = keys.create("ws-own-a", "a", WorkspaceRole.ADMIN);
        assertFalse(keys.revoke("ws-own-b", aKey.id()));
        assertFalse(keys.revoke("ws-own-a", "ak_nosuchkey"));
        assertEquals(Optional.of(new ApiKeyPrincipal("ws-own-a", aKey.id(), WorkspaceRole.ADMIN)),
                keys.authenticate(aKey.key()));
        assertEquals(List.of(), keys.list("ws-own-b"));
    }

    @Test
    void list_shows_a_workspaces_keys_oldest_first_without_secrets() {
        workspaces.create("ws-listing", "L");
        NewApiKey first = keys.create("ws-listing", "first", WorkspaceRole.ADMIN);
        NewApiKey second = keys.create("ws-listing", "second", WorkspaceRole.VIEWER);
        List<ApiKeyInfo> listed = keys.list("ws-listing");
        assertEquals(List.of(
                new ApiKeyInfo(first.id(), "ws-listing", "first", WorkspaceRole.ADMIN, first.createdAt(), null, null),
                new ApiKeyInfo(second.id(), "ws-listing", "second", WorkspaceRole.VIEWER, second.createdAt(), null,
                        null)), listed);
        assertEquals(List.of(), keys.list("ws-none"));
    }

    @Test
    void the_last_use_is_recorded_at_most_once_a_minute() {
        workspaces.create("ws-last-use", "L");
        NewApiKey created = keys.create("ws-last-use", "busy", WorkspaceRole.EDITOR);
        assertNull(keys.list("ws-last-use").getFirst().lastUsedAt());

        keys.authenticate(created.key());
        OffsetDateTime firstUse = lastUsedAt(created.id());
        assertNotNull(firstUse);
        keys.authenticate(created.key());
        assertEquals(firstUse, lastUsedAt(created.id()), "a second use within the minute writes nothing");

        // as if the first use were 61 s ago
        OffsetDateTime aMinuteAgo = database.dsl().update(API_KEYS)
                .set(API_KEYS.LAST_USED_AT, firstUse.minusSeconds(61))
                .where(API_KEYS.ID.eq(created.id()))
                .returning(API_KEYS.LAST_USED_AT)
                .fetchSingle(API_KEYS.LAST_USED_AT);
        keys.authenticate(created.key());
        OffsetDateTime thirdUse = lastUsedAt(created.id());
        assertTrue(thirdUse.isAfter(aMinuteAgo), thirdUse + " after " + aMinuteAgo);
        assertEquals(thirdUse.toInstant(), keys.list("ws-last-use").getFirst().lastUsedAt());
    }

    @Test
    void a_key_for_a_missing_workspace_or_with_a_bad_name_is_refused() {
        assertThrows(NoSuchWorkspaceException.class, () -> keys.create("ws-no-such", "x", WorkspaceRole.ADMIN));
        workspaces.create("ws-bad-key", "B");
        assertThrows(IllegalArgumentException.class, () -> keys.create("ws-bad-key", " ", WorkspaceRole.ADMIN));
        assertThrows(IllegalArgumentException.class, () -> keys.create("ws-bad-key", "a\u0000", WorkspaceRole.ADMIN));
        assertThrows(IllegalArgumentException.class, () -> keys.create("ws/bad", "x", WorkspaceRole.ADMIN));
        assertThrows(IllegalArgumentException.class, () -> keys.revoke("ws/bad", "x"));
        assertThrows(IllegalArgumentException.class, () -> keys.list("ws/bad"));
        assertEquals(List.of(), keys.list("ws-bad-key"));
    }

    private static OffsetDateTime lastUsedAt(String id) {
        return database.dsl().select(API_KEYS.LAST_USED_AT).from(API_KEYS).where(API_KEYS.ID.eq(id))
                .fetchSingle(API_KEYS.LAST_USED_AT);
    }
}
