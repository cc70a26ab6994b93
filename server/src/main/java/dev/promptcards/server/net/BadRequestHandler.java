package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 400 to a request the HTTP decoder could not read (bad request line, headers too long), so the
 * handlers after it only see well-formed requests. A body cut short by the socket closing ends here too (the
 * decoder marks the request failed). One log line each, without the decoder's stack trace.
 */
final class BadRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(BadRequestHandler.class);

    private final String connectionId;

    /**
     * @param connectionId the connection's id, for the log
     */
    BadRequestHandler(String connectionId) {
        this.connectionId = connectionId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && request.decoderResult().isFailure()) {
            try {
                Throwable cause = request.decoderResult().cause();
                LOG.info("{}: bad request ({}), answered 400", connectionId,
                        cause == null ? "?" : cause.getClass().getSimpleName());
                HttpResponses.text(ctx, null, HttpResponseStatus.BAD_REQUEST, "bad request");
            } finally {
                request.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
