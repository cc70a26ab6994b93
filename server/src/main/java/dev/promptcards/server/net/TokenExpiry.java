package dev.promptcards.server.net;

import dev.promptcards.server.CloseCodes;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection when its token does: at the token's expiry (its {@code exp} plus the verifier's clock skew,
 * {@code TokenVerifier.remaining}) the connection is closed with 4401 {@value #REASON}, on the channel's event
 * loop, so that nothing it sends afterwards reaches its room (the handlers drop what a closing connection sends).
 * The deadline goes with the channel. A client that wants to go on reconnects with a fresh token.
 */
final class TokenExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(TokenExpiry.class);

    /** The close reason, the verifier's own for a token that expired before the upgrade. */
    static final String REASON = "token expired";

    private TokenExpiry() {
    }

    /**
     * Closes {@code connection} with 4401 {@value #REASON} once {@code remaining} has passed (at once when it
     * has already), unless the channel closes first.
     *
     * @param channel    the connection's channel, whose event loop keeps the deadline
     * @param connection the connection
     * @param remaining  how long its token stays valid
     */
    static void closeAtExpiry(Channel channel, NettyConnection connection, Duration remaining) {
        long nanos = Math.max(0, saturatedNanos(remaining));
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> expire(connection), nanos,
                TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(closed -> deadline.cancel(false));
    }

    private static void expire(NettyConnection connection) {
        if (!connection.isClosing()) {
            LOG.info("{}: closing with {} {}", connection, CloseCodes.BAD_TOKEN, REASON);
            connection.close(CloseCodes.BAD_TOKEN, REASON);
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return duration.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
