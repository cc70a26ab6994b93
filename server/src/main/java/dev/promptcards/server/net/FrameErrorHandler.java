package dev.promptcards.server.net;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.LimitNames;
import dev.promptcards.server.room.ServerMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a WebSocket: turns what went wrong into a close code. A frame over
 * {@code maxFrameBytes} (the decoder's {@link CorruptedWebSocketFrameException} with 1009, which it does not
 * answer itself because {@code closeOnProtocolViolation} is off) or a fragmented message over it (the
 * aggregator's {@link TooLongFrameException}) closes with 4413 {@code "frame too large (max N bytes)"}, naming
 * the limit for the editor to show (web-client session/close-reasons.ts), the card
 * untouched: the frame's payload is skipped, never buffered. Other protocol violations close with the
 * decoder's code, 1007 {@value #INVALID_PAYLOAD} or else 1002 {@value #PROTOCOL_ERROR}: our own reasons, never
 * the library's message (which may quote what the peer sent); an I/O error, or the socket closing in the middle of a fragmented message,
 * just closes the socket; anything else closes with 1011.
 */
final class FrameErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FrameErrorHandler.class);

    /** The limit's name in metrics and logs. */
    static final String LIMIT = LimitNames.FRAME_SIZE;
    /** The close reason of a frame that is too large, before the limit ({@link #tooLarge}). */
    static final String TOO_LARGE = "frame too large";
    /** The close reason of a protocol violation (a malformed frame, a bad close code, an unmasked frame). */
    static final String PROTOCOL_ERROR = "protocol error";
    /** The close reason of invalid UTF-8 where the protocol requires it. */
    static final String INVALID_PAYLOAD = "invalid payload";

    /** RFC 6455 1009, the decoder's code for a frame over its limit. */
    private static final int MESSAGE_TOO_BIG = 1009;

    private final NettyConnection connection;
    private final ServerMetrics metrics;
    private final String tooLargeReason;

    /**
     * @param connection    the connection
     * @param metrics       counts the frames that were too large
     * @param maxFrameBytes the largest frame or message taken, named in the close reason
     */
    FrameErrorHandler(NettyConnection connection, ServerMetrics metrics, int maxFrameBytes) {
        this.connection = connection;
        this.metrics = metrics;
        this.tooLargeReason = tooLarge(maxFrameBytes);
    }

    /** The close reason of a frame or message over {@code maxFrameBytes}. */
    static String tooLarge(int maxFrameBytes) {
        return TOO_LARGE + " (max " + maxFrameBytes + " bytes)";
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isTooLarge(cause)) {
            if (!connection.isClosing()) {
                metrics.limitExceeded(LIMIT, connection.id(), connection.card());
            }
            connection.close(CloseCodes.TOO_BIG, tooLargeReason);
        } else if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            boolean payload = corrupt.closeStatus().code() == CloseCodes.INVALID_PAYLOAD;
            LOG.debug("{}: protocol violation: {}", connection, corrupt.getMessage());
            connection.close(payload ? CloseCodes.INVALID_PAYLOAD : CloseCodes.PROTOCOL_ERROR,
                    payload ? INVALID_PAYLOAD : PROTOCOL_ERROR);
        } else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // the socket went away, in the middle of a fragmented message for the latter (the aggregator
            // says so when the channel closes): nothing to answer, nothing unexpected
            LOG.debug("{}: {}", connection, cause.toString());
            ctx.close();
        } else {
            LOG.warn("{}: closing after an unexpected error", connection, cause);
            connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    private static boolean isTooLarge(Throwable cause) {
        return cause instanceof TooLongFrameException
                || cause instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus().code() == MESSAGE_TOO_BIG;
    }
}
