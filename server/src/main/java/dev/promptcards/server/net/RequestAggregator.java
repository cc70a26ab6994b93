package dev.promptcards.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's {@link HttpObjectAggregator} with a request body over the limit answered at once: 413
 * {@value #TOO_LARGE} and the connection closed, with one log line. Netty's own answer keeps an HTTP/1.1
 * connection open to skip the rest of the body, which a client that never sends it holds until the handshake
 * deadline. A request that expects {@code 100-continue} and is too large is refused and closed too.
 */
final class RequestAggregator extends HttpObjectAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAggregator.class);

    /** The answer to a body over the limit. */
    static final String TOO_LARGE = "request body too large";

    private final String connectionId;

    /**
     * @param maxContentLength the largest body, in bytes
     * @param connectionId     the connection's id, for the log
     */
    RequestAggregator(int maxContentLength, String connectionId) {
        super(maxContentLength, true);
        this.connectionId = connectionId;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        LOG.info("{}: request body over {} bytes, answered 413", connectionId, maxContentLength());
        HttpResponses.text(ctx, null, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
    }
}
