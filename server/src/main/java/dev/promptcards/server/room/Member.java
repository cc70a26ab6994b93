package dev.promptcards.server.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A connection in a room: whether it may write, the awareness client ids it owns, and the echoes of its own updates that
 * wait until those updates are durable. Confined to the room's executor.
 *
 * <p>The echo of a connection's own update is sent only once the update is stored, so receiving its
 * echo tells a client that its update is durable (the web client's "Saved"). Echoes go out in the
 * order of the updates. Nothing else waits for them: every other frame for the connection (the
 * others' updates, awareness) goes out at once. Holding those behind a pending echo put the storage's
 * commit latency into every receiver's latency (the server benchmark's p99, docs/benchmarks.md),
 * and Yjs needs no such order: the sender has its own update already.
 */
final class Member {

    /** An echo waiting for its update to be stored. */
    static final class Echo {
        private final byte[] frame;
        private boolean durable;

        Echo(byte[] frame) {
            this.frame = frame;
        }

        /** The update was stored: the echo may go (once everything before it went). */
        void durable() {
            durable = true;
        }
    }

    private final Connection connection;
    /** Whether its updates are refused once its workspace's members changed it; null: as the connection says. */
    private Boolean readOnly;
    private final Set<Long> awarenessClients = new HashSet<>();
    /** Echoes in the order they are to be sent. */
    private final ArrayDeque<Echo> held = new ArrayDeque<>();
    private long heldBytes;

    Member(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** Whether the connection may only read: as the room last set it, else as the connection says. */
    boolean readOnly() {
        return readOnly != null ? readOnly : connection.readOnly();
    }

    /** Changes whether the connection may only read ({@link Room#setReadOnly}). */
    void readOnly(boolean value) {
        readOnly = value;
    }

    /**
     * The awareness client ids this connection owns: those it announced first, until it leaves
     * ({@link RoomAwareness}; y-websocket-server {@code doc.conns}).
     */
    Set<Long> awarenessClients() {
        return awarenessClients;
    }

    /** Holds the echo of this connection's own update until it is {@linkplain Echo#durable() durable}. */
    Echo holdEcho(byte[] frame) {
        Echo echo = new Echo(frame);
        held.add(echo);
        heldBytes += frame.length;
        return echo;
    }

    /**
     * Takes the echoes that may be sent now: those up to the first one that is not durable yet.
     *
     * @return their frames, in order; empty if the first held echo is still pending
     */
    List<byte[]> releasable() {
        List<byte[]> frames = new ArrayList<>();
        while (!held.isEmpty() && held.peek().durable) {
            byte[] frame = held.poll().frame;
            heldBytes -= frame.length;
            frames.add(frame);
        }
        return frames;
    }

    /** The bytes held back for this connection. */
    long heldBytes() {
        return heldBytes;
    }

    /**
     * Tells how many frames wait for the storage.
     *
     * @return the frames held
     */
    int heldCount() {
        return held.size();
    }

    /** Forgets what is held (the connection is gone). */
    void drop() {
        held.clear();
        heldBytes = 0;
    }
}
