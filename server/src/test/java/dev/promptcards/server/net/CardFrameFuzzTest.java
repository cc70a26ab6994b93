package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncProtocol;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.Room;
import dev.promptcards.card.CardKey;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import dev.promptcards.server.room.UpdateBounds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the WebSocket frame path of a card connection: the server's real pipeline on an
 * {@link EmbeddedChannel} (WebSocket decoder, aggregator, rate limit, frame handler), a real room and a
 * real PostgreSQL. Each input is one connection: an editor joins card {@code w/a}, sends the input, and
 * leaves. The first byte of the input says how it is sent: {@value #UPGRADE_MODE}, the rest is the HTTP
 * request itself, on a fresh connection to a dev-mode server (the upgrade's checks, dev mode's Host and
 * Origin rules, the HTTP routes); other even values, the rest is the payload of one binary frame (y-websocket
 * messages); odd, the rest goes on the wire as it is, after the upgrade (WebSocket framing itself: opcodes,
 * lengths, masks, fragments).
 *
 * <p>Properties, for any input: the connection is still open, or the server closed it with a documented
 * code: 4400 (malformed) or 4413 (too big) for a binary frame, which then changed nothing in the card;
 * on the raw wire also the WebSocket decoder's 1002 and 1007 (protocol violations) or the close code
 * the client sent itself; never 1011, and no room task fails (the internal errors counter stays 0); the
 * next editor still joins and gets its SyncStep1. For a request: no answer yet (an incomplete request), or one
 * HTTP response with a status the server documents; 101 only for a request with {@code Sec-WebSocket-Version};
 * never a Hixie-76 {@code Sec-WebSocket-Location}; the dev token only in a 200 page to a loopback {@code Host}.
 * A hang is a finding (libFuzzer's {@code -timeout}).
 */
// one instance, one room for the seeds (each a test of its own) and the fuzzing: a room per seed costs seconds
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardFrameFuzzTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("w", "a");
    /** Small, so that the fuzzer reaches the limits: frames over it close with 4413. */
    private static final int MAX_FRAME_BYTES = 4096;
    private static final int MAX_AWARENESS_CLIENTS = 4;
    private static final Set<Integer> DOCUMENTED = Set.of(CloseCodes.BAD_MESSAGE, CloseCodes.TOO_BIG);
    /** What Netty's WebSocket decoder closes with (FrameErrorHandler): protocol error, invalid payload. */
    private static final Set<Integer> PROTOCOL_VIOLATIONS = Set.of(1002, 1007);

    private final TestStorage storage = TestStorage.open(DB);
    private final ManualExecutor writes = new ManualExecutor();
    private final AtomicLong clock = new AtomicLong();
    private final TestServers servers = new TestServers();
    private final ServerMetrics metrics = new ServerMetrics();
    /**
     * Small too: updates that cannot be applied yet past 512 bytes are dropped; more than 24 client ids in one
     * update, or 1,000 in the card, or more than 64 structs in one update, are refused; 17 to 24 client ids
     * (over the room's offload threshold) are applied off the room's thread.
     */
    private static final UpdateBounds UPDATE_BOUNDS = new UpdateBounds(512, 24, 1_000, 64);
    private final RoomRegistry rooms = new RoomRegistry(Limits.defaults().withMaxFrameBytes(MAX_FRAME_BYTES)
            .withMaxAwarenessClients(MAX_AWARENESS_CLIENTS).withUpdates(UPDATE_BOUNDS), metrics, storage.storage());
    private final ServerContext context = servers.context(rooms.limits(), metrics, rooms, null, Map.of(),
            clock::get, writes);
    /** The first byte of an input that is an HTTP request. */
    static final int UPGRADE_MODE = 2;
    /** Every status the server answers a request with. */
    private static final Set<Integer> STATUSES = Set.of(100, 101, 200, 400, 403, 404, 405, 413, 417, 421, 426, 503);
    private static final String PAGE = "<meta content=\"{{DEV_TOKEN}}\">";
    /** A dev-mode server whose dev token is the editor's token. */
    private final ServerContext devContext = servers.context(rooms.limits(), metrics, rooms, servers.editor,
            Map.of("index.html", PAGE.getBytes(StandardCharsets.UTF_8),
                    "editor.html", PAGE.getBytes(StandardCharsets.UTF_8)), clock::get, writes);
    private final Room room;

    CardFrameFuzzTest() {
        storage.create(CARD);
        room = rooms.acquire(CARD);
    }

    @AfterAll
    void tearDown() {
        rooms.release(room);
        rooms.close();
        storage.close();
    }

    /** Valid frames, each behind the byte 0 (send as one binary frame), and one raw frame behind 1. */
    static Stream<byte[]> validInputs() {
        Doc doc = new Doc(11);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        YText template = doc.getText("template");
        template.insert(0, "Summarize {{text}}.");
        template.format(0, 9, Map.of("bold", true));
        template.delete(3, 2);
        YMap model = doc.getMap("model");
        model.set("provider", "echo");
        model.set("temperature", 0.5);
        byte[] awareness = {1, 9, 1, 23, '{', '"', 'u', 's', 'e', 'r', '"', ':', '{', '"', 'n', 'a', 'm', 'e',
                '"', ':', '"', 'A', 'd', 'a', '"', '}', '}'};
        List<byte[]> frames = new ArrayList<>();
        for (byte[] update : updates) {
            frames.add(Message.encode(Message.update(update)));
        }
        frames.add(Message.encode(Message.syncStep2(Y.encodeStateAsUpdate(doc))));
        frames.add(Message.encode(SyncProtocol.syncStep1(doc)));
        frames.add(Message.encode(new Message.Awareness(awareness)));
        frames.add(Message.encode(List.of(SyncProtocol.syncStep1(new Doc()), Message.update(updates.get(1)),
                new Message.Awareness(awareness), Message.QueryAwareness.INSTANCE, Message.update(updates.get(2)))));
        // 20 clients at once: applied off the room's thread
        List<byte[]> clients = new ArrayList<>();
        for (long id = 100; id < 120; id++) {
            Doc one = new Doc(id);
            one.getText("template").insert(0, "c");
            clients.add(Y.encodeStateAsUpdate(one));
        }
        frames.add(Message.encode(Message.update(Y.mergeUpdates(clients))));
        // an insert whose predecessor never arrives: kept pending
        frames.add(Message.encode(Message.update(updates.get(1))));
        // what CardFrameFuzzFindingsTest holds: the second update is refused only when applied
        frames.add(Message.encode(List.of(Message.update(updates.getFirst()),
                Message.update(CardFrameFuzzFindingsTest.itemWithItsOriginAfterItself()))));
        List<byte[]> inputs = new ArrayList<>();
        for (byte[] frame : frames) {
            inputs.add(prefixed(0, frame));
        }
        inputs.add(prefixed(1, masked(frames.getLast())));
        for (String request : upgradeRequests()) {
            inputs.add(prefixed(UPGRADE_MODE, request.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return inputs.stream();
    }

    /** A valid upgrade from the server's own page, a foreign one, a Hixie-76 one, pages by loopback and other names. */
    private static List<String> upgradeRequests() {
        String token = new TestServers().editor;
        String upgrade = "GET /ws/w/a?token=" + token + " HTTP/1.1\r\nHost: localhost:8080\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + EmbeddedClient.KEY + "\r\nSec-WebSocket-Version: 13\r\n";
        return List.of(
                upgrade + "Origin: http://localhost:8080\r\n\r\n",
                upgrade + "Origin: http://evil.example:8080\r\nSec-WebSocket-Protocol: promptcards.jwt, x\r\n\r\n",
                "GET /ws/w/a?token=" + token + " HTTP/1.1\r\nHost: localhost:8080\r\nUpgrade: WebSocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                        + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U",
                "GET /w/w/c/a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
                "GET /embed/w/w/c/a?x=1 HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n",
                "POST /healthz HTTP/1.1\r\nHost: [::1]:8080\r\nContent-Length: 3\r\n\r\nabc",
                "POST / HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 9000\r\n\r\n");
    }

    private static byte[] prefixed(int mode, byte[] rest) {
        byte[] input = new byte[rest.length + 1];
        input[0] = (byte) mode;
        System.arraycopy(rest, 0, input, 1, rest.length);
        return input;
    }

    /** A binary frame on the wire as a client writes it (masked). */
    private static byte[] masked(byte[] payload) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        encoder.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        ByteBuf out = Unpooled.buffer();
        ByteBuf part;
        while ((part = encoder.readOutbound()) != null) {
            out.writeBytes(part);
            part.release();
        }
        encoder.finishAndReleaseAll();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    @MethodSource("validInputs")
    @FuzzTest(maxDuration = "10s")
    void a_frame_leaves_the_connection_open_or_closes_it_with_a_documented_code(byte[] input) throws Exception {
        boolean raw = input.length > 0 && (input[0] & 1) == 1;
        byte[] rest = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        if (input.length > 0 && input[0] == UPGRADE_MODE) {
            aRequestGetsADocumentedAnswer(rest);
            return;
        }
        try (EmbeddedClient client = new EmbeddedClient(context, writes)) {
            assertEquals(101, client.upgrade("/ws/w/a?token=" + servers.editor).status());
            assertEquals("binary", client.next().kind(), "the room does not serve the next editor");
            byte[] before = cardState();
            if (raw) {
                client.channel.writeInbound(Unpooled.wrappedBuffer(rest));
                client.pump();
            } else {
                client.sendBinary(rest);
            }
            // queued on the room's executor after the frame: the frame has been handled when it runs
            byte[] after = cardState();
            Frame close = closeFrame(client);
            if (close == null) {
                assertTrue(client.channel.isOpen(), "closed without a close frame");
            } else if (!raw && Room.PENDING_TOO_LARGE_REASON.equals(close.reason())) {
                // applied, then what waits for missing updates dropped: the card's own and the earlier ones
                assertEquals(CloseCodes.TOO_BIG, close.code());
                assertEquals(0L, room.withDoc(Doc::pendingBytes).get(30, TimeUnit.SECONDS));
            } else if (!raw) {
                assertTrue(DOCUMENTED.contains(close.code()), "closed with " + close);
                assertArrayEquals(before, after, "a refused frame changed the card: closed with " + close);
            } else {
                assertTrue(DOCUMENTED.contains(close.code()) || PROTOCOL_VIOLATIONS.contains(close.code())
                        || close.code() != CloseCodes.INTERNAL_ERROR && sentClose(rest), "closed with " + close);
            }
        }
        assertEquals(0.0, metrics.registry().get("promptcards.internal.errors").counter().count(),
                "a room task failed");
    }

    private void aRequestGetsADocumentedAnswer(byte[] request) {
        String answer;
        try (EmbeddedClient client = new EmbeddedClient(devContext, writes)) {
            answer = client.rawExchange(request);
        }
        assertEquals(0.0, metrics.registry().get("promptcards.internal.errors").counter().count(),
                "a room task failed");
        if (answer.isEmpty()) {
            return;
        }
        assertTrue(answer.startsWith("HTTP/1.1 ") && answer.length() >= 12, answer);
        int status = Integer.parseInt(answer.substring(9, 12));
        assertTrue(STATUSES.contains(status), answer);
        int headEnd = answer.indexOf("\r\n\r\n");
        String head = (headEnd < 0 ? answer : answer.substring(0, headEnd)).toLowerCase(Locale.ROOT);
        assertFalse(head.contains("sec-websocket-location"), answer);
        String text = new String(request, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        String unspaced = text.replace(" ", "").replace("\t", "");
        if (status == 101) {
            assertTrue(text.contains("sec-websocket-version"), "upgraded: " + text);
        } else if (answer.contains(servers.editor)) {
            assertEquals(200, status, answer);
            assertTrue(unspaced.contains("host:localhost") || unspaced.contains("host:127.")
                    || unspaced.contains("host:[::1]"), "the dev token went to " + text);
        }
    }

    private byte[] cardState() throws Exception {
        return room.withDoc(Y::encodeStateAsUpdate).get(30, TimeUnit.SECONDS);
    }

    /** The server's close frame, if it sent one (frames before it are the room's answers). */
    private static Frame closeFrame(EmbeddedClient client) {
        Frame close = null;
        while (client.hasFrames()) {
            Frame frame = client.next();
            if (frame.kind().equals("close")) {
                close = frame;
            }
        }
        return close;
    }

    /** Whether the raw bytes may hold a client's close frame (opcode 8), which the server echoes. */
    private static boolean sentClose(byte[] wire) {
        for (byte b : wire) {
            if ((b & 0x0F) == 0x8) {
                return true;
            }
        }
        return false;
    }
}
