package dev.promptcards.persistence;

import java.util.Objects;

/**
 * What the server stores cards with: the {@link CardStore} (cards and workspaces) and the {@link UpdateLog}
 * (their Yjs state) on one {@link Database}.
 *
 * <p>{@link #close()} closes the update log (flushing pending appends, letting running compactions finish);
 * the database stays open: whoever opened it closes it, after this.
 */
public final class CardStorage implements AutoCloseable {
    private final Database database;
    private final CardStore cards;
    private final UpdateLog log;

    private CardStorage(Database database, CardStore cards, UpdateLog log) {
        this.database = database;
        this.cards = cards;
        this.log = log;
    }

    /**
     * Storage on an open (migrated) database.
     *
     * @param database the database
     * @param settings group commit and compaction settings of the update log
     * @return the storage; close it before the database
     */
    public static CardStorage open(Database database, UpdateLogSettings settings) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(settings, "settings");
        return new CardStorage(database, new CardStore(database.dsl()), new UpdateLog(database.dsl(), settings));
    }

    /** @return the cards and workspaces */
    public CardStore cards() {
        return cards;
    }

    /** @return the cards' update log and snapshots */
    public UpdateLog log() {
        return log;
    }

    /** @return the database this storage is on */
    public Database database() {
        return database;
    }

    /** Closes the update log (pending appends are flushed); not the database. Idempotent. */
    @Override
    public void close() {
        log.close();
    }
}
