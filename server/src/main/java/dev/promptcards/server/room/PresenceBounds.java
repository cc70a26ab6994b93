package dev.promptcards.server.room;

/**
 * What presence (awareness) may hold, so that one connection cannot fill the memory of a card nor take over
 * other clients' states (part of {@link Limits}).
 *
 * @param maxStateBytes           the largest awareness state of one client, in bytes of its JSON; a bigger
 *                                one closes its sender with 4413 (default 16 KiB)
 * @param maxCardBytes            the most bytes of awareness states one card keeps, all clients together; an
 *                                update past it closes its sender with 4413 (default 1 MiB)
 * @param maxClientsPerConnection the most awareness client ids one connection may announce (each id belongs to
 *                                the connection that announced it first); more closes it with 4413
 *                                (default 4)
 */
public record PresenceBounds(int maxStateBytes, long maxCardBytes, int maxClientsPerConnection) {

    /** Default {@link #maxStateBytes()}: 16 KiB. */
    public static final int DEFAULT_MAX_STATE_BYTES = 16 * 1024;
    /** Default {@link #maxCardBytes()}: 1 MiB. */
    public static final long DEFAULT_MAX_CARD_BYTES = 1024 * 1024;
    /** Default {@link #maxClientsPerConnection()}. */
    public static final int DEFAULT_MAX_CLIENTS_PER_CONNECTION = 4;

    /** @throws IllegalArgumentException naming the first value below 1 */
    public PresenceBounds {
        Limits.positive("maxAwarenessStateBytes", maxStateBytes);
        Limits.positive("maxAwarenessBytes", maxCardBytes);
        Limits.positive("maxAwarenessClientsPerConnection", maxClientsPerConnection);
    }

    /**
     * @return the defaults
     */
    public static PresenceBounds defaults() {
        return new PresenceBounds(DEFAULT_MAX_STATE_BYTES, DEFAULT_MAX_CARD_BYTES, DEFAULT_MAX_CLIENTS_PER_CONNECTION);
    }
}
