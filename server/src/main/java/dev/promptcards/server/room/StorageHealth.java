package dev.promptcards.server.room;

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
     * An append or probe failed for want of the database.
     *
     * @param cause what failed
     */
    void failed(Throwable cause) {
        if (available.compareAndSet(true, false)) {
            LOG.warn("the database cannot store right now ({}): rooms keep serving, updates are kept in memory"
                    + " and echoed once stored, /readyz answers 503", cause.toString());
        }
    }
}
