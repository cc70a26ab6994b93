package dev.promptcards.server.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caps on open WebSocket connections: {@code Limits.maxConnections} for the server and
 * {@code WorkspaceQuotas.maxConnections} for each workspace, so that one workspace cannot take every
 * slot. Thread-safe.
 */
final class ConnectionSlots {

    /** What {@link #tryAcquire(String)} did. */
    enum Outcome {
        /** a slot is taken: give it back with {@link #release(String)} */
        TAKEN,
        /** the workspace holds its quota of connections already */
        WORKSPACE_FULL,
        /** the server holds its cap of connections already */
        SERVER_FULL
    }

    private final int max;
    private final int maxPerWorkspace;
    private final AtomicInteger used = new AtomicInteger();
    /** connections per workspace; a workspace without any has no entry */
    private final Map<String, Integer> perWorkspace = new ConcurrentHashMap<>();

    /**
     * @param max             the most connections open at once, at least 1
     * @param maxPerWorkspace the most connections of one workspace open at once, at least 1
     */
    ConnectionSlots(int max, int maxPerWorkspace) {
        if (max < 1) {
            throw new IllegalArgumentException("max connections must be at least 1: " + max);
        }
        if (maxPerWorkspace < 1) {
            throw new IllegalArgumentException("max connections per workspace must be at least 1: "
                    + maxPerWorkspace);
        }
        this.max = max;
        this.maxPerWorkspace = maxPerWorkspace;
    }

    /**
     * Takes a slot of the server and of {@code workspace} if both have one free; the workspace's quota is
     * checked first, so a workspace at its quota is told so even when the server is full too.
     *
     * @param workspace the workspace of the connection
     * @return {@link Outcome#TAKEN} (then give it back with {@link #release(String)}), or which cap is
     *         reached (nothing is taken)
     */
    Outcome tryAcquire(String workspace) {
        boolean[] taken = {false};
        perWorkspace.compute(workspace, (w, n) -> {
            int held = n == null ? 0 : n;
            if (held >= maxPerWorkspace) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        if (!taken[0]) {
            return Outcome.WORKSPACE_FULL;
        }
        while (true) {
            int n = used.get();
            if (n >= max) {
                releaseOf(workspace);
                return Outcome.SERVER_FULL;
            }
            if (used.compareAndSet(n, n + 1)) {
                return Outcome.TAKEN;
            }
        }
    }

    /**
     * Gives back a slot taken with {@link #tryAcquire(String)}.
     *
     * @param workspace the workspace it was taken for
     */
    void release(String workspace) {
        releaseOf(workspace);
        used.decrementAndGet();
    }

    private void releaseOf(String workspace) {
        perWorkspace.computeIfPresent(workspace, (w, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * @return the number of slots taken
     */
    int used() {
        return used.get();
    }

    /**
     * @param workspace a workspace
     * @return the number of slots it holds
     */
    int used(String workspace) {
        return perWorkspace.getOrDefault(workspace, 0);
    }

    /**
     * @return the most connections of one workspace
     */
    int maxPerWorkspace() {
        return maxPerWorkspace;
    }
}
