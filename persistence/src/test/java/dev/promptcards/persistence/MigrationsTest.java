package dev.promptcards.persistence;

import dev.promptcards.card.schema.Run;
import dev.promptcards.persistence.admin.Quotas;
import dev.promptcards.persistence.admin.Workspace;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.runs.ClaimedRun;
import dev.promptcards.persistence.runs.NewRun;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.persistence.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MigrationsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** A database at V1 with data in it, before the newer migrations. */
    @RegisterExtension
    static final TestDatabase v1 = new TestDatabase();

    @Test
    void migrations_apply_on_an_empty_database() {
        try (Database database = db.open()) {
            DSLContext dsl = database.dsl();
            assertEquals(List.of("api_keys", "audit_log", "card_snapshots", "card_updates", "cards",
                    "flyway_schema_history", "test_results", "test_runs", "workspace_members", "workspaces"),
                    dsl.fetch("select table_name::text from information_schema.tables "
                            + "where table_schema = 'public' order by table_name").getValues(0, String.class));
            assertEquals(List.of("1|true", "2|true", "3|true"),
                    dsl.fetch("select version || '|' || success from flyway_schema_history "
                            + "order by installed_rank").getValues(0, String.class));
        }
        // a second start finds the schema current and applies nothing
        try (Database again = db.open()) {
            assertEquals(3L, again.dsl().fetchValue("select count(*) from flyway_schema_history"));
        }
    }

    @Test
    void a_v1_database_with_cards_migrates_to_the_newest_keeping_its_rows_and_its_cards_take_runs() {
        DatabaseConfig config = v1.config();
        Flyway.configure()
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations(Database.MIGRATIONS)
                .target("1")
                .load()
                .migrate();
        List<String> v1Rows;
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            DSLContext v1Dsl = DSL.using(c, SQLDialect.POSTGRES);
            assertEquals(List.of("1"), v1Dsl.fetch("select version from flyway_schema_history")
                    .getValues(0, String.class));
            v1Dsl.execute("insert into workspaces (id) values ('old-ws')");
            v1Dsl.execute("insert into cards (workspace, name, title, created_by) values "
                    + "('old-ws', 'kept', 'Kept', 'alice'), ('old-ws', 'gone', '', 'bob')");
            v1Dsl.execute("update cards set deleted_at = now() where name = 'gone'");
            v1Dsl.execute("insert into card_updates (card, data) select pk, '\\x0102'::bytea from cards");
            v1Dsl.execute("insert into card_snapshots (card, last_seq, state, state_vector) "
                    + "select pk, 7, '\\x0000'::bytea, '\\x00'::bytea from cards where name = 'kept'");
            v1Rows = rows(v1Dsl);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        try (Database database = v1.open()) {
            DSLContext dsl = database.dsl();
            assertEquals(List.of("1|true", "2|true", "3|true"),
                    dsl.fetch("select version || '|' || success from flyway_schema_history "
                            + "order by installed_rank").getValues(0, String.class));
            assertEquals(v1Rows, rows(dsl));
            // V3: an old workspace has an empty name and no limits
            assertEquals(Optional.of(new Workspace("old-ws", "", Quotas.UNLIMITED,
                            new WorkspaceStore(dsl).get("old-ws").orElseThrow().createdAt())),
                    new WorkspaceStore(dsl).get("old-ws"));

            CardRef kept = new CardStore(dsl).find("old-ws", "kept").orElseThrow();
            RunStore runs = new RunStore(dsl);
            runs.insert(new NewRun("after-v2", kept.id(), "echo", "echo", "alice", Instant.parse(
                    "2026-03-01T10:00:00Z"), new byte[] {0}, "{}"));
            ClaimedRun claimed = runs.claim("node", Duration.ofMinutes(1)).orElseThrow();
            assertEquals("after-v2", claimed.id());
            assertEquals(kept, claimed.card());
            assertEquals(List.of("after-v2"), runs.list(kept.id(), 10).stream().map(Run::id).toList());
        }
    }

    /** Every row of V1's tables (V1's columns of workspaces), as text, in a fixed order. */
    private static List<String> rows(DSLContext dsl) {
        return dsl.fetch("select 'w:' || (w.id, w.created_at)::text from workspaces w union all select 'c:' || c::text from cards c "
                + "union all select 'u:' || u::text from card_updates u "
                + "union all select 's:' || s::text from card_snapshots s order by 1").getValues(0, String.class);
    }
}
