package dev.promptcards.server.net;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.LimitNames;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.ServerMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The message rate of one connection, by backpressure: a frame passes while the connection's token
 * bucket ({@code Limits.messagesPerSecond} with {@code Limits.messageBurst}) has a token; when it is
 * empty, the connection's reads are paused (Netty {@code autoRead} off) and the frames already read are
 * held, in order, until a token is there again. Then the held binary frames go on together as one
 * {@link FrameBatch} (one token), the room merging them, and reading resumes. So a fast client is
 * slowed to the rate, TCP holding back what it sends, and nothing it sent is dropped.
 *
 * <p>Frames that start with an awareness message take their tokens from a second bucket of the same
 * size: cursor moves do not slow edits down, and a flood of them is coalesced by the room (the latest
 * state per client wins).
 *
 * <p>Only a flood is closed: a connection that sends more than {@link Limits#FLOOD_FACTOR} times the
 * rate every second for {@code Limits.floodCloseAfter} is closed with 1013 {@code "too many messages"}
 * (limit {@code message_rate}), a code on which stock clients reconnect and resend what they had not
 * sent. Close frames always pass so that the close handshake can finish, after what was held (the
 * peer sent it first); once the connection is closing, data frames are dropped here.
 */
final class RateLimitHandler extends ChannelInboundHandlerAdapter {

    /** The limit's name in metrics and logs. */
    static final String LIMIT = LimitNames.MESSAGE_RATE;
    /** The close reason. */
    static final String REASON = "too many messages";

    private final TokenBucket updates;
    private final TokenBucket awareness;
    private final FloodDetector flood;
    private final LongSupplier nanoClock;
    private final NettyConnection connection;
    private final ServerMetrics metrics;
    private final String floodDetail;
    /** Frames read while paused, in order; not empty exactly while reads are paused. */
    private final ArrayDeque<WebSocketFrame> held = new ArrayDeque<>();
    private ScheduledFuture<?> resume;

    /**
     * @param limits     the rate, burst and flood rule
     * @param nanoClock  a monotonic clock in nanoseconds
     * @param connection the connection
     * @param metrics    counts pauses and floods
     */
    RateLimitHandler(Limits limits, LongSupplier nanoClock, NettyConnection connection, ServerMetrics metrics) {
        this.updates = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nanoClock);
        this.awareness = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nanoClock);
        long floodRate = (long) Limits.FLOOD_FACTOR * limits.messagesPerSecond();
        this.flood = new FloodDetector(floodRate, limits.floodCloseAfter().toNanos(), nanoClock.getAsLong());
        this.nanoClock = nanoClock;
        this.connection = connection;
        this.metrics = metrics;
        this.floodDetail = "more than " + floodRate + " messages/s for "
                + limits.floodCloseAfter().toSeconds() + " s";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof CloseWebSocketFrame) {
            // what the peer sent before it closed is handled first, whatever the rate says
            if (!held.isEmpty() && !connection.isClosing()) {
                deliverHeld(ctx);
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (connection.isClosing()) {
            ReferenceCountUtil.release(frame);
            return;
        }
        if (flood.frameAt(nanoClock.getAsLong())) {
            ReferenceCountUtil.release(frame);
            releaseHeld();
            metrics.limitExceeded(LIMIT, connection.id(), connection.card(), floodDetail);
            connection.close(CloseCodes.TRY_AGAIN_LATER, REASON);
            // the peer's Close must be read, or closing the socket on unread input could reset it
            ctx.channel().config().setAutoRead(true);
            return;
        }
        if (!held.isEmpty()) {
            held.add(frame);
            return;
        }
        if (bucketFor(frame).tryTake()) {
            ctx.fireChannelRead(frame);
            return;
        }
        held.add(frame);
        ctx.channel().config().setAutoRead(false);
        metrics.readsPaused();
        scheduleResume(ctx, bucketFor(frame).nanosUntilToken());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    /** Frames that start with an awareness message (type 1, one byte as a varUint) use their own bucket. */
    private TokenBucket bucketFor(WebSocketFrame frame) {
        boolean awarenessFrame = frame instanceof BinaryWebSocketFrame
                && frame.content().isReadable()
                && frame.content().getByte(frame.content().readerIndex()) == 1;
        return awarenessFrame ? awareness : updates;
    }

    private void scheduleResume(ChannelHandlerContext ctx, long delayNanos) {
        resume = ctx.executor().schedule(() -> resume(ctx), Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** On the event loop, once a token may be there: hands on what was held and reads again. */
    private void resume(ChannelHandlerContext ctx) {
        resume = null;
        if (held.isEmpty()) {
            return;
        }
        if (connection.isClosing() || !ctx.channel().isActive()) {
            releaseHeld();
            ctx.channel().config().setAutoRead(true);
            return;
        }
        // the batch costs one token of the bucket its first frame uses
        TokenBucket bucket = bucketFor(held.peekFirst());
        long wait = bucket.nanosUntilToken();
        if (wait > 0 || !bucket.tryTake()) {
            scheduleResume(ctx, wait);
            return;
        }
        deliverHeld(ctx);
        ctx.channel().config().setAutoRead(true);
    }

    /** Hands on what was held: the binary frames together, other frames in their place. */
    private void deliverHeld(ChannelHandlerContext ctx) {
        if (resume != null) {
            resume.cancel(false);
            resume = null;
        }
        List<BinaryWebSocketFrame> batch = new ArrayList<>(held.size());
        WebSocketFrame next;
        while ((next = held.poll()) != null) {
            if (next instanceof BinaryWebSocketFrame binary) {
                batch.add(binary);
            } else {
                fireBatch(ctx, batch);
                batch = new ArrayList<>();
                ctx.fireChannelRead(next);
            }
        }
        fireBatch(ctx, batch);
    }

    private static void fireBatch(ChannelHandlerContext ctx, List<BinaryWebSocketFrame> batch) {
        if (batch.size() == 1) {
            ctx.fireChannelRead(batch.get(0));
        } else if (!batch.isEmpty()) {
            ctx.fireChannelRead(new FrameBatch(List.copyOf(batch)));
        }
    }

    private void releaseHeld() {
        if (resume != null) {
            resume.cancel(false);
            resume = null;
        }
        WebSocketFrame frame;
        while ((frame = held.poll()) != null) {
            ReferenceCountUtil.release(frame);
        }
    }
}
