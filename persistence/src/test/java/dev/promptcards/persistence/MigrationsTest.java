package dev.promptcards.persistence;

import dev.promptcards.persistence.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MigrationsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void migrations_apply_on_an_empty_database() {
        try (Database database = db.open()) {
            DSLContext dsl = database.dsl();
            assertEquals(List.of("card_snapshots", "card_updates", "cards", "flyway_schema_history", "test_results",
                    "test_runs", "workspaces"),
                    dsl.fetch("select table_name::text from information_schema.tables "
                            + "where table_schema = 'public' order by table_name").getValues(0, String.class));
            assertEquals(List.of("1|true", "2|true"),
                    dsl.fetch("select version || '|' || success from flyway_schema_history "
                            + "order by installed_rank").getValues(0, String.class));
        }
        // a second start finds the schema current and applies nothing
        try (Database again = db.open()) {
            assertEquals(2L, again.dsl().fetchValue("select count(*) from flyway_schema_history"));
        }
    }
}
