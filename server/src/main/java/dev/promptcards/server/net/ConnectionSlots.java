package dev.promptcards.server.net;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on open WebSocket connections ({@code Limits.maxConnections}). Thread-safe.
 */
final class ConnectionSlots {

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    /**
     * @param max the most connections open at once, at least 1
     */
    ConnectionSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max connections must be at least 1: " + max);
        }
        this.max = max;
    }

    /**
     * Takes a slot if one is free.
     *
     * @return true if taken (give it back with {@link #release()}), false if all are used
     */
    boolean tryAcquire() {
        while (true) {
            int n = used.get();
            if (n >= max) {
                return false;
            }
            if (used.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken with {@link #tryAcquire()}. */
    void release() {
        used.decrementAndGet();
    }

    /**
     * @return the number of slots taken
     */
    int used() {
        return used.get();
    }
}
