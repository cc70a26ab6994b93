package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection before its upgrade: whatever a request made go wrong (a request the
 * handlers before could not take, a socket reset) ends with one log line, never a stack trace, and the
 * connection closed; one that is still open is answered 400 {@code "bad request"} first. Without it Netty logs
 * every such exception at the end of the pipeline as a warning with its stack trace. The upgrade removes it.
 */
final class HttpErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorHandler.class);

    private final String connectionId;
    private boolean failed;

    /**
     * @param connectionId the connection's id, for the log
     */
    HttpErrorHandler(String connectionId) {
        this.connectionId = connectionId;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        if (cause instanceof IOException || !ctx.channel().isActive()) {
            LOG.debug("{}: closing: {}", connectionId, cause.toString());
            ctx.close();
            return;
        }
        LOG.info("{}: bad request ({}), answered 400", connectionId, cause.getClass().getSimpleName());
        HttpResponses.text(ctx, null, HttpResponseStatus.BAD_REQUEST, "bad request");
    }
}
