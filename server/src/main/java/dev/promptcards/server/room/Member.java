package dev.promptcards.server.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A connection in a room: the awareness clients it controls, and what is held back for it while an
 * update it sent is not yet durable. Confined to the room's executor.
 *
 * <p>The echo of a connection's own update is sent only once the update is stored. Every frame for
 * the connection queued after such an echo waits behind it, so the connection sees exactly the order
 * it would have seen without storage, only later: once it receives anything sent after its update,
 * that update is durable. Frames for a connection with no pending echo go out at once.
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
    private final Set<Long> awarenessClients = new HashSet<>();
    /** Frames ({@code byte[]}) and echoes ({@link Echo}), in the order they are to be sent. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private long heldBytes;

    Member(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The awareness clients this connection added and controls (y-websocket-server {@code doc.conns}). */
    Set<Long> awarenessClients() {
        return awarenessClients;
    }

    /** Tells whether frames for this connection must wait behind a pending echo. */
    boolean holding() {
        return !held.isEmpty();
    }

    /** Holds {@code frame} behind what is held already. */
    void hold(byte[] frame) {
        held.add(frame);
        heldBytes += frame.length;
    }

    /** Holds the echo of this connection's own update until it is {@linkplain Echo#durable() durable}. */
    Echo holdEcho(byte[] frame) {
        Echo echo = new Echo(frame);
        held.add(echo);
        heldBytes += frame.length;
        return echo;
    }

    /**
     * Takes what may be sent now: the held frames up to the first echo that is not durable yet.
     *
     * @return the frames to send, in order; empty if the first held is a pending echo
     */
    List<byte[]> releasable() {
        List<byte[]> frames = new ArrayList<>();
        while (!held.isEmpty()) {
            byte[] frame;
            if (held.peek() instanceof Echo echo) {
                if (!echo.durable) {
                    break;
                }
                frame = echo.frame;
            } else {
                frame = (byte[]) held.peek();
            }
            held.poll();
            heldBytes -= frame.length;
            frames.add(frame);
        }
        return frames;
    }

    /** The bytes held back for this connection. */
    long heldBytes() {
        return heldBytes;
    }

    /** Forgets what is held (the connection is gone). */
    void drop() {
        held.clear();
        heldBytes = 0;
    }
}
