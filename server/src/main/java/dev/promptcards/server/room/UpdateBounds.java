package dev.promptcards.server.room;

/**
 * What one update may bring into a card, so that one editor cannot make a card take unbounded memory or
 * CPU (part of {@link Limits}).
 *
 * @param maxPendingBytes  the most bytes of updates a card keeps that cannot be applied yet (their
 *                         predecessors have not arrived: legitimate only until the missing update comes,
 *                         e.g. across nodes); past it they are dropped and the sender is closed with 4413
 *                         (default 1 MiB)
 * @param maxUpdateClients the most distinct client ids one update may carry; more closes its sender with
 *                         4413, nothing applied (default 200)
 * @param maxCardClients   the most distinct client ids a card may hold; an update that would take it past
 *                         closes its sender with 4413, nothing applied (default 20,000)
 * @param maxUpdateStructs the most structs (items, GCs, skips) one update may carry; more closes its sender
 *                         with 4413, nothing applied (default 200,000)
 */
public record UpdateBounds(long maxPendingBytes, int maxUpdateClients, int maxCardClients, int maxUpdateStructs) {

    /**
     * Default {@link #maxPendingBytes()}: 1 MiB. On one node nothing stays pending for a stock client (its
     * updates arrive in order); a few keystrokes or a paste waiting for an update from another node fit
     * easily, and a joiner's first sync carries at most this much beyond the card.
     */
    public static final long DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;
    /**
     * Default {@link #maxUpdateClients()}: 200. Integrating concurrent inserts at one position costs the
     * product of the update's clients and those already there (as in Yjs): measured on a busy 2-core
     * machine, 200 new clients against 20,000 took 0.4 to 0.9 s, 1,000 against 20,000 3 to 4 s, 20,000 against
     * 20,000 54 s. A stock client's update names one client; its
     * SyncStep2 names the clients it holds that the server lacks, normally itself.
     */
    public static final int DEFAULT_MAX_UPDATE_CLIENTS = 200;
    /**
     * Default {@link #maxCardClients()}: 20,000. Every editing session of a stock client adds one client id for
     * good, so this is about 20,000 sessions that changed the card; with {@link #DEFAULT_MAX_UPDATE_CLIENTS}
     * it bounds one update's integration to about a second.
     */
    public static final int DEFAULT_MAX_CARD_CLIENTS = 20_000;
    /**
     * Default {@link #maxUpdateStructs()}: 200,000. A stock client's first SyncStep2 of a card the server lacks
     * is one update holding the whole document: the B4 trace's card (a 104,852-character paper typed and
     * edited in 259,778 keystrokes) is 10,971 structs in 223,414 bytes (crdt {@code B4TraceTest}), 18 times
     * under this; at its density of about 20 bytes a struct, a frame of {@link Limits#DEFAULT_MAX_FRAME_BYTES}
     * holds about 205,000. A crafted update of 2-byte structs would fit 2 million in that frame; 200,000
     * single-character items take about 0.5 s to integrate (measured on a busy 2-core machine).
     */
    public static final int DEFAULT_MAX_UPDATE_STRUCTS = 200_000;

    /** @throws IllegalArgumentException naming the first value below 1 */
    public UpdateBounds {
        Limits.positive("maxPendingBytes", maxPendingBytes);
        Limits.positive("maxUpdateClients", maxUpdateClients);
        Limits.positive("maxCardClients", maxCardClients);
        Limits.positive("maxUpdateStructs", maxUpdateStructs);
    }

    /**
     * The bounds with {@link #maxUpdateStructs()} replaced.
     *
     * @param value the most structs of one update
     * @return the new bounds
     */
    public UpdateBounds withMaxUpdateStructs(int value) {
        return new UpdateBounds(maxPendingBytes, maxUpdateClients, maxCardClients, value);
    }

    /**
     * @return the defaults
     */
    public static UpdateBounds defaults() {
        return new UpdateBounds(DEFAULT_MAX_PENDING_BYTES, DEFAULT_MAX_UPDATE_CLIENTS, DEFAULT_MAX_CARD_CLIENTS,
                DEFAULT_MAX_UPDATE_STRUCTS);
    }
}
