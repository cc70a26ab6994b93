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
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One simulated editor: a WebSocket connection speaking y-protocols as y-websocket's
 * {@code WebsocketProvider} does (SyncStep1 on open, SyncStep2 to the server's SyncStep1, updates
 * and awareness as they come), driven by a scenario.
 *
 * <p>Typing: the client's own {@link Doc} (clientID = {@link #clientId}) holds only its own text;
 * {@link #type()} appends one character to the card's {@code template} and sends the update, which
 * is then the clientID's item at clock k for its k-th character. Every receiver reads each (client,
 * clock) of an update it receives from its structs ({@link UpdateClocks}) and looks the send time up in the sender's
 * {@link #sentAt} by clock: latency from sender to receiver on one clock ({@code System.nanoTime},
 * one JVM). Received updates are not applied (the generator stays cheap); a SyncStep2 is handed to
 * the scenario as bytes. Awareness works the same way with the awareness clock.
 *
 * <p>Everything but the constructor and {@link #frame} runs on the channel's event loop.
 */
final class BenchClient extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** How y-protocols messages travel on the connection. */
    enum Framing {
        /** y-websocket's: each WebSocket message holds y-protocols messages; the card is the URL's path. */
        Y_WEBSOCKET,
        /**
         * Hocuspocus' (3.x, as its provider speaks it): each message starts with the document's name
         * (varString), then the y-protocols message type and body; a document is opened with an
         * authentication message (type 2, Token 0, the token) before its SyncStep1, and the server adds
         * messages of its own (SyncReply 4, a sync message; SyncStatus 8, an acknowledgement).
         */
        HOCUSPOCUS
    }

    /** Hocuspocus' message types beyond y-protocols' (@hocuspocus/server types.ts, MessageType). */
    private static final int HOCUSPOCUS_AUTH = 2;
    private static final int HOCUSPOCUS_SYNC_REPLY = 4;
    /** Hocuspocus' AuthMessageType (@hocuspocus/common auth.ts). */
    private static final int HOCUSPOCUS_AUTH_TOKEN = 0;
    private static final int HOCUSPOCUS_PERMISSION_DENIED = 1;

    /** What a scenario hears of its clients; called on the receiving client's event loop. */
    interface Events {
        default void synced(BenchClient client, byte[] syncStep2, long nanos) {}

        /** An update holding (client, clock), a typed character, arrived at {@code receiver}. */
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
    /** Which of the cross-node scenario's nodes it connects to (0 elsewhere). */
    final int node;
    private Framing framing = Framing.Y_WEBSOCKET;
    /** Hocuspocus: the document's name as a varString, before every message. */
    private byte[] documentPrefix;
    private String authToken;
    /** With {@link #countEachUpdateOnce}: the clocks of each client received so far. */
    private Map<Long, BitSet> receipts;
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
     * @param node which node it connects to, in a scenario of several
     */
    BenchClient(long clientId, String card, Events events, int capacity, int node) {
        this.clientId = clientId;
        this.card = card;
        this.node = node;
        this.events = events;
        this.sentAt = new AtomicLongArray(Math.max(1, capacity));
        this.awarenessSentAt = new AtomicLongArray(Math.max(1, capacity));
    }

    /**
     * Sets how it frames its messages, before it connects: for Hocuspocus, the card is the document's
     * name and {@code token} goes into the authentication message.
     */
    void frame(Framing framing, String token) {
        this.framing = framing;
        this.authToken = token;
        if (framing == Framing.HOCUSPOCUS) {
            Encoder prefix = new Encoder(card.length() + 4);
            prefix.writeVarString(card);
            documentPrefix = prefix.toByteArray();
        }
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
            var content = framing == Framing.HOCUSPOCUS
                    ? Unpooled.wrappedBuffer(documentPrefix, frame)
                    : Unpooled.wrappedBuffer(frame);
            c.writeAndFlush(new BinaryWebSocketFrame(content), c.voidPromise());
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
            if (framing == Framing.HOCUSPOCUS) {
                // HocuspocusProvider opens the document with its token; the server queues what follows until then
                Encoder auth = new Encoder(authToken.length() + 8);
                auth.writeVarUint(HOCUSPOCUS_AUTH);
                auth.writeVarUint(HOCUSPOCUS_AUTH_TOKEN);
                auth.writeVarString(authToken);
                send(auth.toByteArray());
            }
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
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        List<Message> messages = framing == Framing.HOCUSPOCUS ? fromHocuspocus(ctx, bytes) : Message.decodeAll(bytes);
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

    /** The y-protocols message in a Hocuspocus one; none for its own kinds but a permission denied. */
    private List<Message> fromHocuspocus(ChannelHandlerContext ctx, byte[] bytes) {
        Decoder d = new Decoder(bytes);
        d.readVarString(); // the document: one per connection here
        int start = d.position();
        long type = d.readVarUint();
        if (type == Message.SYNC || type == Message.AWARENESS) {
            return Message.decodeAll(bytes, start, bytes.length - start);
        }
        if (type == HOCUSPOCUS_SYNC_REPLY) {
            // a sync message that asks for no SyncStep1 back: read it as one (a one-byte type either way)
            byte[] sync = Arrays.copyOfRange(bytes, start, bytes.length);
            sync[0] = (byte) Message.SYNC;
            return Message.decodeAll(sync);
        }
        if (type == HOCUSPOCUS_AUTH && d.readVarUint() == HOCUSPOCUS_PERMISSION_DENIED) {
            synced.completeExceptionally(new IllegalStateException("Hocuspocus denied the document: " + d.readVarString()));
            ctx.close();
        }
        return List.of(); // Authenticated, SyncStatus, QueryAwareness, stateless: nothing to do
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
                try {
                    UpdateClocks.read(update.update(), (client, clock) -> {
                        if (firstReceipt(client, clock)) {
                            events.update(this, client, clock, now);
                        }
                    });
                } catch (IllegalArgumentException e) {
                    // not counted: what it held shows as lost
                }
            }
        }
    }

    /**
     * Counts each (client, clock) once from now on: a server that relays diffs may send a character to a
     * client again in a later diff, which is not another delivery.
     */
    void countEachUpdateOnce() {
        receipts = new HashMap<>();
    }

    private boolean firstReceipt(long client, long clock) {
        if (receipts == null) {
            return true;
        }
        BitSet seen = receipts.computeIfAbsent(client, k -> new BitSet());
        if (clock > Integer.MAX_VALUE || seen.get((int) clock)) {
            return false;
        }
        seen.set((int) clock);
        return true;
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
