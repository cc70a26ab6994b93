package dev.promptcards.server.net;

import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket connections that joined a room and are not closed yet, so that shutdown can close them
 * all. Thread-safe.
 */
final class OpenConnections {

    private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();

    void add(NettyConnection connection) {
        connections.add(connection);
    }

    void remove(NettyConnection connection) {
        connections.remove(connection);
    }

    /**
     * @return the number of open connections
     */
    int size() {
        return connections.size();
    }

    /**
     * Closes every connection with a close code and waits until their channels are closed; channels still
     * open after {@code wait} are closed without further ado.
     *
     * @param code   the close code, e.g. 1001 going away
     * @param reason the close reason
     * @param wait   how long to wait for the close handshakes
     */
    void closeAll(int code, String reason, Duration wait) {
        List<NettyConnection> all = List.copyOf(connections);
        for (NettyConnection connection : all) {
            connection.close(code, reason);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (NettyConnection connection : all) {
            ChannelFuture closed = connection.closeFuture();
            long left = deadline - System.nanoTime();
            if (left <= 0 || !closed.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                closed.channel().close().awaitUninterruptibly();
            }
        }
    }
}
