package dev.promptcards.server.room;

import dev.promptcards.presence.Awareness;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits that protect the server, each with a default a user can change (flags and environment
 * variables of {@code serve}). Every limit that is hit is counted by
 * {@link ServerMetrics#limitExceeded(String, String, String)} and logged once.
 *
 * @param maxFrameBytes      the largest WebSocket frame accepted, in bytes; bigger closes the
 *                           connection with 4413 and leaves the card untouched (default 4 MiB)
 * @param maxCardBytes       the largest a card may grow, in bytes of its encoded state; an update that
 *                           would grow it further closes its sender with 4413 (default 32 MiB)
 * @param messagesPerSecond  the sustained rate at which a connection's frames are handled (default
 *                           300); over it the connection's reads are paused until its token bucket
 *                           refills, and what it sent meanwhile is handled together, its consecutive
 *                           updates merged and its awareness states coalesced (the latest per client wins)
 * @param messageBurst       how many frames a connection may send at once above that rate, the token
 *                           bucket's size (default 600)
 * @param maxOutboundBytes   the most bytes queued for one connection; over it the slow reader is
 *                           closed with 1013 and nobody else waits (default 16 MiB)
 * @param handshakeTimeout   how long a connection may take to complete the WebSocket upgrade
 *                           (default 10 s)
 * @param maxRooms           the most rooms (cards) loaded at once; more closes the newcomer with 1013
 *                           (default 10,000)
 * @param maxConnections     the most WebSocket connections at once; more closes the newcomer with
 *                           1013 (default 10,000)
 * @param roomUnloadGrace    how long a room without connections stays loaded (default 30 s)
 * @param maxAwarenessClients the most awareness clients one card keeps records of (with a state, or
 *                           without one for 30 s after it was removed, to refuse stale messages); an
 *                           awareness update that would need more closes its sender with 4413, nothing
 *                           of it applied (default 10,000)
 * @param floodCloseAfter    the named rule {@code message_rate}: a connection that keeps sending more
 *                           than {@link #FLOOD_FACTOR} times {@code messagesPerSecond} frames every second
 *                           for this long is closed with 1013 (a stock client reconnects and resends what
 *                           it had not sent); zero never closes (default 60 s)
 * @param maxUnstoredBytes   the most bytes of a card's updates kept in memory while the database does not
 *                           take them (applied, sent to the others, not yet echoed to their writers); an
 *                           update past it closes its writer with 1013 and is not applied, so the writer
 *                           resends it once reconnected (limit {@code storage_backlog}; default 64 MiB)
 * @param updates            what one update may bring into a card (pending data, client ids)
 * @param presence           what presence may hold (state sizes, client ids per connection)
 * @param quotas             what one workspace may take of the connections and loaded cards
 */
public record Limits(
        int maxFrameBytes,
        long maxCardBytes,
        int messagesPerSecond,
        int messageBurst,
        long maxOutboundBytes,
        Duration handshakeTimeout,
        int maxRooms,
        int maxConnections,
        Duration roomUnloadGrace,
        int maxAwarenessClients,
        Duration floodCloseAfter,
        long maxUnstoredBytes,
        UpdateBounds updates,
        PresenceBounds presence,
        WorkspaceQuotas quotas) {

    /** Default {@link #maxFrameBytes()}: 4 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
    /** Default {@link #maxCardBytes()}: 32 MiB. */
    public static final long DEFAULT_MAX_CARD_BYTES = 32L * 1024 * 1024;
    /** Default {@link #messagesPerSecond()}. */
    public static final int DEFAULT_MESSAGES_PER_SECOND = 300;
    /** Default {@link #messageBurst()}. */
    public static final int DEFAULT_MESSAGE_BURST = 600;
    /** Default {@link #maxOutboundBytes()}: 16 MiB. */
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 16L * 1024 * 1024;
    /** Default {@link #handshakeTimeout()}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #maxRooms()}. */
    public static final int DEFAULT_MAX_ROOMS = 10_000;
    /** Default {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default {@link #roomUnloadGrace()}. */
    public static final Duration DEFAULT_ROOM_UNLOAD_GRACE = Duration.ofSeconds(30);
    /** Default {@link #maxAwarenessClients()}: {@link Awareness#DEFAULT_MAX_CLIENTS}. */
    public static final int DEFAULT_MAX_AWARENESS_CLIENTS = Awareness.DEFAULT_MAX_CLIENTS;
    /** Default {@link #floodCloseAfter()}. */
    public static final Duration DEFAULT_FLOOD_CLOSE_AFTER = Duration.ofSeconds(60);
    /**
     * How many times the message rate a connection must keep sending to count as a flood. High, because a
     * client held back by the rate still sends a socket read's worth of frames per token (a stock client
     * replaying the B4 trace sends 7,000-8,000 a second for half a minute here) and costs little: its
     * frames are merged. 30,000 frames a second for a minute is no editor.
     */
    public static final int FLOOD_FACTOR = 100;
    /** Default {@link #maxUnstoredBytes()}: 64 MiB. */
    public static final long DEFAULT_MAX_UNSTORED_BYTES = 64L * 1024 * 1024;

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first value out of range: sizes, rates, the burst
     *                                  and caps must be at least 1, the handshake timeout positive,
     *                                  the unload grace zero or positive
     * @throws NullPointerException     if a duration is null
     */
    public Limits {
        positive("maxFrameBytes", maxFrameBytes);
        positive("maxCardBytes", maxCardBytes);
        positive("messagesPerSecond", messagesPerSecond);
        positive("messageBurst", messageBurst);
        positive("maxOutboundBytes", maxOutboundBytes);
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
        }
        positive("maxRooms", maxRooms);
        positive("maxConnections", maxConnections);
        Objects.requireNonNull(roomUnloadGrace, "roomUnloadGrace");
        if (roomUnloadGrace.isNegative()) {
            throw new IllegalArgumentException("roomUnloadGrace must not be negative, got " + roomUnloadGrace);
        }
        positive("maxAwarenessClients", maxAwarenessClients);
        Objects.requireNonNull(floodCloseAfter, "floodCloseAfter");
        if (floodCloseAfter.isNegative()) {
            throw new IllegalArgumentException("floodCloseAfter must not be negative, got " + floodCloseAfter);
        }
        positive("maxUnstoredBytes", maxUnstoredBytes);
        Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(quotas, "quotas");
    }

    /**
     * The limits with the default {@link #floodCloseAfter()} and {@link #maxUnstoredBytes()}.
     *
     * @param maxFrameBytes       see {@link #maxFrameBytes()}
     * @param maxCardBytes        see {@link #maxCardBytes()}
     * @param messagesPerSecond   see {@link #messagesPerSecond()}
     * @param messageBurst        see {@link #messageBurst()}
     * @param maxOutboundBytes    see {@link #maxOutboundBytes()}
     * @param handshakeTimeout    see {@link #handshakeTimeout()}
     * @param maxRooms            see {@link #maxRooms()}
     * @param maxConnections      see {@link #maxConnections()}
     * @param roomUnloadGrace     see {@link #roomUnloadGrace()}
     * @param maxAwarenessClients see {@link #maxAwarenessClients()}
     */
    public Limits(int maxFrameBytes, long maxCardBytes, int messagesPerSecond, int messageBurst,
            long maxOutboundBytes, Duration handshakeTimeout, int maxRooms, int maxConnections,
            Duration roomUnloadGrace, int maxAwarenessClients) {
        this(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes, handshakeTimeout,
                maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, DEFAULT_FLOOD_CLOSE_AFTER,
                DEFAULT_MAX_UNSTORED_BYTES, UpdateBounds.defaults(), PresenceBounds.defaults(),
                WorkspaceQuotas.defaults());
    }

    /**
     * Returns the defaults.
     *
     * @return 4 MiB frames, 32 MiB cards, 300 messages/s with a burst of 600, 16 MiB outbound, 10 s
     *         handshake, 10,000 rooms, 10,000 connections, 30 s unload grace, 10,000 awareness
     *         clients per card
     */
    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_CARD_BYTES, DEFAULT_MESSAGES_PER_SECOND,
                DEFAULT_MESSAGE_BURST, DEFAULT_MAX_OUTBOUND_BYTES, DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_MAX_ROOMS, DEFAULT_MAX_CONNECTIONS, DEFAULT_ROOM_UNLOAD_GRACE,
                DEFAULT_MAX_AWARENESS_CLIENTS, DEFAULT_FLOOD_CLOSE_AFTER, DEFAULT_MAX_UNSTORED_BYTES,
                UpdateBounds.defaults(), PresenceBounds.defaults(), WorkspaceQuotas.defaults());
    }

    /**
     * Returns a copy with another {@link #maxFrameBytes()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withMaxFrameBytes(int value) {
        return new Limits(value, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes, handshakeTimeout,
                maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter, maxUnstoredBytes,
                updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #maxCardBytes()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withMaxCardBytes(long value) {
        return new Limits(maxFrameBytes, value, messagesPerSecond, messageBurst, maxOutboundBytes, handshakeTimeout,
                maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter, maxUnstoredBytes,
                updates, presence, quotas);
    }

    /**
     * Returns a copy with another message rate and burst.
     *
     * @param perSecond see {@link #messagesPerSecond()}
     * @param burst     see {@link #messageBurst()}
     * @return the copy
     */
    public Limits withMessageRate(int perSecond, int burst) {
        return new Limits(maxFrameBytes, maxCardBytes, perSecond, burst, maxOutboundBytes, handshakeTimeout,
                maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter, maxUnstoredBytes,
                updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #maxOutboundBytes()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withMaxOutboundBytes(long value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, value, handshakeTimeout,
                maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter, maxUnstoredBytes,
                updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #handshakeTimeout()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withHandshakeTimeout(Duration value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes, value,
                maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter, maxUnstoredBytes,
                updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #maxRooms()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withMaxRooms(int value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, value, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter,
                maxUnstoredBytes, updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #maxConnections()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withMaxConnections(int value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, value, roomUnloadGrace, maxAwarenessClients, floodCloseAfter,
                maxUnstoredBytes, updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #roomUnloadGrace()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withRoomUnloadGrace(Duration value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, maxConnections, value, maxAwarenessClients, floodCloseAfter,
                maxUnstoredBytes, updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #maxAwarenessClients()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withMaxAwarenessClients(int value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, maxConnections, roomUnloadGrace, value, floodCloseAfter,
                maxUnstoredBytes, updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #floodCloseAfter()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withFloodCloseAfter(Duration value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, value,
                maxUnstoredBytes, updates, presence, quotas);
    }

    /**
     * Returns a copy with another {@link #maxUnstoredBytes()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withMaxUnstoredBytes(long value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter,
                value, updates, presence, quotas);
    }

    /**
     * Returns a copy with other {@link #updates()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withUpdates(UpdateBounds value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter,
                maxUnstoredBytes, value, presence, quotas);
    }

    /**
     * Returns a copy with other {@link #presence()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withPresence(PresenceBounds value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter,
                maxUnstoredBytes, updates, value, quotas);
    }

    /**
     * Returns a copy with other {@link #quotas()}.
     *
     * @param value the new value
     * @return the copy
     */
    public Limits withQuotas(WorkspaceQuotas value) {
        return new Limits(maxFrameBytes, maxCardBytes, messagesPerSecond, messageBurst, maxOutboundBytes,
                handshakeTimeout, maxRooms, maxConnections, roomUnloadGrace, maxAwarenessClients, floodCloseAfter,
                maxUnstoredBytes, updates, presence, value);
    }

    /** Throws naming {@code name} unless {@code value} is at least 1. */
    static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
