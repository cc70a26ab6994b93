package dev.promptcards.persistence;

import dev.promptcards.persistence.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A fresh database per test class (TestDatabase: embedded PostgreSQL, or PROMPTCARDS_TEST_DB_URL). */
abstract class DatabaseTestBase {
    static TestDatabase testDatabase;
    static Database database;

    @BeforeAll
    static void openDatabase() {
        testDatabase = new TestDatabase();
        database = testDatabase.open();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
        testDatabase.close();
    }

    static DSLContext dsl() {
        return database.dsl();
    }
}
