package dev.promptcards.server.net;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.Connection;
import dev.promptcards.server.room.LimitNames;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.SharedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket connection as a room sees it: {@link #send(byte[])} and {@link #close(int, String)} may be
 * called from any thread and never block.
 *
 * <p>Outbound bytes are counted from {@code send} until the socket has taken them (the write's listener):
 * past {@code maxOutboundBytes} the connection is a slow reader; it is closed at once with 1013
 * {@code "slow reader"}, what was queued for it is dropped, and nobody else waits for it. Frames and the
 * Close frame are queued in order and written by the channel's writer (its event loop), flushing once per
 * batch.
 *
 * <p>Closing ({@link #close}) sends a Close frame after the frames queued before it, then half-closes the
 * socket and waits up to {@code closeTimeout} for the peer to close it, reading (and discarding) what the
 * peer still sends: closing a socket with unread input would reset it, and the peer could lose the Close
 * frame and its code. After {@code close} nothing more is sent.
 */
final class NettyConnection implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(NettyConnection.class);

    /** Close code and reason of a slow reader (ARCHITECTURE.md: 1013 try again later). */
    static final String SLOW_READER = "slow reader";
    /** The reason of the 1002 that answers a Close frame with a code a peer may not send. */
    static final String INVALID_CLOSE_CODE = "invalid close code";

    private final String id;
    private final String card;
    private final boolean readOnly;
    private final String subject;
    private final Channel channel;
    private final Executor writer;
    private final long maxOutboundBytes;
    private final ServerMetrics metrics;
    private final Duration closeTimeout;

    /**
     * Frames ({@code byte[]}, or {@link Encoded} for a broadcast's) and at most one {@link CloseRequest}, in the
     * order they were asked for.
     */
    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Set for a slow reader: what is queued is dropped, not written. */
    private volatile boolean aborting;
    /** Writer only: the Close frame is written (or the channel closed); frames after it are dropped. */
    private boolean closeStarted;

    private record CloseRequest(int code, String reason, boolean abort) {
    }

    /** A broadcast's frame, encoded once for every receiver: this connection's reference and the payload's size. */
    private record Encoded(ByteBuf frame, int size) {
    }

    /**
     * @param id               the connection id, for logs and metrics
     * @param card             {@code workspace/card}, for logs and metrics
     * @param readOnly         whether the peer may only read
     * @param subject          the subject of the peer's token ({@code "-"} for a connection refused before
     *                         it had one)
     * @param channel          the upgraded channel
     * @param writer           runs the writes, one at a time and in order (the channel's event loop)
     * @param maxOutboundBytes the most bytes queued and not yet written before the peer is a slow reader
     * @param metrics          counts the slow readers and the closes
     * @param closeTimeout     how long to wait for the peer to close after the Close frame
     */
    NettyConnection(String id, String card, boolean readOnly, String subject, Channel channel, Executor writer,
                    long maxOutboundBytes, ServerMetrics metrics, Duration closeTimeout) {
        this.id = Objects.requireNonNull(id, "id");
        this.card = Objects.requireNonNull(card, "card");
        this.readOnly = readOnly;
        this.subject = Objects.requireNonNull(subject, "subject");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.maxOutboundBytes = maxOutboundBytes;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public String subject() {
        return subject;
    }

    /**
     * @return {@code workspace/card}
     */
    String card() {
        return card;
    }

    /**
     * Queues one binary frame. Never blocks; does nothing once the connection is closing. A frame that
     * would bring the bytes queued and not yet written past {@code maxOutboundBytes} closes the
     * connection with 1013 {@code "slow reader"} instead, unless nothing else is queued: one frame alone
     * is always taken, since its size is bounded by the card's limits (a joiner's first sync of a card
     * larger than the outbound bound must reach it).
     *
     * @param frame the frame's payload; not copied, so not to be changed afterwards
     */
    @Override
    public void send(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (reserve(frame.length)) {
            outbox.add(frame);
            scheduleDrain();
        }
    }

    /**
     * Queues a broadcast's frame as {@link #send(byte[])} does, written as the encoding every receiver shares
     * (encoded by the first): this connection takes a reference of its own, released once written or dropped.
     */
    @Override
    public void send(SharedFrame frame) {
        Objects.requireNonNull(frame, "frame");
        int size = frame.payload().length;
        if (reserve(size)) {
            ByteBuf encoded = frame.encoded(payload -> BinaryFrames.encode(channel.alloc(), payload), ByteBuf::release);
            outbox.add(new Encoded(encoded.retainedDuplicate(), size));
            scheduleDrain();
        }
    }

    /** Counts {@code size} bytes as queued; false (and a slow reader closed) when they may not be. */
    private boolean reserve(int size) {
        if (closeRequested.get()) {
            return false;
        }
        long queued = queuedBytes.addAndGet(size);
        if (queued > maxOutboundBytes && queued != size) {
            queuedBytes.addAndGet(-size);
            slowReader();
            return false;
        }
        return true;
    }

    /**
     * Closes the connection with a WebSocket Close frame sent after the frames queued so far. Never blocks;
     * only the first call counts.
     *
     * @param code   the close code, e.g. 4400
     * @param reason the close reason; cut to {@link CloseCodes#MAX_REASON_BYTES} bytes of UTF-8
     */
    @Override
    public void close(int code, String reason) {
        if (closeRequested.compareAndSet(false, true)) {
            metrics.connectionClosedBy(code);
            outbox.add(new CloseRequest(code, CloseCodes.reason(reason), false));
            scheduleDrain();
        }
    }

    /**
     * @return true once {@link #close} was called (or the peer was found to read too slowly)
     */
    boolean isClosing() {
        return closeRequested.get();
    }

    /**
     * @return the bytes queued and not yet taken by the socket
     */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * @return completes when the channel is closed
     */
    ChannelFuture closeFuture() {
        return channel.closeFuture();
    }

    /**
     * The peer sent a Close frame (on the event loop): answers it with a Close frame, unless one was sent already,
     * and closes the socket once written. The answer echoes the peer's code when it is one a peer may send
     * ({@link #isValidPeerCode}), has no code when the peer's frame had none, and is 1002
     * {@value #INVALID_CLOSE_CODE} otherwise (RFC 6455 section 7.4: never echo a code that is not allowed).
     *
     * @param peerFrame the peer's Close frame (not released here)
     */
    void closedByPeer(CloseWebSocketFrame peerFrame) {
        closeRequested.set(true);
        if (closeStarted) {
            channel.close();
            return;
        }
        closeStarted = true;
        int code = peerFrame.content().readableBytes() < 2 ? -1 : peerFrame.statusCode();
        CloseWebSocketFrame answer;
        if (code < 0) {
            answer = new CloseWebSocketFrame();
        } else if (isValidPeerCode(code)) {
            answer = new CloseWebSocketFrame(code, "");
        } else {
            LOG.debug("{} on {}: close code {} from the peer, answered {}", id, card, code, CloseCodes.PROTOCOL_ERROR);
            metrics.connectionClosedBy(CloseCodes.PROTOCOL_ERROR);
            answer = new CloseWebSocketFrame(CloseCodes.PROTOCOL_ERROR, INVALID_CLOSE_CODE);
        }
        channel.writeAndFlush(answer).addListener(f -> channel.close());
    }

    /**
     * The close codes a peer may send (RFC 6455 section 7.4): 1000-1003 and 1007-1014 (the protocol's and the
     * IANA registry's), 3000-4999 (registered and private use). Never 1004-1006 or 1015 (reserved, or for
     * reporting only), nor anything below 1000, in 1016-2999 or above 4999.
     *
     * @param code the code of a Close frame
     * @return whether it may be received
     */
    static boolean isValidPeerCode(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    private void slowReader() {
        if (closeRequested.compareAndSet(false, true)) {
            aborting = true;
            metrics.limitExceeded(LimitNames.OUTBOUND_BYTES, id, card);
            metrics.connectionClosedBy(CloseCodes.TRY_AGAIN_LATER);
            outbox.add(new CloseRequest(CloseCodes.TRY_AGAIN_LATER, SLOW_READER, true));
            scheduleDrain();
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException stopped) {
                // the event loop is shut down: the channel is closed, nothing can be written any more
                Object dropped;
                while ((dropped = outbox.poll()) != null) {
                    if (dropped instanceof Encoded encoded) {
                        encoded.frame().release();
                    }
                }
            }
        }
    }

    /** On the writer: writes what is queued, flushes once. */
    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        Object next;
        while ((next = outbox.poll()) != null) {
            if (next instanceof byte[] frame) {
                if (closeStarted || aborting || !channel.isActive()) {
                    queuedBytes.addAndGet(-frame.length);
                    continue;
                }
                int size = frame.length;
                channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)))
                        .addListener(f -> queuedBytes.addAndGet(-size));
                wrote = true;
            } else if (next instanceof Encoded encoded) {
                if (closeStarted || aborting || !channel.isActive()) {
                    encoded.frame().release();
                    queuedBytes.addAndGet(-encoded.size());
                    continue;
                }
                // a plain buffer: the WebSocket frame encoder lets it pass as it is (the HTTP codec is gone
                // since the upgrade, before the room knew this connection)
                channel.write(encoded.frame()).addListener(f -> queuedBytes.addAndGet(-encoded.size()));
                wrote = true;
            } else if (next instanceof CloseRequest request && !closeStarted) {
                closeStarted = true;
                if (request.abort()) {
                    abort(request);
                } else {
                    startClose(request);
                }
                wrote = false;
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void abort(CloseRequest request) {
        LOG.debug("{} on {}: closing at once with {} {}", id, card, request.code(), request.reason());
        channel.writeAndFlush(new CloseWebSocketFrame(request.code(), request.reason()));
        channel.close();
    }

    private void startClose(CloseRequest request) {
        if (!channel.isActive()) {
            return;
        }
        LOG.debug("{} on {}: closing with {} {}", id, card, request.code(), request.reason());
        ChannelFuture written = channel.writeAndFlush(new CloseWebSocketFrame(request.code(), request.reason()));
        written.addListener(f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel duplex && duplex.isActive()) {
                duplex.shutdownOutput();
            } else {
                channel.close();
            }
        });
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
            channel.close();
        }, closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
    }

    @Override
    public String toString() {
        return id + " on " + card;
    }
}
