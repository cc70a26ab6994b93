package dev.promptcards.presence.bus.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;

/**
 * Whether the bus's two connections (commands, pub/sub) are up, and whether they were lost since the bus last
 * resumed. Lettuce reconnects on its own; this only tells the bus when to resume (Lettuce's
 * RedisConnectionStateListener callbacks, which it calls for every connection of the client).
 */
final class ConnectionWatch implements RedisConnectionStateListener {

    private static final System.Logger LOG = System.getLogger(RedisBus.class.getName());

    private final StatefulConnection<?, ?> commands;
    private final StatefulConnection<?, ?> pubsub;
    private final String where;
    private final Runnable onConnected;
    /** Counts the losses, so that a resume that started before another loss does not count as done. */
    private long outages;
    private boolean lost;
    private long reconnects;
    private volatile boolean closed;

    /**
     * Watches two connections.
     *
     * @param commands    the commands connection
     * @param pubsub      the pub/sub connection
     * @param where       host:port, for the log
     * @param onConnected called (on a Lettuce thread) when one of them connected again
     */
    ConnectionWatch(StatefulConnection<?, ?> commands, StatefulConnection<?, ?> pubsub, String where,
            Runnable onConnected) {
        this.commands = commands;
        this.pubsub = pubsub;
        this.where = where;
        this.onConnected = onConnected;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (ours(connection) && !closed) {
            onConnected.run();
        }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!ours(connection) || closed) {
            return;
        }
        synchronized (this) {
            outages++;
            if (lost) {
                return;
            }
            lost = true;
        }
        LOG.log(Level.WARNING, "lost the connection to Redis at {0}: messages to other nodes are dropped until"
                + " it is back (Lettuce reconnects)", where);
    }

    /**
     * Whether both connections are up and the bus resumed after the last loss.
     *
     * @return true if messages reach the other nodes now
     */
    synchronized boolean connected() {
        return !lost && commands.isOpen() && pubsub.isOpen();
    }

    /**
     * Whether both connections are up again after a loss, with the outage count to hand to {@link #resumed}.
     *
     * @return the outage count, or -1 if there is nothing to resume or the connections are not both up yet
     */
    synchronized long resumable() {
        return lost && commands.isOpen() && pubsub.isOpen() ? outages : -1;
    }

    /**
     * Marks the bus resumed, unless the connection was lost again since {@link #resumable} answered.
     *
     * @param outage what {@link #resumable} answered
     * @return true if it counts as a reconnect
     */
    synchronized boolean resumed(long outage) {
        if (!lost || outage != outages) {
            return false;
        }
        lost = false;
        reconnects++;
        LOG.log(Level.INFO, "connected to Redis at {0} again", where);
        return true;
    }

    /**
     * Times the connection came back after it was lost.
     *
     * @return the count
     */
    synchronized long reconnects() {
        return reconnects;
    }

    /** Ignores the disconnections the bus's own close causes. */
    void close() {
        closed = true;
    }

    private boolean ours(RedisChannelHandler<?, ?> connection) {
        // Lettuce's connections are the channel handlers its callbacks name
        Object handler = connection;
        return handler == commands || handler == pubsub;
    }
}
