package dev.promptcards.server.net;

import dev.promptcards.server.room.LimitNames;
import dev.promptcards.server.room.ServerMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not become a WebSocket within {@code Limits.handshakeTimeout} of being
 * accepted (a request that never ends, a socket that never speaks). The upgrade removes this handler,
 * which cancels the deadline; plain HTTP connections are closed after their one response anyway.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    /** The limit's name in metrics and logs. */
    static final String LIMIT = LimitNames.HANDSHAKE_TIMEOUT;

    private final Duration timeout;
    private final String connectionId;
    private final ServerMetrics metrics;
    private ScheduledFuture<?> deadline;

    /**
     * @param timeout      how long a connection has to complete the upgrade
     * @param connectionId the connection's id, for the log
     * @param metrics      counts the connections that timed out
     */
    HandshakeTimeoutHandler(Duration timeout, String connectionId, ServerMetrics metrics) {
        this.timeout = timeout;
        this.connectionId = connectionId;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isOpen()) {
            metrics.limitExceeded(LIMIT, connectionId, "-");
            ctx.close();
        }
    }
}
