package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.Room;
import dev.promptcards.card.CardKey;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Frames that broke a property of {@link CardFrameFuzzTest}, each as a test of its own. */
class CardFrameFuzzFindingsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("w", "a");

    private final TestStorage storage = TestStorage.open(DB);
    private final ManualExecutor writes = new ManualExecutor();
    private final AtomicLong clock = new AtomicLong();
    private final TestServers servers = new TestServers();
    private final ServerMetrics metrics = new ServerMetrics();
    private final RoomRegistry rooms = new RoomRegistry(Limits.defaults(), metrics, storage.storage());
    private final ServerContext context = servers.context(rooms.limits(), metrics, rooms, null, Map.of(),
            clock::get, writes);
    private final List<EmbeddedClient> clients = new ArrayList<>();
    private final Logger frameErrors = (Logger) LoggerFactory.getLogger(FrameErrorHandler.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Room room;

    CardFrameFuzzFindingsTest() {
        log.start();
        frameErrors.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        frameErrors.detachAppender(log);
        clients.forEach(EmbeddedClient::close);
        if (room != null) {
            rooms.release(room);
        }
        rooms.close();
        storage.close();
    }

    private EmbeddedClient joinedEditor() {
        EmbeddedClient client = new EmbeddedClient(context, writes);
        clients.add(client);
        assertEquals(101, client.upgrade("/ws/w/a?token=" + servers.editor).status());
        assertEquals("binary", client.next().kind());
        if (room == null) {
            room = rooms.acquire(CARD);
        }
        return client;
    }

    private String cardText() throws Exception {
        return room.withDoc(doc -> doc.getText("t").toString()).get(30, TimeUnit.SECONDS);
    }

    /** An update of one item: client 51, clock 0, in text "t" after its own (future) clock 5. */
    static byte[] itemWithItsOriginAfterItself() {
        Encoder e = new Encoder();
        e.writeVarUint(1); // clients
        e.writeVarUint(1); // structs
        e.writeVarUint(51); // client
        e.writeVarUint(0); // clock
        e.writeUint8(0x80 | 4); // info: has an origin, content string
        e.writeVarUint(51); // origin client
        e.writeVarUint(5); // origin clock: after the item itself
        e.writeVarString("y");
        e.writeVarUint(0); // delete set
        return e.toByteArray();
    }

    /**
     * Two updates in one frame, the second refused only when applied (its origin is after itself, which
     * the frame check's diffUpdate does not look at): the first was applied and stored, then the
     * connection was closed with 4400 "malformed update".
     */
    @Test
    void a_frame_whose_second_update_is_refused_changes_nothing() throws Exception {
        EmbeddedClient client = joinedEditor();
        Doc doc = new Doc(50);
        doc.getText("t").insert(0, "x");

        client.sendBinary(Message.encode(List.of(Message.update(Y.encodeStateAsUpdate(doc)),
                Message.update(itemWithItsOriginAfterItself()))));

        assertEquals(Frame.close(4400, "malformed update"), client.next());
        assertEquals("", cardText());
    }

    /**
     * A client that closes in the middle of a fragmented message (first fragment sent, then its close
     * frame; on the raw wire in the fuzz test): the aggregator reports the channel closing while it
     * aggregates, which was logged as an unexpected error with its stack trace at WARN, once per such
     * client, and answered with a 1011 that could not be sent any more.
     */
    @Test
    void a_client_closing_in_the_middle_of_a_fragmented_message_is_no_error() {
        EmbeddedClient client = joinedEditor();

        client.send(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {0, 2})));
        client.send(new CloseWebSocketFrame(1000, "bye"));

        assertEquals(Frame.close(1000, ""), client.next());
        client.awaitClosed();
        assertEquals(List.of(), log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList());
    }
}
