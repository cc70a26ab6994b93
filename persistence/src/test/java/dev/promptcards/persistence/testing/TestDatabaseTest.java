package dev.promptcards.persistence.testing;

import dev.promptcards.persistence.Database;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestDatabaseTest {

    @Test
    void each_test_database_is_a_fresh_database_of_its_own() {
        try (TestDatabase first = new TestDatabase(); TestDatabase second = new TestDatabase()) {
            assertTrue(first.name().matches("pc_test_[0-9a-f]{12}"), first.name());
            assertNotEquals(first.name(), second.name());
            try (Database a = first.open()) {
                a.dsl().execute("insert into workspaces (id) values ('only-in-first')");
                assertEquals(first.name(), a.dsl().fetchValue("select current_database()"));
            }
            try (Database b = second.open()) {
                assertEquals(second.name(), b.dsl().fetchValue("select current_database()"));
                assertEquals(0L, b.dsl().fetchValue("select count(*) from workspaces"));
            }
            // opened again: the same database, its rows still there
            try (Database a = first.open()) {
                assertEquals(List.of("only-in-first"),
                        a.dsl().fetch("select id from workspaces").getValues(0, String.class));
            }
        }
    }

    @Test
    void close_drops_the_database_and_closes_what_is_still_open() throws Exception {
        TestDatabase test = new TestDatabase();
        String name = test.name();
        Database left = test.open();
        assertTrue(exists(test, name));
        test.close();
        assertFalse(exists(new TestDatabase(), name));
        assertTrue(((com.zaxxer.hikari.HikariDataSource) left.dataSource()).isClosed());
    }

    @Test
    void the_server_is_the_one_the_environment_names() {
        try (TestDatabase test = new TestDatabase()) {
            String url = System.getenv(TestDatabase.URL_VARIABLE);
            assertEquals(url != null && !url.isBlank(), TestDatabase.external());
            if (TestDatabase.external()) {
                assertTrue(test.config().jdbcUrl().contains("/" + test.name()), test.config().jdbcUrl());
            }
        }
    }

    /** Whether a database of that name exists, asked through another test database on the same server. */
    private static boolean exists(TestDatabase via, String name) throws Exception {
        try (via; Connection c = via.open().dataSource().getConnection();
                var s = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
