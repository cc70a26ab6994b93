package dev.promptcards.loadtests.server;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One simulated editor: a WebSocket connection speaking y-protocols as y-websocket's
 * {@code WebsocketProvider} does (SyncStep1 on open, SyncStep2 to the server's SyncStep1, updates
 * and awareness as they come), driven by a scenario.
 *
 * <p>Typing: the client's own {@link Doc} (clientID = {@link #clientId}) holds only its own text;
 * {@link #type()} appends one character to the card's {@code template} and sends the update, which
 * is then the clientID's item at clock k for its k-th character. Every receiver reads (client,
 * clock) from the first struct of an update it receives and looks the send time up in the sender's
 * {@link #sentAt} by clock: latency from sender to receiver on one clock ({@code System.nanoTime},
 * one JVM). Received updates are not applied (the generator stays cheap); a SyncStep2 is handed to
 * the scenario as bytes. Awareness works the same way with the awareness clock.
 *
 * <p>Everything but the constructor runs on the channel's event loop.
 */
final class BenchClient extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** What a scenario hears of its clients; called on the receiving client's event loop. */
    interface Events {
        default void synced(BenchClient client, byte[] syncStep2, long nanos) {}

        /** An update whose first struct is (client, clock) arrived at {@code receiver}. */
        default void update(BenchClient receiver, long client, long clock, long nanos) {}

        /** An awareness entry (client, clock) arrived at {@code receiver}. */
        default void awareness(BenchClient receiver, long client, long clock, long nanos) {}

        /** The connection closed: {@code code} from the server's close frame, -1 without one. */
        default void closed(BenchClient client, int code, String reason) {}
    }

    private static final byte[] EMPTY_UPDATE = Y.encodeStateAsUpdate(new Doc(1));
    private static final byte[] EMPTY_STATE_VECTOR = Y.encodeStateVector(new Doc(1));

    final long clientId;
    final String card;
    private final Events events;
    /** Send times (System.nanoTime) of the updates by clock, 0 where none was recorded. */
    private final AtomicLongArray sentAt;
    /** Send times of the awareness states by awareness clock. */
    private final AtomicLongArray awarenessSentAt;
    final CompletableFuture<BenchClient> synced = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private Doc doc;
    private YText text;
    private byte[] lastUpdate;
    private int typed;
    private int awarenessClock;
    private int closeCode = -1;
    private String closeReason = "";
    volatile Channel channel;
    volatile long connectStartedNanos;
    volatile long syncedNanos;

    /**
     * @param clientId the Yjs clientID of its doc and awareness (unique in the run)
     * @param card the card it edits
     * @param events where what it receives goes
     * @param capacity the most updates (and awareness states) whose send times it keeps
     */
    BenchClient(long clientId, String card, Events events, int capacity) {
        this.clientId = clientId;
        this.card = card;
        this.events = events;
        this.sentAt = new AtomicLongArray(Math.max(1, capacity));
        this.awarenessSentAt = new AtomicLongArray(Math.max(1, capacity));
    }

    /** When the update of {@code clock} was sent, 0 when unknown. */
    long sentAt(long clock) {
        return clock >= 0 && clock < sentAt.length() ? sentAt.get((int) clock) : 0;
    }

    /** When the awareness state of {@code clock} was sent, 0 when unknown. */
    long awarenessSentAt(long clock) {
        return clock >= 0 && clock < awarenessSentAt.length() ? awarenessSentAt.get((int) clock) : 0;
    }

    boolean open() {
        Channel c = channel;
        return c != null && c.isActive() && synced.isDone() && !closed.isDone();
    }

    /** Types one character at the end of its own text and sends the update; returns its send time. */
    long type() {
        if (doc == null) {
            doc = new Doc(clientId);
            text = doc.getText("template");
            doc.onUpdate((update, origin, transaction) -> lastUpdate = update);
        }
        text.insert(typed, "x");
        byte[] frame = Message.encode(Message.update(lastUpdate));
        long now = System.nanoTime();
        if (typed < sentAt.length()) {
            sentAt.set(typed, now);
        }
        typed++;
        send(frame);
        return now;
    }

    /** Sends an awareness update of its own state (a cursor that moves); returns its send time. */
    long moveCursor() {
        int clock = ++awarenessClock;
        String state = "{\"user\":{\"name\":\"bench-" + clientId + "\",\"color\":\"#30bced\"},"
                + "\"cursor\":{\"anchor\":" + clock + ",\"head\":" + clock + "}}";
        Encoder update = new Encoder(state.length() + 16);
        update.writeVarUint(1);
        update.writeVarUint(clientId);
        update.writeVarUint(clock);
        update.writeVarString(state);
        byte[] frame = Message.encode(new Message.Awareness(update.toByteArray()));
        long now = System.nanoTime();
        if (clock < awarenessSentAt.length()) {
            awarenessSentAt.set(clock, now);
        }
        send(frame);
        return now;
    }

    /** Sends an update (the join scenario's whole card) as one message. */
    void sendUpdate(byte[] update) {
        send(Message.encode(Message.update(update)));
    }

    /** Closes the connection with 1000. */
    void close() {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(f -> c.close());
        }
    }

    private void send(byte[] frame) {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)), c.voidPromise());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            // WebsocketProvider on open: SyncStep1 with its state vector
            send(Message.encode(Message.syncStep1(doc == null ? EMPTY_STATE_VECTOR : Y.encodeStateVector(doc))));
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            synced.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        long now = System.nanoTime();
        if (frame instanceof CloseWebSocketFrame close) {
            closeCode = close.statusCode();
            closeReason = close.reasonText();
            ctx.close();
            return;
        }
        if (!(frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        List<Message> messages = Message.decodeAll(ByteBufUtil.getBytes(frame.content()));
        for (Message message : messages) {
            switch (message) {
                case Message.Sync sync -> onSync(sync.message(), now);
                case Message.Awareness awareness -> onAwareness(awareness.update(), now);
                default -> {
                    // auth (a read-only connection; never ours) and awareness queries: nothing to do
                }
            }
        }
    }

    private void onSync(SyncMessage message, long now) {
        switch (message) {
            case SyncMessage.SyncStep1 step1 ->
                    send(Message.encode(Message.syncStep2(doc == null ? EMPTY_UPDATE : Y.encodeStateAsUpdate(doc, step1.stateVector()))));
            case SyncMessage.SyncStep2 step2 -> {
                if (!synced.isDone()) {
                    syncedNanos = now;
                    events.synced(this, step2.update(), now);
                    synced.complete(this);
                }
            }
            case SyncMessage.Update update -> {
                // update v1: varUint(clients) { varUint(structs) varUint(client) varUint(clock) ... }
                Decoder d = new Decoder(update.update());
                if (d.readVarUint() > 0) {
                    d.readVarUint();
                    long client = d.readVarUint();
                    long clock = d.readVarUint();
                    events.update(this, client, clock, now);
                }
            }
        }
    }

    private void onAwareness(byte[] update, long now) {
        // awareness update: varUint(n) { varUint(clientID) varUint(clock) varString(state) }
        Decoder d = new Decoder(update);
        long n = d.readVarUint();
        for (long i = 0; i < n; i++) {
            long client = d.readVarUint();
            long clock = d.readVarUint();
            d.readVarString();
            events.awareness(this, client, clock, now);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!synced.isDone()) {
            synced.completeExceptionally(new IllegalStateException(
                    "closed before it synced" + (closeCode >= 0 ? " (" + closeCode + " " + closeReason + ")" : "")));
        }
        events.closed(this, closeCode, closeReason);
        closed.complete(closeCode);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!synced.isDone()) {
            synced.completeExceptionally(cause);
        }
        ctx.close();
    }
}
