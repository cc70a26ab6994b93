package dev.promptcards.server.net;

import dev.promptcards.server.room.CloseCodes;
import dev.promptcards.server.room.ServerMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The message rate of one connection ({@code Limits.messagesPerSecond} with {@code Limits.messageBurst}):
 * every message counts (whole data messages, as aggregated before, and pings and pongs) but Close, which
 * always passes so the close handshake can finish. A message over the rate is dropped and the connection
 * closed with 4429 {@code "too many messages"}. Once the connection is closing, messages are dropped here.
 */
final class RateLimitHandler extends ChannelInboundHandlerAdapter {

    /** The limit's name in metrics and logs. */
    static final String LIMIT = "message_rate";
    /** The close reason. */
    static final String REASON = "too many messages";

    private final TokenBucket bucket;
    private final NettyConnection connection;
    private final ServerMetrics metrics;

    /**
     * @param bucket     the connection's bucket
     * @param connection the connection
     * @param metrics    counts the connections closed for their rate
     */
    RateLimitHandler(TokenBucket bucket, NettyConnection connection, ServerMetrics metrics) {
        this.bucket = bucket;
        this.connection = connection;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame) || msg instanceof CloseWebSocketFrame) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (connection.isClosing()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!bucket.tryTake()) {
            ReferenceCountUtil.release(msg);
            metrics.limitExceeded(LIMIT, connection.id(), connection.card());
            connection.close(CloseCodes.TOO_MANY_MESSAGES, REASON);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
