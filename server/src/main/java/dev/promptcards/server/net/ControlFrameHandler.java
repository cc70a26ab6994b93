package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;

/**
 * WebSocket control frames: a Ping is answered with a Pong carrying its data, a Pong is dropped, a Close
 * is answered with a Close (unless we sent one first) and ends the connection. Data frames pass on.
 */
final class ControlFrameHandler extends ChannelInboundHandlerAdapter {

    private final NettyConnection connection;

    /**
     * @param connection the connection whose close handshake this completes
     */
    ControlFrameHandler(NettyConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof PongWebSocketFrame pong) {
            pong.release();
        } else if (msg instanceof CloseWebSocketFrame close) {
            try {
                connection.closedByPeer(close);
            } finally {
                close.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
