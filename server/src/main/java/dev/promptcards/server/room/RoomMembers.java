package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections in a {@link Room} and how frames reach them: every frame goes out at once, but the
 * echo of a member's own update, which waits until the update is stored ({@link Member}); what waits
 * is bounded by {@link Limits#maxOutboundBytes()} (over it: 1013 {@code "storage too slow"}).
 * Confined to the room's executor, but for {@link #count}.
 */
final class RoomMembers {

    /** How the room takes a connection out and closes it (detach, then close). */
    @FunctionalInterface
    interface Eviction {
        void evict(Connection connection, int code, String reason);
    }

    // same logger as before the split: log lines keep their logger
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    private static final Member[] NO_MEMBERS = {};

    private final String card;
    private final Limits limits;
    private final ServerMetrics metrics;
    private final SerialExecutor executor;
    private final Eviction eviction;

    /** Each connection and the awareness clients it controls (y-websocket-server {@code doc.conns}). */
    private final Map<Connection, Member> members = new LinkedHashMap<>();
    // written on the executor, read anywhere
    private volatile Member[] fanout = NO_MEMBERS;

    RoomMembers(String card, Limits limits, ServerMetrics metrics, SerialExecutor executor, Eviction eviction) {
        this.card = card;
        this.limits = limits;
        this.metrics = metrics;
        this.executor = executor;
        this.eviction = eviction;
    }

    boolean contains(Connection connection) {
        return members.containsKey(connection);
    }

    Member get(Connection connection) {
        return members.get(connection);
    }

    Collection<Member> all() {
        return members.values();
    }

    /** The number of members, as of the last task that ran; may be called from any thread. */
    int count() {
        return fanout.length;
    }

    void add(Connection connection) {
        members.put(connection, new Member(connection));
        fanout = members.values().toArray(NO_MEMBERS);
    }

    /** Removes a member; {@code null} if the connection was not one. */
    Member remove(Connection connection) {
        Member member = members.remove(connection);
        if (member == null) {
            return null;
        }
        member.drop();
        fanout = members.values().toArray(NO_MEMBERS);
        return member;
    }

    /** Removes every member, returning them. */
    Member[] clear() {
        Member[] closing = fanout;
        members.clear();
        fanout = NO_MEMBERS;
        return closing;
    }

    /** Sends the same bytes to every connection now. */
    void broadcast(byte[] frame) {
        broadcastExcept(frame, null);
    }

    /**
     * Sends the same bytes to every connection but {@code except} now, timing the whole fan-out once
     * ({@link ServerMetrics#fanout}) when there is a receiver.
     */
    void broadcastExcept(byte[] frame, Member except) {
        long start = System.nanoTime();
        boolean sent = false;
        SharedFrame shared = new SharedFrame(frame);
        try {
            for (Member member : fanout) {
                if (member != except) {
                    send(member.connection(), shared);
                    sent = true;
                }
            }
        } finally {
            shared.release();
        }
        if (sent) {
            metrics.fanout(System.nanoTime() - start);
        }
    }

    /** Holds the echo of a member's own update until it is stored (checking the outbound bound). */
    Member.Echo holdEcho(Member sender, byte[] frame) {
        Member.Echo echo = sender.holdEcho(frame);
        checkHeld(sender);
        return echo;
    }

    /** Sends the echoes a member may receive now that one of its updates is durable. */
    void flushEchoed(Member member) {
        for (byte[] frame : member.releasable()) {
            send(member.connection(), frame);
        }
    }

    void safeClose(Connection connection, int code, String reason) {
        try {
            connection.close(code, CloseCodes.reason(reason));
        } catch (RuntimeException e) {
            LOG.warn("connection {} card {}: close failed", connection.id(), card, e);
        }
    }

    /**
     * Over the outbound bound while waiting for the storage: the connection goes. One frame alone is always
     * held: its size is bounded by the card's limits (as {@code NettyConnection.send} takes one frame alone).
     */
    private void checkHeld(Member member) {
        long held = member.heldBytes();
        if (held > limits.maxOutboundBytes() && member.heldCount() > 1) {
            Connection connection = member.connection();
            metrics.limitExceeded(LimitNames.OUTBOUND_BYTES, connection.id(), card,
                    held + " bytes of echoes waiting for the storage > " + limits.maxOutboundBytes());
            eviction.evict(connection, CloseCodes.TRY_AGAIN_LATER, Room.STORAGE_TOO_SLOW_REASON);
        }
    }

    /** Sends a broadcast's frame to a connection now. */
    private void send(Connection connection, SharedFrame frame) {
        try {
            connection.send(frame);
            metrics.messagesOut(1, frame.payload().length);
        } catch (RuntimeException e) {
            sendFailed(connection, e);
        }
    }

    /** Sends a frame to a connection now. */
    void send(Connection connection, byte[] frame) {
        try {
            connection.send(frame);
            metrics.messagesOut(1, frame.length);
        } catch (RuntimeException e) {
            sendFailed(connection, e);
        }
    }

    /** y-websocket-server send: a connection that cannot be sent to is closed (after this task). */
    private void sendFailed(Connection connection, RuntimeException e) {
        metrics.internalError();
        LOG.error("connection {} card {}: send failed", connection.id(), card, e);
        if (!executor.offer(() -> eviction.evict(connection, CloseCodes.INTERNAL_ERROR, "internal error"))) {
            safeClose(connection, CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }
}
