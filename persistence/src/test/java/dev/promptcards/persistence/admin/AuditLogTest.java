package dev.promptcards.persistence.admin;

import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.promptcards.persistence.jooq.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Database database;
    private static WorkspaceStore workspaces;
    private static AuditLog audit;

    @BeforeAll
    static void open() {
        database = Database.start(db.config().withMaxPoolSize(12));
        workspaces = new WorkspaceStore(database.dsl());
        audit = new AuditLog(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void appended_rows_chain_from_the_genesis_hash_and_verify() {
        workspaces.create("ws-chain", "C");
        AuditEntry first = audit.append("ws-chain", ActorKind.OPERATOR, "operator", "workspace.create", "ws-chain",
                "{\"name\":\"C\"}");
        AuditEntry second = audit.append("ws-chain", ActorKind.API_KEY, "ak_1", "api_key.revoke", "ak_2", null);
        AuditEntry third = audit.append("ws-chain", ActorKind.TOKEN, "alice", "run.start", null, "[1, 2]");
        assertEquals(AuditHash.GENESIS, first.prevHash());
        assertEquals(first.hash(), second.prevHash());
        assertEquals(second.hash(), third.prevHash());
        assertEquals(AuditHash.of(AuditHash.GENESIS, "ws-chain", first.at(), ActorKind.OPERATOR, "operator",
                "workspace.create", "ws-chain", "{\"name\":\"C\"}"), first.hash());
        assertTrue(!first.at().isAfter(second.at()) && !second.at().isAfter(third.at()));
        assertEquals(List.of(first, second, third), audit.page("ws-chain", 0, 10));
        assertEquals(new AuditVerification(true, 3, null), audit.verify("ws-chain"));
    }

    @Test
    void the_canonical_encoding_tells_a_null_from_an_empty_field_and_fields_apart() {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        String nullTarget = AuditHash.of(AuditHash.GENESIS, "ws", at, ActorKind.TOKEN, "a", "b", null, null);
        String emptyTarget = AuditHash.of(AuditHash.GENESIS, "ws", at, ActorKind.TOKEN, "a", "b", "", null);
        String shifted = AuditHash.of(AuditHash.GENESIS, "ws", at, ActorKind.TOKEN, "ab", "", null, null);
        assertEquals(3, new HashSet<>(List.of(nullTarget, emptyTarget, shifted)).size());
        assertEquals(nullTarget, AuditHash.of(AuditHash.GENESIS, "ws", at, ActorKind.TOKEN, "a", "b", null, null));
        assertTrue(nullTarget.matches("[0-9a-f]{64}"), nullTarget);
    }

    @Test
    void a_row_altered_by_hand_is_named_by_verify() {
        workspaces.create("ws-tamper", "T");
        List<AuditEntry> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(audit.append("ws-tamper", ActorKind.API_KEY, "ak_x", "card.delete", "card-" + i,
                    "{\"i\":" + i + "}"));
        }
        assertEquals(new AuditVerification(true, 5, null), audit.verify("ws-tamper"));
        long victim = rows.get(2).id();
        database.dsl().execute("update audit_log set detail = '{\"i\":99}' where id = " + victim);
        assertEquals(new AuditVerification(false, 5, victim), audit.verify("ws-tamper"));
    }

    @Test
    void a_row_deleted_by_hand_makes_verify_name_the_row_after_it() {
        workspaces.create("ws-gap", "G");
        List<AuditEntry> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(audit.append("ws-gap", ActorKind.OPERATOR, "operator", "member.put", "u" + i, null));
        }
        database.dsl().deleteFrom(AUDIT_LOG).where(AUDIT_LOG.ID.eq(rows.get(1).id())).execute();
        assertEquals(new AuditVerification(false, 3, rows.get(2).id()), audit.verify("ws-gap"));
    }

    @Test
    void a_hash_rewritten_by_hand_is_named_by_verify() {
        workspaces.create("ws-rehash", "R");
        AuditEntry only = audit.append("ws-rehash", ActorKind.OPERATOR, "operator", "workspace.update", null, null);
        database.dsl().update(AUDIT_LOG).set(AUDIT_LOG.HASH, "f".repeat(64)).where(AUDIT_LOG.ID.eq(only.id()))
                .execute();
        assertEquals(new AuditVerification(false, 1, only.id()), audit.verify("ws-rehash"));
    }

    @Test
    void an_empty_log_verifies_with_no_entries() {
        assertEquals(new AuditVerification(true, 0, null), audit.verify("ws-empty-log"));
    }

    @Test
    void concurrent_appends_of_one_workspace_keep_one_chain() throws Exception {
        workspaces.create("ws-race", "R");
        workspaces.create("ws-race-other", "O");
        int threads = 8;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String actor = "writer-" + t;
                String workspace = t % 4 == 3 ? "ws-race-other" : "ws-race";
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        audit.append(workspace, ActorKind.TOKEN, actor, "run.start", "card", "{\"i\":" + i + "}");
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new AuditVerification(true, 6 * each, null), audit.verify("ws-race"));
        assertEquals(new AuditVerification(true, 2 * each, null), audit.verify("ws-race-other"));
        List<AuditEntry> all = audit.page("ws-race", 0, AuditLog.MAX_PAGE);
        assertEquals(6 * each, new HashSet<>(all.stream().map(AuditEntry::prevHash).toList()).size(),
                "no two rows share a previous row: the chain did not fork");
    }

    @Test
    void pages_follow_the_id_after_the_last_row() {
        workspaces.create("ws-pages", "P");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(audit.append("ws-pages", ActorKind.OPERATOR, "operator", "a" + i, null, null).id());
        }
        List<AuditEntry> first = audit.page("ws-pages", 0, 2);
        assertEquals(ids.subList(0, 2), first.stream().map(AuditEntry::id).toList());
        List<AuditEntry> second = audit.page("ws-pages", first.getLast().id(), 2);
        assertEquals(ids.subList(2, 4), second.stream().map(AuditEntry::id).toList());
        assertEquals(ids.subList(4, 5), audit.page("ws-pages", second.getLast().id(), 2).stream()
                .map(AuditEntry::id).toList());
        assertEquals(List.of(), audit.page("ws-pages", ids.getLast(), 2));
        assertEquals(List.of(), audit.page("ws-unknown", 0, 2));
    }

    @Test
    void bad_appends_and_pages_are_refused_and_append_nothing() {
        workspaces.create("ws-bad-audit", "B");
        assertThrows(NoSuchWorkspaceException.class,
                () -> audit.append("ws-none", ActorKind.OPERATOR, "operator", "x", null, null));
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                () -> audit.append("ws-bad-audit", ActorKind.OPERATOR, "operator", "x", null, "{oops"));
        assertTrue(notJson.getMessage().startsWith("detail is not JSON: "), notJson.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> audit.append("ws-bad-audit", ActorKind.OPERATOR, "operator", "x", null, "{} {}"));
        assertThrows(IllegalArgumentException.class,
                () -> audit.append("ws-bad-audit", ActorKind.OPERATOR, "operator", "x", null, " "));
        assertThrows(IllegalArgumentException.class,
                () -> audit.append("ws-bad-audit", ActorKind.OPERATOR, "", "x", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> audit.append("ws-bad-audit", ActorKind.OPERATOR, "operator", " ", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> audit.append("ws-bad-audit", ActorKind.OPERATOR, "operator", "x", "t\u0000", null));
        assertThrows(IllegalArgumentException.class, () -> audit.page("ws-bad-audit", -1, 10));
        assertThrows(IllegalArgumentException.class, () -> audit.page("ws-bad-audit", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> audit.page("ws-bad-audit", 0, AuditLog.MAX_PAGE + 1));
        assertThrows(IllegalArgumentException.class, () -> audit.verify("ws bad"));
        assertEquals(new AuditVerification(true, 0, null), audit.verify("ws-bad-audit"));
    }
}
