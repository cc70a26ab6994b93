package dev.promptcards.server.room;

/**
 * What presence (awareness) may hold, so that one connection cannot fill the memory of a card nor take over
 * other clients' states (part of {@link Limits}).
 *
 * <p>Together they bound what one connection can make a card hold: at most
 * {@code maxClientsPerConnection * maxStateBytes} (32 KiB by default), so filling a card's
 * {@code maxCardBytes} takes 128 connections, and its count of awareness clients
 * ({@link Limits#maxAwarenessClients()}, 10,000) 2,500, more than a workspace may open
 * ({@link WorkspaceQuotas#maxConnections()}). ARCHITECTURE.md describes who owns which id.
 *
 * <p>One token, though, may open that many connections (a workspace's quota is 2,000): so the connections of
 * one token subject hold at most {@code maxSubjectBytes} of a card together, and filling the card takes
 * {@value #DEFAULT_SUBJECT_SHARE} subjects by default. A cap per subject rather than evicting the biggest
 * holder when the card is full: the sender past it is the one closed, nobody else's state is touched, and a
 * subject needs several credentials, not several connections, to crowd others out.
 *
 * @param maxStateBytes           the largest awareness state of one client, in UTF-8 bytes of its JSON; an
 *                                update with a bigger one closes its sender with 4413 (default 8 KiB)
 * @param maxCardBytes            the most bytes of awareness states one card keeps, all clients together; an
 *                                update that would go past it closes its sender with 4413 (default 4 MiB)
 * @param maxClientsPerConnection the most awareness client ids one connection may announce (each id belongs to
 *                                the connection that announced it first, until it leaves); more closes it with
 *                                4413 (default 4)
 * @param maxSubjectBytes         the most bytes of awareness states the connections of one token subject keep on
 *                                one card together; an update that would go past it closes its sender with 4413
 *                                (default {@code maxCardBytes / 8}, 512 KiB); at most {@code maxCardBytes}
 */
public record PresenceBounds(int maxStateBytes, long maxCardBytes, int maxClientsPerConnection,
        long maxSubjectBytes) {

    /**
     * Default {@link #maxStateBytes()}: 8 KiB. The web client's state (its user's name and colours, the cursor of
     * one field as two relative positions) takes a few hundred bytes; 8 KiB leaves room for a name of thousands
     * of characters while keeping each connection's share of a card small.
     */
    public static final int DEFAULT_MAX_STATE_BYTES = 8 * 1024;
    /**
     * Default {@link #maxCardBytes()}: 4 MiB. Every joiner is sent all states in one frame, well within
     * {@link Limits#maxOutboundBytes()} (16 MiB); at 4 ids of 8 KiB per connection, 128 connections are needed
     * to fill it (16 with 1 MiB and 16 KiB states).
     */
    public static final long DEFAULT_MAX_CARD_BYTES = 4L * 1024 * 1024;
    /**
     * Default {@link #maxClientsPerConnection()}: 4. A stock client announces one id per connection (y-protocols
     * awareness.js takes {@code doc.clientID} once); 4 leaves room for clients that keep more than one, while
     * 10,000 made-up ids would need 2,500 connections.
     */
    public static final int DEFAULT_MAX_CLIENTS_PER_CONNECTION = 4;
    /**
     * The default {@link #maxSubjectBytes()} is {@code maxCardBytes} divided by this: 8 subjects fill a card,
     * while one subject still holds 64 states of 8 KiB (16 connections at 4 ids), far more than one person's
     * tabs need.
     */
    public static final int DEFAULT_SUBJECT_SHARE = 8;

    /**
     * @throws IllegalArgumentException naming the first value below 1, or a {@code maxSubjectBytes} over
     *                                  {@code maxCardBytes}
     */
    public PresenceBounds {
        Limits.positive("maxAwarenessStateBytes", maxStateBytes);
        Limits.positive("maxAwarenessBytes", maxCardBytes);
        Limits.positive("maxAwarenessClientsPerConnection", maxClientsPerConnection);
        Limits.positive("maxAwarenessBytesPerSubject", maxSubjectBytes);
        if (maxSubjectBytes > maxCardBytes) {
            throw new IllegalArgumentException("maxAwarenessBytesPerSubject must be at most maxAwarenessBytes ("
                    + maxCardBytes + "), got " + maxSubjectBytes);
        }
    }

    /**
     * Bounds with the default share per subject: {@code maxCardBytes / }{@value #DEFAULT_SUBJECT_SHARE}
     * (at least 1).
     *
     * @param maxStateBytes           see {@link #maxStateBytes()}
     * @param maxCardBytes            see {@link #maxCardBytes()}
     * @param maxClientsPerConnection see {@link #maxClientsPerConnection()}
     */
    public PresenceBounds(int maxStateBytes, long maxCardBytes, int maxClientsPerConnection) {
        this(maxStateBytes, maxCardBytes, maxClientsPerConnection, defaultSubjectBytes(maxCardBytes));
    }

    /**
     * The default {@link #maxSubjectBytes()} for a card bound.
     *
     * @param maxCardBytes the card bound
     * @return {@code maxCardBytes / }{@value #DEFAULT_SUBJECT_SHARE}, at least 1
     */
    public static long defaultSubjectBytes(long maxCardBytes) {
        return Math.max(1, maxCardBytes / DEFAULT_SUBJECT_SHARE);
    }

    /**
     * @return the defaults
     */
    public static PresenceBounds defaults() {
        return new PresenceBounds(DEFAULT_MAX_STATE_BYTES, DEFAULT_MAX_CARD_BYTES, DEFAULT_MAX_CLIENTS_PER_CONNECTION);
    }
}
