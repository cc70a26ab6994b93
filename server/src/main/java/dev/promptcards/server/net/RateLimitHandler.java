package dev.promptcards.server.net;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.LimitNames;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.ServerMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
 * held, in order, until a token is there again. Then the held whole binary frames go on together as one
 * {@link FrameBatch} (one token), the room merging them, and reading resumes once nothing is held. So a
 * fast client is slowed to the rate, TCP holding back what it sends, and nothing it sent is dropped.
 *
 * <p>It sits before the aggregator of fragmented messages, so every frame counts: a message split into
 * continuation frames costs a token per frame (each of the bucket of the message's first frame), like as many
 * messages. A run of whole binary frames held while paused costs one token when it goes on; any other held frame
 * costs its own.
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
    /** Frames read while paused, in order, each with the bucket it costs; not empty exactly while reads are paused. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** The bucket of the fragmented message being read: its continuation frames cost the same. */
    private TokenBucket fragmentBucket;
    private ScheduledFuture<?> resume;

    private record Held(WebSocketFrame frame, TokenBucket bucket) {
    }

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
        TokenBucket bucket = costOf(frame);
        if (!held.isEmpty()) {
            held.add(new Held(frame, bucket));
            return;
        }
        if (bucket.tryTake()) {
            ctx.fireChannelRead(frame);
            return;
        }
        held.add(new Held(frame, bucket));
        ctx.channel().config().setAutoRead(false);
        metrics.readsPaused();
        scheduleResume(ctx, bucket.nanosUntilToken());
    }

    /**
     * The bucket a frame takes its token from, in the order frames are read: a continuation frame costs what the
     * first frame of its message did, so a message split into many frames costs a token per frame.
     */
    private TokenBucket costOf(WebSocketFrame frame) {
        if (frame instanceof ContinuationWebSocketFrame) {
            return fragmentBucket != null ? fragmentBucket : updates;
        }
        TokenBucket bucket = bucketFor(frame);
        if ((frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame) && !frame.isFinalFragment()) {
            fragmentBucket = bucket;
        }
        return bucket;
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

    /**
     * On the event loop, once a token may be there: hands on what was held, a token at a time, and reads again
     * once nothing is held. A run of whole binary frames costs one token (the bucket of its first frame) and goes
     * on as one batch; any other frame (a fragment, a ping) costs one token of its own.
     */
    private void resume(ChannelHandlerContext ctx) {
        resume = null;
        while (!held.isEmpty()) {
            if (connection.isClosing() || !ctx.channel().isActive()) {
                releaseHeld();
                break;
            }
            TokenBucket bucket = held.peekFirst().bucket();
            long wait = bucket.nanosUntilToken();
            if (wait > 0 || !bucket.tryTake()) {
                scheduleResume(ctx, wait);
                return;
            }
            deliverNext(ctx);
        }
        ctx.channel().config().setAutoRead(true);
    }

    /** Hands on the next run of whole binary frames as one batch, or else the next frame alone. */
    private void deliverNext(ChannelHandlerContext ctx) {
        if (!isWholeBinary(held.peekFirst().frame())) {
            ctx.fireChannelRead(held.poll().frame());
            return;
        }
        List<BinaryWebSocketFrame> batch = new ArrayList<>();
        while (!held.isEmpty() && isWholeBinary(held.peekFirst().frame())) {
            batch.add((BinaryWebSocketFrame) held.poll().frame());
        }
        fireBatch(ctx, batch);
    }

    /** Hands on everything held, at once (the peer closed): whole binary frames together, others in their place. */
    private void deliverHeld(ChannelHandlerContext ctx) {
        if (resume != null) {
            resume.cancel(false);
            resume = null;
        }
        while (!held.isEmpty()) {
            deliverNext(ctx);
        }
    }

    /** A binary frame that is a whole message: only those may be batched (fragments go to the aggregator). */
    private static boolean isWholeBinary(WebSocketFrame frame) {
        return frame instanceof BinaryWebSocketFrame && frame.isFinalFragment();
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
        Held next;
        while ((next = held.poll()) != null) {
            ReferenceCountUtil.release(next.frame());
        }
    }
}
