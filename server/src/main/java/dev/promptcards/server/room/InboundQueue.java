package dev.promptcards.server.room;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of frames each connection has queued on its room and not yet handled. A room that is busy (a
 * heavy update applied off its thread, a card loading) keeps queuing what its connections send, while
 * their reads go on; this bounds what one connection can pile up meanwhile. Thread-safe.
 */
final class InboundQueue {

    private final long maxBytes;
    private final Map<Connection, AtomicLong> queued = new ConcurrentHashMap<>();

    /**
     * @param maxBytes the most bytes one connection may have queued
     */
    InboundQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Counts {@code bytes} more for {@code connection}, unless that would take it past the bound.
     *
     * @param connection the sender
     * @param bytes      the frame's bytes
     * @return the counter to take {@code bytes} off once the frame is handled, or null if over the bound
     *         with frames queued already (nothing counted)
     */
    AtomicLong admit(Connection connection, long bytes) {
        AtomicLong counter = queued.computeIfAbsent(connection, c -> new AtomicLong());
        long after = counter.addAndGet(bytes);
        // a frame alone is never refused here (its size has a limit of its own): only what piles up
        if (after > maxBytes && after != bytes) {
            counter.addAndGet(-bytes);
            return null;
        }
        return counter;
    }

    /**
     * Forgets a connection that left the room (frames still queued take their bytes off the old counter).
     *
     * @param connection the connection
     */
    void forget(Connection connection) {
        queued.remove(connection);
    }
}
