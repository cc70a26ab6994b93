package dev.promptcards.server.room;

/**
 * What one update may bring into a card, so that one editor cannot make a card take unbounded memory or
 * CPU (part of {@link Limits}).
 *
 * @param maxPendingBytes  the most bytes of updates a card keeps that cannot be applied yet (their
 *                         predecessors have not arrived: legitimate only until the missing update comes,
 *                         e.g. across nodes); past it the sender is closed with 4413 (default 1 MiB)
 * @param maxUpdateClients the most distinct client ids one update may carry; more closes its sender with
 *                         4413, nothing applied (default 1,000)
 * @param maxCardClients   the most distinct client ids a card may hold; an update that would take it past
 *                         closes its sender with 4413, nothing applied (default 100,000)
 */
public record UpdateBounds(long maxPendingBytes, int maxUpdateClients, int maxCardClients) {

    /** Default {@link #maxPendingBytes()}: 1 MiB. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;
    /** Default {@link #maxUpdateClients()}. */
    public static final int DEFAULT_MAX_UPDATE_CLIENTS = 1_000;
    /** Default {@link #maxCardClients()}. */
    public static final int DEFAULT_MAX_CARD_CLIENTS = 100_000;

    /** @throws IllegalArgumentException naming the first value below 1 */
    public UpdateBounds {
        Limits.positive("maxPendingBytes", maxPendingBytes);
        Limits.positive("maxUpdateClients", maxUpdateClients);
        Limits.positive("maxCardClients", maxCardClients);
    }

    /**
     * @return the defaults
     */
    public static UpdateBounds defaults() {
        return new UpdateBounds(DEFAULT_MAX_PENDING_BYTES, DEFAULT_MAX_UPDATE_CLIENTS, DEFAULT_MAX_CARD_CLIENTS);
    }
}
