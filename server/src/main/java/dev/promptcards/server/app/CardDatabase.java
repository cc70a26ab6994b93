package dev.promptcards.server.app;

import dev.promptcards.persistence.CardStorage;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.EmbeddedDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code serve} stores the cards: the embedded PostgreSQL in the data directory (unless
 * {@code --db-url} names another), the {@link Database} on it (pool, migrations), and the
 * {@link CardStorage} the rooms use. {@link #close()} closes them in the reverse order: the storage
 * first (its pending appends are flushed), then the pool, then the embedded server.
 */
final class CardDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CardDatabase.class);

    private final EmbeddedDatabase embedded;
    private final Database database;
    private final CardStorage storage;
    private final String description;

    private CardDatabase(EmbeddedDatabase embedded, Database database, CardStorage storage,
            String description) {
        this.embedded = embedded;
        this.database = database;
        this.storage = storage;
        this.description = description;
    }

    /**
     * Starts the embedded PostgreSQL when no URL is set (telling the operator, the first start takes a
     * few seconds), opens the database (migrating it) and the storage.
     *
     * @param settings where the cards are stored
     * @param out      where the operator is told that the embedded PostgreSQL starts
     * @param registry where the connection pool's meters go ({@code hikaricp_*})
     * @throws AppStartException when one of them cannot start; what started is closed again
     */
    static CardDatabase open(DatabaseSettings settings, PrintWriter out, MeterRegistry registry) {
        EmbeddedDatabase embedded = null;
        Database database = null;
        try {
            DatabaseConfig config;
            if (settings.url() == null) {
                Path dataDir = settings.dataDir().toAbsolutePath().normalize();
                out.println("Starting the embedded PostgreSQL in " + dataDir.resolve(
                        EmbeddedDatabase.SUBDIRECTORY) + " ...");
                out.flush();
                Files.createDirectories(dataDir);
                embedded = EmbeddedDatabase.start(dataDir);
                config = embedded.config();
            } else {
                config = new DatabaseConfig(settings.url(), settings.user(), settings.password(),
                        DatabaseConfig.DEFAULT_MAX_POOL_SIZE);
            }
            database = Database.start(config, registry);
            CardStorage storage = CardStorage.open(database, settings.log());
            String description = settings.description();
            log.info("cards are stored in {}", description);
            return new CardDatabase(embedded, database, storage, description);
        } catch (IOException | RuntimeException e) {
            closeQuietly(database);
            closeQuietly(embedded);
            String where = settings.description();
            throw new AppStartException("cannot open the database (" + where + "): "
                    + AppStartException.rootMessage(e instanceof IOException io ? new UncheckedIOException(io) : e),
                    e);
        }
    }

    /** The storage for the rooms. */
    CardStorage storage() {
        return storage;
    }

    /** The database (its pool and jOOQ), for the parts that keep their own tables (the runs). */
    Database database() {
        return database;
    }

    /** Where the cards are stored, for the operator (no password). */
    String description() {
        return description;
    }

    /** Closes the storage (flushing its appends), the database, then the embedded PostgreSQL. */
    @Override
    public void close() {
        try {
            storage.close();
        } catch (RuntimeException e) {
            log.error("closing the card storage failed", e);
        }
        closeQuietly(database);
        closeQuietly(embedded);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.error("closing {} failed", closeable.getClass().getSimpleName(), e);
        }
    }
}
