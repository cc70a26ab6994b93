package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the {@code SslHandler}: a failed TLS handshake (plain HTTP on the TLS port, a client that does not
 * trust the certificate, a scanner) or a broken TLS record closes that connection only, logged as one line at
 * debug. Without it the {@code SslHandler}'s exception would reach the end of the pipeline, which Netty logs as
 * a warning with its stack trace, for every such connection. Other exceptions pass on.
 */
final class TlsErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsErrorHandler.class);

    private final String connectionId;
    private boolean logged;

    /**
     * @param connectionId the connection's id, for the log
     */
    TlsErrorHandler(String connectionId) {
        this.connectionId = connectionId;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            fail(ctx, "TLS handshake failed", handshake.cause());
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        SSLException tls = tlsCause(cause);
        if (tls == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        fail(ctx, "TLS error", tls);
    }

    private void fail(ChannelHandlerContext ctx, String what, Throwable cause) {
        if (!logged) {
            logged = true;
            LOG.debug("{}: {}, closing the connection: {}", connectionId, what,
                    cause == null ? "?" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        ctx.close();
    }

    /** The SSLException that {@code cause} is or wraps (the SslHandler's decoder wraps it in a DecoderException). */
    private static SSLException tlsCause(Throwable cause) {
        if (cause instanceof SSLException tls) {
            return tls;
        }
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            return tls;
        }
        return null;
    }
}
