package dev.promptcards.server.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caps on open WebSocket connections: {@code Limits.maxConnections} for the server and
 * {@code WorkspaceQuotas.maxConnections} for each workspace, so that one workspace cannot take every
 * slot, lowered for a workspace by its own stored quota ({@code maxConnections} of the admin API). The counts
 * are this node's: every node counts its own connections. Thread-safe.
 */
final class ConnectionSlots {

    /** What {@link #tryAcquire(String)} did. */
    enum Outcome {
        /** a slot is taken: give it back with {@link #release(String)} */
        TAKEN,
        /** the workspace holds the server's per-workspace cap of connections already */
        WORKSPACE_FULL,
        /** the workspace holds its own stored quota of connections already (below the per-workspace cap) */
        WORKSPACE_QUOTA,
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
        return tryAcquire(workspace, null);
    }

    /**
     * Takes a slot as {@link #tryAcquire(String)} does, the workspace holding at most the smaller of the
     * per-workspace cap and its stored quota.
     *
     * @param workspace      the workspace of the connection
     * @param storedQuota    the workspace's stored quota of connections ({@code maxConnections}), null for none
     * @return {@link Outcome#TAKEN}, or which cap is reached: {@link Outcome#WORKSPACE_QUOTA} when the stored
     *         quota is the smaller one (or equal) and reached
     */
    Outcome tryAcquire(String workspace, Integer storedQuota) {
        boolean quotaBinds = storedQuota != null && storedQuota <= maxPerWorkspace;
        int cap = quotaBinds ? storedQuota : maxPerWorkspace;
        boolean[] taken = {false};
        perWorkspace.compute(workspace, (w, n) -> {
            int held = n == null ? 0 : n;
            if (held >= cap) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        if (!taken[0]) {
            return quotaBinds ? Outcome.WORKSPACE_QUOTA : Outcome.WORKSPACE_FULL;
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
