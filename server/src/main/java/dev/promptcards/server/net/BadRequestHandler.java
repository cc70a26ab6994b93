package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Answers 400 to a request the HTTP decoder could not read (bad request line, headers too long), so the
 * handlers after it only see well-formed requests.
 */
final class BadRequestHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && request.decoderResult().isFailure()) {
            try {
                HttpResponses.text(ctx, null, HttpResponseStatus.BAD_REQUEST, "bad request");
            } finally {
                request.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
