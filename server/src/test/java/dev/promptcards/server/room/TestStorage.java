package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStorage;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A {@link CardStorage} on a real PostgreSQL for the server's tests: the test class's
 * {@link TestDatabase}, emptied when opened, so each test starts without cards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase db = new TestDatabase();
 * private final TestStorage storage = TestStorage.open(db);   // close it after the rooms
 * }</pre>
 */
public final class TestStorage implements AutoCloseable {

    private final Database database;
    private final CardStorage storage;

    private TestStorage(Database database, CardStorage storage) {
        this.database = database;
        this.storage = storage;
    }

    /**
     * Opens the test class's database with every table emptied, and a storage on it with the default
     * settings.
     *
     * @param db the test class's database
     * @return the storage; close it after the rooms using it
     */
    public static TestStorage open(TestDatabase db) {
        return open(db, UpdateLogSettings.defaults());
    }

    /**
     * As {@link #open(TestDatabase)} with other settings.
     *
     * @param db       the test class's database
     * @param settings group commit and compaction
     * @return the storage
     */
    public static TestStorage open(TestDatabase db, UpdateLogSettings settings) {
        return open(db.open(), settings);
    }

    /**
     * As {@link #open(TestDatabase, UpdateLogSettings)} with a pool of {@code maxPoolSize} connections.
     *
     * @param db          the test class's database
     * @param settings    group commit and compaction
     * @param maxPoolSize the most connections the pool opens
     * @return the storage
     */
    public static TestStorage open(TestDatabase db, UpdateLogSettings settings, int maxPoolSize) {
        return open(Database.start(db.config().withMaxPoolSize(maxPoolSize)), settings);
    }

    private static TestStorage open(Database database, UpdateLogSettings settings) {
        execute(database, "truncate audit_log, api_keys, workspace_members, test_results, test_runs, "
                + "card_snapshots, card_updates, cards, workspaces");
        return new TestStorage(database, CardStorage.open(database, settings));
    }

    /**
     * A second storage on the same database, as a restarted server would open it (nothing emptied).
     *
     * @param db the test class's database
     * @return the storage
     */
    public static TestStorage reopen(TestDatabase db) {
        Database database = db.open();
        return new TestStorage(database, CardStorage.open(database, UpdateLogSettings.defaults()));
    }

    /**
     * The storage.
     *
     * @return the storage the rooms use
     */
    public CardStorage storage() {
        return storage;
    }

    /**
     * The database under it, for statements of the test's own.
     *
     * @return the database
     */
    public Database database() {
        return database;
    }

    /**
     * Creates a card, as an editor's first connection would.
     *
     * @param key the card
     * @return its reference
     */
    public CardRef create(CardKey key) {
        return storage.cards().create(key.workspace(), key.card(), "test");
    }

    /**
     * Runs one SQL statement on its own connection.
     *
     * @param sql the statement
     */
    public void execute(String sql) {
        execute(database, sql);
    }

    /**
     * Runs a query that answers one number, e.g. {@code select count(*) from card_updates}.
     *
     * @param sql the query
     * @return the first column of its first row
     */
    public long count(String sql) {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static void execute(Database database, String sql) {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /** Closes the storage (flushing its appends), then the database's pool. */
    @Override
    public void close() {
        try {
            storage.close();
        } finally {
            database.close();
        }
    }
}
