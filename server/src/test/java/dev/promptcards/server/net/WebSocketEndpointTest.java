package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import dev.promptcards.crdt.sync.SyncProtocol;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import dev.promptcards.server.room.WorkspaceQuotas;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebSocketEndpointTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final TestStorage storage = TestStorage.open(DB);
    private final ManualExecutor writes = new ManualExecutor();
    private final AtomicLong clock = new AtomicLong();
    private final TestServers servers = new TestServers();
    private final ServerMetrics metrics = new ServerMetrics();
    private final List<EmbeddedClient> clients = new ArrayList<>();
    private Limits limits = Limits.defaults();
    private RoomRegistry rooms;
    private ServerContext context;

    private void start(Limits newLimits) {
        limits = newLimits;
        rooms = new RoomRegistry(limits, metrics, storage.storage());
        context = servers.context(limits, metrics, rooms, null, Map.of(), clock::get, writes);
    }

    private EmbeddedClient client() {
        if (context == null) {
            start(limits);
        }
        EmbeddedClient client = new EmbeddedClient(context, writes);
        clients.add(client);
        return client;
    }

    /** A client that joined {@code /ws/w/a} as an editor and took the server's SyncStep1. */
    private EmbeddedClient joined() {
        EmbeddedClient client = client();
        assertEquals(101, client.upgrade("/ws/w/a?token=" + servers.editor).status());
        assertEquals(binary(Message.encode(SyncProtocol.syncStep1(new Doc()))), client.next());
        return client;
    }

    @AfterEach
    void tearDown() {
        clients.forEach(EmbeddedClient::close);
        if (rooms != null) {
            rooms.close();
        }
        storage.close();
    }

    private static Frame binary(byte[] data) {
        return new Frame("binary", data, -1, null);
    }

    /** An update message inserting {@code text} into text "t" of a fresh doc. */
    private static byte[] insert(long clientId, String text) {
        Doc doc = new Doc(clientId);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("t").insert(0, text);
        return Message.encode(Message.update(updates.getFirst()));
    }

    /** The text "t" after applying every sync message of these frames to a fresh doc. */
    private static String textAfter(Frame... frames) {
        Doc doc = new Doc();
        for (Frame frame : frames) {
            for (Message message : Message.decodeAll(frame.data())) {
                Message.Sync sync = assertInstanceOf(Message.Sync.class, message);
                SyncProtocol.handle(doc, sync.message(), null, false);
            }
        }
        return doc.getText("t").toString();
    }

    /** What a second client sees of the card: it asks with an empty state vector. */
    private String cardText() {
        EmbeddedClient other = client();
        assertEquals(101, other.upgrade("/ws/w/a?token=" + servers.viewer).status());
        Message.Sync step1 = (Message.Sync) Message.decodeAll(other.next().data()).getFirst();
        assertInstanceOf(SyncMessage.SyncStep1.class, step1.message());
        other.sendBinary(Message.encode(Message.syncStep1(Y.encodeStateVector(new Doc()))));
        Frame step2 = other.next();
        Message.Sync sync = (Message.Sync) Message.decodeAll(step2.data()).getFirst();
        assertInstanceOf(SyncMessage.SyncStep2.class, sync.message());
        return textAfter(step2);
    }

    @Test
    void a_malformed_token_is_closed_with_4401_and_the_verifiers_reason() {
        EmbeddedClient client = client();
        assertEquals(101, client.upgrade("/ws/w/a?token=nonsense").status());
        assertEquals(Frame.close(4401, "malformed token: expected header.payload.signature"), client.next());
        client.awaitClosed();
    }

    @Test
    void an_editor_joins_and_receives_sync_step_1() {
        EmbeddedClient client = client();
        HttpReply reply = client.upgrade("/ws/w/a?token=" + servers.editor);
        assertEquals(101, reply.status());
        assertEquals("websocket", reply.header("upgrade"));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", reply.header("sec-websocket-accept"));
        assertEquals(null, reply.header("sec-websocket-protocol"));
        assertEquals(binary(new byte[] {0, 0, 1, 0}), client.next());
        assertTrue(client.channel.isOpen());
    }

    @Test
    void an_update_is_applied_and_broadcast_to_the_sender_too() {
        EmbeddedClient client = joined();
        client.sendBinary(insert(7, "hello"));
        assertEquals("hello", textAfter(client.next()));
        assertEquals("hello", cardText());
    }

    @Test
    void a_message_split_into_continuation_frames_is_reassembled() {
        EmbeddedClient client = joined();
        byte[] message = insert(7, "fragmented");
        int half = message.length / 2;
        client.send(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(message, 0, half))));
        client.send(new ContinuationWebSocketFrame(true, 0,
                Unpooled.wrappedBuffer(Arrays.copyOfRange(message, half, message.length))));
        assertEquals("fragmented", textAfter(client.next()));
    }

    @Test
    void a_token_after_the_promptcards_jwt_subprotocol_is_accepted_and_the_marker_echoed() {
        EmbeddedClient client = client();
        HttpReply reply = client.upgrade("/ws/w/a", "Sec-WebSocket-Protocol: promptcards.jwt, " + servers.editor);
        assertEquals(101, reply.status());
        assertEquals("promptcards.jwt", reply.header("sec-websocket-protocol"));
        assertEquals(binary(new byte[] {0, 0, 1, 0}), client.next());
    }

    @Test
    void a_bare_token_as_subprotocol_is_accepted_and_echoed() {
        EmbeddedClient client = client();
        HttpReply reply = client.upgrade("/ws/w/a", "Sec-WebSocket-Protocol: " + servers.editor);
        assertEquals(101, reply.status());
        assertEquals(servers.editor, reply.header("sec-websocket-protocol"));
        assertEquals(binary(new byte[] {0, 0, 1, 0}), client.next());
    }

    @Test
    void the_query_token_wins_and_no_subprotocol_is_chosen_for_it() {
        EmbeddedClient client = client();
        HttpReply reply = client.upgrade("/ws/w/a?token=" + servers.editor,
                "Sec-WebSocket-Protocol: promptcards.jwt, " + servers.expired());
        assertEquals(101, reply.status());
        assertEquals(null, reply.header("sec-websocket-protocol"));
        assertEquals(binary(new byte[] {0, 0, 1, 0}), client.next());
    }

    @Test
    void a_missing_token_is_closed_with_4401_after_the_upgrade() {
        EmbeddedClient client = client();
        assertEquals(101, client.upgrade("/ws/w/a").status());
        assertEquals(Frame.close(4401, "missing token"), client.next());
        client.awaitClosed();
        assertEquals(0, rooms.roomCount());
    }

    @Test
    void an_expired_token_is_closed_with_4401_and_the_verifiers_reason() {
        EmbeddedClient client = client();
        assertEquals(101, client.upgrade("/ws/w/a?token=" + servers.expired()).status());
        assertEquals(Frame.close(4401, "token expired"), client.next());
        client.awaitClosed();
    }

    @Test
    void a_refused_token_sent_as_subprotocol_is_still_echoed_so_the_browser_sees_the_code() {
        EmbeddedClient client = client();
        HttpReply reply = client.upgrade("/ws/w/a", "Sec-WebSocket-Protocol: promptcards.jwt, " + servers.expired());
        assertEquals(101, reply.status());
        assertEquals("promptcards.jwt", reply.header("sec-websocket-protocol"));
        assertEquals(Frame.close(4401, "token expired"), client.next());
    }

    @Test
    void a_token_for_another_card_is_closed_with_4403() {
        EmbeddedClient client = client();
        assertEquals(101, client.upgrade("/ws/w/b?token=" + servers.cardA).status());
        assertEquals(Frame.close(4403, "token not valid for this card"), client.next());
        client.awaitClosed();
        EmbeddedClient otherWorkspace = client();
        assertEquals(101, otherWorkspace.upgrade("/ws/x/a?token=" + servers.editor).status());
        assertEquals(Frame.close(4403, "token not valid for this workspace"), otherWorkspace.next());
        assertEquals(0, rooms.roomCount());
    }

    @Test
    void a_token_for_the_card_is_let_in() {
        EmbeddedClient client = client();
        assertEquals(101, client.upgrade("/ws/w/a?token=" + servers.cardA).status());
        assertEquals(binary(new byte[] {0, 0, 1, 0}), client.next());
    }

    @Test
    void a_frame_over_the_limit_is_closed_with_4413_naming_the_limit_and_the_card_is_untouched() {
        start(Limits.defaults().withMaxFrameBytes(64));
        EmbeddedClient client = joined();
        byte[] big = insert(7, "x".repeat(80));
        assertTrue(big.length > 64);
        client.sendBinary(big);
        assertEquals(Frame.close(4413, "frame too large (max 64 bytes)"), client.next());
        client.awaitClosed();
        assertEquals("", cardText());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"frame_size\"} 1.0\n"),
                metrics.scrape());
    }

    @Test
    void a_fragmented_message_over_the_limit_is_closed_with_4413() {
        start(Limits.defaults().withMaxFrameBytes(64));
        EmbeddedClient client = joined();
        byte[] big = insert(7, "y".repeat(80));
        client.send(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(big, 0, 40))));
        client.send(new ContinuationWebSocketFrame(true, 0,
                Unpooled.wrappedBuffer(Arrays.copyOfRange(big, 40, big.length))));
        assertEquals(Frame.close(4413, "frame too large (max 64 bytes)"), client.next());
        client.awaitClosed();
        assertEquals("", cardText());
    }

    @Test
    void a_text_frame_is_closed_with_4400() {
        EmbeddedClient client = joined();
        client.sendText("[0,2]");
        assertEquals(Frame.close(4400, "text frames are not supported"), client.next());
        client.awaitClosed();
    }

    /** One update frame per character, each typed at the end of text "t" of one doc. */
    private static List<byte[]> typed(long clientId, String text) {
        Doc doc = new Doc(clientId);
        List<byte[]> frames = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> frames.add(Message.encode(Message.update(update))));
        for (int i = 0; i < text.length(); i++) {
            doc.getText("t").insert(i, text.substring(i, i + 1));
        }
        return frames;
    }

    /** Moves the rate limit's clock and the channel's timers forward together, then runs what is due. */
    private void elapse(EmbeddedClient client, long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        client.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();
        client.pump();
    }

    @Test
    void a_client_over_its_rate_is_slowed_and_everything_it_sent_is_applied_in_order() {
        start(Limits.defaults().withMessageRate(10, 5));
        EmbeddedClient client = joined();
        client.channel.freezeTime();
        String text = "slowed, not dropped";
        for (byte[] frame : typed(7, text)) {
            client.sendBinary(frame);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("binary", client.next().kind());
        }
        assertFalse(client.channel.config().isAutoRead(), "reads are paused");
        assertFalse(client.hasFrames());

        elapse(client, 100);

        assertEquals("binary", client.next().kind(), "the echo of the held updates, merged");
        assertFalse(client.hasFrames());
        assertEquals(text, cardText());
        assertTrue(client.channel.config().isAutoRead(), "reads resume");
        assertTrue(client.channel.isOpen());
        assertTrue(metrics.scrape().contains("promptcards_reads_paused_total 1.0"), metrics.scrape());
        assertFalse(metrics.scrape().contains("limit=\"message_rate\"} 1"), metrics.scrape());
    }

    @Test
    void frames_held_back_by_the_rate_reach_the_other_clients_as_one_merged_update() {
        start(Limits.defaults().withMessageRate(10, 1));
        EmbeddedClient writer = joined();
        EmbeddedClient reader = joined();
        writer.channel.freezeTime();
        List<byte[]> frames = typed(8, "abc");
        frames.forEach(writer::sendBinary);
        Frame first = reader.next();
        assertEquals("a", textAfter(first));

        elapse(writer, 100);

        assertEquals("abc", textAfter(first, reader.next()));
        assertFalse(reader.hasFrames(), "the two held updates went out as one");
    }

    @Test
    void what_a_client_sent_before_closing_is_applied_even_while_its_reads_are_held_back() {
        start(Limits.defaults().withMessageRate(10, 1));
        EmbeddedClient client = joined();
        client.channel.freezeTime();
        typed(9, "abc").forEach(client::sendBinary);

        client.send(new CloseWebSocketFrame(1000, "bye"));

        client.awaitClosed();
        assertEquals("abc", cardText());
    }

    @Test
    void a_connection_that_keeps_flooding_for_the_close_after_time_is_closed_with_1013() {
        start(Limits.defaults().withMessageRate(10, 5).withFloodCloseAfter(Duration.ofSeconds(2)));
        EmbeddedClient client = joined();
        client.channel.freezeTime();
        byte[] query = Message.encode(Message.syncStep1(Y.encodeStateVector(new Doc())));
        Frame close = null;
        for (int second = 0; second < 4 && close == null; second++) {
            for (int i = 0; i <= Limits.FLOOD_FACTOR * 10 && client.channel.isOpen(); i++) {
                client.sendBinary(query);
            }
            elapse(client, 1000);
            while (client.hasFrames() && close == null) {
                Frame frame = client.next();
                if (frame.kind().equals("close")) {
                    close = frame;
                }
            }
        }
        assertEquals(Frame.close(1013, "too many messages"), close);
        client.awaitClosed();
        assertTrue(metrics.scrape().contains("limit=\"message_rate\"} 1.0"), metrics.scrape());
    }

    @Test
    void pings_are_slowed_with_the_rest() {
        start(Limits.defaults().withMessageRate(10, 3));
        EmbeddedClient client = joined();
        client.channel.freezeTime();
        for (int i = 0; i < 4; i++) {
            client.send(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) i})));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(new Frame("pong", new byte[] {(byte) i}, -1, null), client.next());
        }
        assertFalse(client.hasFrames());

        elapse(client, 100);

        assertEquals(new Frame("pong", new byte[] {3}, -1, null), client.next());
        assertTrue(client.channel.isOpen());
    }

    @Test
    void a_connection_header_listing_several_tokens_is_an_upgrade() {
        EmbeddedClient client = client();
        HttpReply reply = client.request("GET", "/ws/w/a?token=" + servers.editor, "Upgrade: websocket",
                "Connection: keep-alive, Upgrade", "Sec-WebSocket-Key: " + EmbeddedClient.KEY,
                "Sec-WebSocket-Version: 13");
        assertEquals(101, reply.status());
    }

    @Test
    void the_rate_limit_refills_over_time() {
        start(Limits.defaults().withMessageRate(10, 5));
        EmbeddedClient client = joined();
        byte[] query = Message.encode(Message.syncStep1(Y.encodeStateVector(new Doc())));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                client.sendBinary(query);
                assertEquals("binary", client.next().kind());
            }
            clock.addAndGet(500_000_000L);
        }
        assertTrue(client.channel.isOpen());
    }

    @Test
    void a_slow_reader_is_closed_with_1013_and_the_others_never_wait() {
        start(Limits.defaults().withMaxOutboundBytes(200));
        EmbeddedClient slow = joined();
        HoldWrites held = new HoldWrites();
        slow.channel.pipeline().addFirst(held);
        EmbeddedClient writer = joined();
        for (int i = 0; i < 4; i++) {
            writer.sendBinary(insert(100 + i, "z".repeat(60)));
            assertEquals("z".repeat(60), textAfter(writer.next()));
        }
        slow.awaitClosed();
        List<Frame> sent = held.frames();
        assertEquals(Frame.close(1013, "slow reader"), sent.getLast());
        assertEquals(3, sent.size(), sent.toString());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"outbound_bytes\"} 1.0\n"),
                metrics.scrape());
        writer.sendBinary(insert(200, "!"));
        assertEquals("!", textAfter(writer.next()));
    }

    @Test
    void a_joiners_first_sync_bigger_than_the_outbound_bound_reaches_it_when_nothing_else_waits() {
        start(Limits.defaults().withMaxOutboundBytes(200));
        EmbeddedClient writer = joined();
        writer.sendBinary(insert(100, "y".repeat(300)));
        assertEquals("y".repeat(300), textAfter(writer.next()));

        EmbeddedClient joiner = client();
        assertEquals(101, joiner.upgrade("/ws/w/a?token=" + servers.editor).status());
        assertEquals("binary", joiner.next().kind());
        joiner.sendBinary(Message.encode(Message.syncStep1(Y.encodeStateVector(new Doc()))));

        assertEquals("y".repeat(300), textAfter(joiner.next()));
        assertTrue(joiner.channel.isOpen());
    }

    @Test
    void the_connection_cap_closes_with_1013_until_a_slot_is_free() {
        start(Limits.defaults().withMaxConnections(1));
        EmbeddedClient first = joined();
        EmbeddedClient second = client();
        assertEquals(101, second.upgrade("/ws/w/a?token=" + servers.editor).status());
        assertEquals(Frame.close(1013, "too many connections"), second.next());
        second.awaitClosed();
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"connections\"} 1.0\n"),
                metrics.scrape());
        first.send(new CloseWebSocketFrame(1000, "bye"));
        first.awaitClosed();
        joined();
    }

    @Test
    void a_workspace_at_its_connection_quota_closes_the_newcomer_with_1013_while_another_workspace_joins() {
        start(Limits.defaults().withQuotas(new WorkspaceQuotas(1, 100)));
        EmbeddedClient first = joined();
        EmbeddedClient second = client();
        assertEquals(101, second.upgrade("/ws/w/b?token=" + servers.editor).status());
        assertEquals(Frame.close(1013, "too many connections for workspace w"), second.next());
        second.awaitClosed();

        EmbeddedClient elsewhere = client();
        String otherWorkspace = servers.tokens.mint("ot", "v", Role.EDITOR, Duration.ofHours(1));
        assertEquals(101, elsewhere.upgrade("/ws/v/a?token=" + otherWorkspace).status());
        assertEquals(binary(Message.encode(SyncProtocol.syncStep1(new Doc()))), elsewhere.next());
        assertTrue(metrics.scrape().contains(
                "promptcards_limit_exceeded_total{limit=\"workspace_connections\"} 1.0\n"), metrics.scrape());
        first.send(new CloseWebSocketFrame(1000, "bye"));
        first.awaitClosed();
        joined();
    }

    @Test
    void a_ping_is_answered_with_a_pong_carrying_its_data() {
        EmbeddedClient client = joined();
        client.send(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        assertEquals(new Frame("pong", new byte[] {1, 2, 3}, -1, null), client.next());
    }

    @Test
    void a_close_from_the_client_is_answered_and_the_socket_closed() {
        EmbeddedClient client = joined();
        client.send(new CloseWebSocketFrame(1000, "bye"));
        assertEquals(Frame.close(1000, ""), client.next());
        client.awaitClosed();
    }

    @Test
    void an_upgrade_during_shutdown_is_closed_with_1001() {
        start(limits);
        context.state().stopAccepting();
        EmbeddedClient client = client();
        assertEquals(101, client.upgrade("/ws/w/a?token=" + servers.editor).status());
        assertEquals(Frame.close(1001, "server shutting down"), client.next());
    }

    @Test
    void the_handshake_deadline_is_cancelled_by_the_upgrade() {
        EmbeddedClient client = joined();
        client.channel.advanceTimeBy(limits.handshakeTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();
        assertTrue(client.channel.isOpen());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"handshake_timeout\"} 0.0\n"),
                metrics.scrape());
    }

    @Test
    void a_connection_is_closed_with_4401_token_expired_when_its_token_expires() {
        start(limits);
        // the verifier allows 30 s of clock skew: a token of 60 s is accepted for 90 s
        String shortLived = servers.tokens.mint("short", "w", Role.EDITOR, Duration.ofSeconds(60));
        EmbeddedClient client = client();
        client.channel.freezeTime();
        assertEquals(101, client.upgrade("/ws/w/a?token=" + shortLived).status());
        assertEquals("binary", client.next().kind());
        client.sendBinary(insert(7, "before"));
        assertEquals("before", textAfter(client.next()));

        client.channel.advanceTimeBy(89, TimeUnit.SECONDS);
        client.channel.runScheduledPendingTasks();
        assertFalse(client.hasFrames());
        assertTrue(client.channel.isOpen());
        client.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        client.channel.runScheduledPendingTasks();

        assertEquals(Frame.close(4401, "token expired"), client.next());
        client.awaitClosed();
        assertEquals("before", cardText());
        assertTrue(metrics.scrape().contains("promptcards_connections_closed_total{code=\"4401\"} 1.0"),
                metrics.scrape());
    }

    @Test
    void the_expiry_deadline_is_cancelled_when_the_connection_closes() {
        EmbeddedClient client = joined();
        assertTrue(client.channel.runScheduledPendingTasks() > 0, "the token's deadline is scheduled");
        client.send(new CloseWebSocketFrame(1000, "bye"));
        client.awaitClosed();
        assertEquals(-1, client.channel.runScheduledPendingTasks(), "no timer left");
    }

    @Test
    void a_close_code_a_peer_may_not_send_is_answered_with_1002_never_echoed() {
        for (int code : new int[] {5000, 65535, 4999 + 1}) {
            EmbeddedClient client = joined();
            client.send(new CloseWebSocketFrame(true, 0, Unpooled.buffer(2).writeShort(code)));
            assertEquals(Frame.close(1002, "invalid close code"), client.next(), "code " + code);
            client.awaitClosed();
        }
    }

    @Test
    void the_codes_the_websocket_decoder_refuses_are_answered_with_1002_and_our_own_reason() {
        for (int code : new int[] {1005, 1006, 1015, 1016, 2999, 999, 0}) {
            EmbeddedClient client = joined();
            client.send(new CloseWebSocketFrame(true, 0, Unpooled.buffer(2).writeShort(code)));
            assertEquals(Frame.close(1002, "protocol error"), client.next(), "code " + code);
            client.awaitClosed();
        }
    }

    @Test
    void valid_close_codes_are_echoed_and_a_close_without_a_code_is_answered_without_one() {
        for (int code : new int[] {1000, 1001, 1003, 1007, 1014, 3000, 4000, 4999}) {
            EmbeddedClient client = joined();
            client.send(new CloseWebSocketFrame(true, 0, Unpooled.buffer(2).writeShort(code)));
            assertEquals(Frame.close(code, ""), client.next(), "code " + code);
            client.awaitClosed();
        }
        EmbeddedClient client = joined();
        client.send(new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER));
        assertEquals(Frame.close(-1, ""), client.next());
        client.awaitClosed();
    }

    @Test
    void an_unmasked_frame_is_closed_with_1002_and_our_own_reason() {
        EmbeddedClient client = joined();
        client.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x82, 0x01, 0x00}));
        assertEquals(Frame.close(1002, "protocol error"), client.next());
        client.awaitClosed();
    }

    @Test
    void every_continuation_frame_costs_a_token_like_a_message() {
        start(Limits.defaults().withMessageRate(10, 3));
        EmbeddedClient client = joined();
        client.channel.freezeTime();
        byte[] message = insert(7, "split in six");
        int parts = 6;
        int size = (message.length + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            byte[] part = Arrays.copyOfRange(message, Math.min(message.length, i * size),
                    Math.min(message.length, (i + 1) * size));
            boolean last = i == parts - 1;
            client.send(i == 0 ? new BinaryWebSocketFrame(last, 0, Unpooled.wrappedBuffer(part))
                    : new ContinuationWebSocketFrame(last, 0, Unpooled.wrappedBuffer(part)));
        }
        assertFalse(client.channel.config().isAutoRead(), "reads paused after the burst of 3 frames");
        assertFalse(client.hasFrames());

        elapse(client, 100);
        assertFalse(client.hasFrames(), "one token after 100 ms: one more frame, the message still incomplete");
        elapse(client, 100);
        assertFalse(client.hasFrames());

        elapse(client, 100);
        assertEquals("split in six", textAfter(client.next()));
        assertTrue(client.channel.config().isAutoRead());
        assertTrue(metrics.scrape().contains("promptcards_reads_paused_total 1.0"), metrics.scrape());
    }

    /** A socket that never takes bytes: writes are kept and never complete. */
    private static final class HoldWrites extends ChannelOutboundHandlerAdapter {
        private final List<ByteBuf> held = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            held.add((ByteBuf) msg);
        }

        List<Frame> frames() {
            EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, Integer.MAX_VALUE));
            held.forEach(decoder::writeInbound);
            List<Frame> frames = new ArrayList<>();
            Object frame;
            while ((frame = decoder.readInbound()) != null) {
                frames.add(Frame.of((WebSocketFrame) frame));
            }
            decoder.finishAndReleaseAll();
            return frames;
        }
    }
}
