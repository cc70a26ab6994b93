package dev.promptcards.server.room;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database stores what the rooms append, as the last append or probe found: the server's
 * readiness ({@code /readyz}) follows it. A change is logged once: when the database stops answering
 * (rooms keep serving and hold their writers' echoes) and when it is back. Thread-safe.
 */
public final class StorageHealth {

    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);

    private final AtomicBoolean available = new AtomicBoolean(true);

    /**
     * Tells whether the database stores appends.
     *
     * @return false from a failed append or probe until one succeeds
     */
    public boolean available() {
        return available.get();
    }

    /** An append or probe succeeded. */
    void stored() {
        if (available.compareAndSet(false, true)) {
            LOG.info("the database stores again: the updates held meanwhile are being written and echoed");
        }
    }

    /**
     * An append or probe failed. Bad data (SQL state class 22 or 23: a value or a constraint the database
     * refuses) is no sign of a database away, and changes nothing here.
     *
     * @param cause what failed
     */
    void failed(Throwable cause) {
        if (isDataError(cause)) {
            return;
        }
        if (available.compareAndSet(true, false)) {
            LOG.warn("the database cannot store right now ({}): rooms keep serving, updates are kept in memory"
                    + " and echoed once stored, /readyz answers 503", cause.toString());
        }
    }

    /** SQL state classes 22 (data exception) and 23 (integrity constraint violation), anywhere in the causes. */
    static boolean isDataError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
