package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import static dev.promptcards.server.room.Frames.awareness;
import static dev.promptcards.server.room.Frames.awarenessNulls;
import static dev.promptcards.server.room.Frames.awarenessUpdate;
import static dev.promptcards.server.room.Frames.bytes;
import static dev.promptcards.server.room.Frames.concat;
import static dev.promptcards.server.room.Frames.update;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class RoomTest {

    private static final CardKey KEY = new CardKey("acme", "welcome-card");
    /** SyncStep1 of an empty doc: [sync, step1, varUint8Array([0])]. */
    private static final byte[] EMPTY_SYNC_STEP1 = bytes(0, 0, 1, 0);

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ServerMetrics metrics = new ServerMetrics();
    private TestStorage storage;
    private RoomRegistry registry;
    private Room room;
    private ListAppender<ILoggingEvent> capturedLog;

    @BeforeEach
    void start() {
        storage = TestStorage.open(DB);
        // an existing, empty card: what these tests are about does not depend on who created it
        storage.create(KEY);
        startWith(Limits.defaults());
    }

    private void startWith(Limits limits) {
        if (registry != null) {
            registry.close();
        }
        registry = new RoomRegistry(limits, metrics, storage.storage(), clock::get, Duration.ofMillis(20));
        room = registry.acquire(KEY);
    }

    @AfterEach
    void stop() {
        registry.close();
        storage.close();
        if (capturedLog != null) {
            ((Logger) LoggerFactory.getLogger(ServerMetrics.class)).detachAppender(capturedLog);
        }
    }

    /** Waits until every task queued on the room so far has run. */
    private void drain() {
        room.withDoc(doc -> null).join();
    }

    private byte[] cardState() {
        return room.withDoc(Y::encodeStateAsUpdate).join();
    }

    private RecordingConnection joined(RecordingConnection connection) {
        int before = connection.frameCount();
        room.join(connection);
        await().until(() -> connection.frameCount() > before);
        return connection;
    }

    /** A client doc whose updates are collected. */
    private static final class Client {
        final Doc doc;
        final List<byte[]> updates = new ArrayList<>();

        Client(long clientId) {
            doc = new Doc(clientId);
            doc.onUpdate((update, origin, transaction) -> updates.add(update));
        }

        byte[] insert(int index, String text) {
            doc.getText("template").insert(index, text);
            return updates.getLast();
        }
    }

    @Test
    void joining_an_empty_room_sends_sync_step1_only() {
        RecordingConnection a = RecordingConnection.editor("a");
        room.join(a);
        drain();

        assertEquals(1, a.frameCount());
        assertArrayEquals(EMPTY_SYNC_STEP1, a.frames().get(0));
    }

    @Test
    void joining_sends_sync_step1_then_the_known_awareness_states() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        byte[] state = awarenessUpdate(7, 1, "{\"user\":\"ada\"}");
        room.receive(a, awareness(state));
        RecordingConnection b = RecordingConnection.editor("b");
        room.join(b);
        drain();

        List<byte[]> frames = b.frames();
        assertEquals(2, frames.size());
        assertArrayEquals(EMPTY_SYNC_STEP1, frames.get(0));
        byte[] expected = concat(bytes(1, state.length, 1, 7, 1, 14), "{\"user\":\"ada\"}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, frames.get(1));
    }

    @Test
    void joining_a_card_with_content_sends_its_state_vector() {
        Client client = new Client(42);
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        room.receive(a, update(client.insert(0, "hello")));
        RecordingConnection b = RecordingConnection.editor("b");
        room.join(b);
        drain();

        // [sync, step1, varUint8Array(state vector {42: 5})]
        assertArrayEquals(bytes(0, 0, 3, 1, 42, 5), b.frames().get(0));
    }

    @Test
    void sync_step1_is_answered_with_the_exact_sync_step2() {
        Client writer = new Client(1);
        Client reader = new Client(2);
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        byte[] first = writer.insert(0, "hello");
        room.receive(a, update(first));
        Y.applyUpdate(reader.doc, first);
        room.receive(a, update(writer.insert(5, " world")));
        drain();
        RecordingConnection b = joined(RecordingConnection.editor("b"));

        byte[] readerVector = Y.encodeStateVector(reader.doc);
        room.receive(b, Message.encode(Message.syncStep1(readerVector)));
        drain();

        byte[] expectedDiff = room.withDoc(doc -> Y.encodeStateAsUpdate(doc, readerVector)).join();
        assertEquals(2, b.frameCount());
        assertArrayEquals(Message.encode(Message.syncStep2(expectedDiff)), b.frames().get(1));
        Y.applyUpdate(reader.doc, expectedDiff);
        assertEquals("hello world", reader.doc.getText("template").toString());
    }

    @Test
    void an_update_is_sent_to_every_connection_the_sender_included_as_the_same_bytes() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        RecordingConnection viewer = joined(RecordingConnection.viewer("viewer"));
        Client client = new Client(5);
        byte[] edit = client.insert(0, "{{topic}}");

        room.receive(a, update(edit));
        // the sender's echo comes once the update is stored
        await().until(() -> a.frameCount() == 2);

        assertArrayEquals(update(edit), a.frames().get(1));
        assertSame(a.frames().get(1), b.frames().get(1));
        assertSame(a.frames().get(1), viewer.frames().get(1));
        assertEquals(2, b.frameCount());
        assertEquals(2, viewer.frameCount());
        assertEquals("{{topic}}", room.withDoc(doc -> doc.getText("template").toString()).join());
    }

    @Test
    void a_sync_step2_from_an_editor_is_applied_and_broadcast() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        Client client = new Client(9);
        client.insert(0, "offline edits");

        room.receive(a, Message.encode(Message.syncStep2(Y.encodeStateAsUpdate(client.doc))));
        await().until(() -> a.frameCount() == 2);

        assertEquals("offline edits", room.withDoc(doc -> doc.getText("template").toString()).join());
        assertEquals(2, b.frameCount());
        assertSame(a.frames().get(1), b.frames().get(1));
    }

    @Test
    void several_messages_in_one_frame_are_all_handled_in_order() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        Client client = new Client(3);
        byte[] edit = client.insert(0, "hi");
        byte[] state = awarenessUpdate(3, 1, "{}");

        room.receive(a, concat(
                Message.encode(Message.syncStep1(bytes(0))),
                update(edit),
                awareness(state),
                Message.encode(Message.QueryAwareness.INSTANCE)));
        // everything at once but the echo, which comes once the update is stored
        await().until(() -> a.frameCount() == 5);

        List<byte[]> toA = a.framesAfter(1);
        assertEquals(4, toA.size());
        // SyncStep2 of the still empty card: [sync, step2, varUint8Array([0 structs, 0 deletes])]
        assertArrayEquals(bytes(0, 1, 2, 0, 0), toA.get(0));
        assertArrayEquals(awareness(state), toA.get(1));
        assertArrayEquals(awareness(state), toA.get(2));
        assertArrayEquals(update(edit), toA.get(3));
        List<byte[]> toB = b.framesAfter(1);
        assertEquals(2, toB.size());
        assertSame(toA.get(3), toB.get(0));
        assertSame(toA.get(1), toB.get(1));
    }

    @Test
    void read_only_client_cannot_change_the_card() {
        RecordingConnection editor = joined(RecordingConnection.editor("editor"));
        Client existing = new Client(1);
        room.receive(editor, update(existing.insert(0, "original")));
        drain();
        RecordingConnection viewer = joined(RecordingConnection.viewer("viewer"));
        byte[] before = cardState();
        int editorFrames = editor.frameCount();
        Client sneaky = new Client(66);
        Y.applyUpdate(sneaky.doc, Y.encodeStateAsUpdate(existing.doc));

        room.receive(viewer, concat(update(sneaky.insert(0, "vandal ")), Message.encode(
                Message.syncStep2(Y.encodeStateAsUpdate(sneaky.doc)))));
        drain();

        assertArrayEquals(before, cardState());
        assertEquals(editorFrames, editor.frameCount());
        List<byte[]> toViewer = viewer.framesAfter(1);
        assertEquals(1, toViewer.size());
        byte[] reason = "read-only: changes are not applied".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(concat(bytes(2, 0, reason.length), reason), toViewer.get(0));
        assertFalse(viewer.isClosed());
    }

    @Test
    void an_editor_made_read_only_has_its_next_update_refused_and_made_an_editor_again_writes() {
        RecordingConnection editor = joined(RecordingConnection.editor("editor"));
        Client client = new Client(1);
        room.receive(editor, update(client.insert(0, "kept")));
        await().until(() -> editor.frameCount() == 2); // SyncStep1 and its echo, once stored
        byte[] before = cardState();
        int frames = editor.frameCount();

        room.setReadOnly(editor, true);
        room.receive(editor, update(client.insert(4, " refused")));
        drain();

        assertArrayEquals(before, cardState());
        byte[] reason = "read-only: changes are not applied".getBytes(StandardCharsets.UTF_8);
        List<byte[]> refused = editor.framesAfter(frames);
        assertEquals(1, refused.size());
        assertArrayEquals(concat(bytes(2, 0, reason.length), reason), refused.getFirst());
        room.setReadOnly(editor, false);
        byte[] written = new Client(2).insert(0, "written ");
        room.receive(editor, update(written));
        await().until(() -> editor.frameCount() == frames + 2);
        assertArrayEquals(update(written), editor.frames().getLast());
        assertFalse(editor.isClosed());
    }

    @Test
    void read_only_client_answering_sync_step1_with_an_empty_update_is_not_told_off() {
        RecordingConnection viewer = joined(RecordingConnection.viewer("viewer"));

        room.receive(viewer, Message.encode(Message.syncStep2(bytes(0, 0))));
        drain();

        assertEquals(1, viewer.frameCount());
        assertFalse(viewer.isClosed());
    }

    @Test
    void read_only_client_may_read_and_its_awareness_is_relayed() {
        RecordingConnection editor = joined(RecordingConnection.editor("editor"));
        Client existing = new Client(1);
        room.receive(editor, update(existing.insert(0, "shared")));
        await().until(() -> editor.frameCount() == 2);
        RecordingConnection viewer = joined(RecordingConnection.viewer("viewer"));
        byte[] cursor = awarenessUpdate(77, 1, "{\"cursor\":3}");

        room.receive(viewer, concat(Message.encode(Message.syncStep1(bytes(0))), awareness(cursor)));
        drain();

        byte[] full = room.withDoc(doc -> Y.encodeStateAsUpdate(doc, bytes(0))).join();
        assertArrayEquals(Message.encode(Message.syncStep2(full)), viewer.framesAfter(1).get(0));
        assertArrayEquals(awareness(cursor), viewer.framesAfter(1).get(1));
        assertArrayEquals(awareness(cursor), editor.frames().getLast());
    }

    @Test
    void a_malformed_frame_closes_only_its_sender_with_4400_and_changes_nothing() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        byte[] before = cardState();
        Client client = new Client(8);
        byte[] good = update(client.insert(0, "applied?"));

        room.receive(a, concat(good, bytes(9)));
        drain();

        String reason = "malformed message: unknown message type 9 at offset " + good.length;
        assertEquals(List.of(new RecordingConnection.Close(4400, reason)), a.closes());
        assertArrayEquals(before, cardState());
        assertEquals(1, a.frameCount());
        assertEquals(1, b.frameCount());
        assertFalse(b.isClosed());
    }

    @Test
    void a_frame_with_a_malformed_update_after_a_good_one_changes_nothing() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        byte[] before = cardState();
        Client client = new Client(8);
        byte[] good = update(client.insert(0, "applied?"));

        room.receive(a, concat(good, update(bytes(1, 1, 8, 0, 0x7f))));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4400, "malformed update")), a.closes());
        assertArrayEquals(before, cardState());
        assertEquals(1, b.frameCount());
    }

    @Test
    void a_frame_with_a_malformed_awareness_update_after_a_good_one_changes_nothing() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        Client client = new Client(8);
        byte[] good = update(client.insert(0, "applied?"));
        byte[] before = cardState();

        room.receive(a, concat(awareness(awarenessUpdate(4, 1, "{}")), good,
                awareness(awarenessUpdate(5, 1, "{not json"))));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4400, "malformed awareness update")), a.closes());
        assertArrayEquals(before, cardState());
        RecordingConnection c = RecordingConnection.editor("c");
        room.join(c);
        drain();
        assertEquals(1, c.frameCount(), "no awareness state was kept");
        assertEquals(1, b.frameCount());
    }

    @Test
    void frames_held_back_by_the_rate_are_applied_as_one_merged_update_sent_once() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        Client client = new Client(8);
        List<byte[]> frames = List.of(update(client.insert(0, "ab")), update(client.insert(2, "cd")),
                update(client.insert(4, "ef")));

        room.receive(a, frames);
        drain();

        assertEquals("abcdef", room.withDoc(doc -> doc.getText("template").toString()).join());
        assertEquals(2, b.frameCount(), "SyncStep1, then one merged update");
        await().until(() -> a.frameCount() == 2);
        CardRef card = storage.storage().cards().find(KEY.workspace(), KEY.card()).orElseThrow();
        assertEquals(1, storage.storage().log().load(card).logRows(), "stored as one row");
    }

    @Test
    void awareness_states_held_back_by_the_rate_are_coalesced_the_latest_per_client_winning() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        byte[] latest = awarenessUpdate(10, 3, "{\"cursor\":3}");

        room.receive(a, List.of(awareness(awarenessUpdate(10, 1, "{\"cursor\":1}")),
                awareness(awarenessUpdate(10, 2, "{\"cursor\":2}")), awareness(latest)));
        drain();

        assertEquals(2, b.frameCount(), "SyncStep1, then one awareness change");
        assertArrayEquals(awareness(latest), b.frames().getLast());
    }

    @Test
    void a_malformed_frame_among_held_back_frames_closes_its_sender_after_applying_the_frames_before_it() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        Client client = new Client(8);
        byte[] first = update(client.insert(0, "kept"));
        byte[] second = update(client.insert(4, " too"));

        room.receive(a, List.of(first, second, update(bytes(1, 1, 8, 0, 0x7f)), update(client.insert(8, "!"))));
        drain();

        assertEquals("kept too", room.withDoc(doc -> doc.getText("template").toString()).join());
        assertEquals(List.of(new RecordingConnection.Close(4400, "malformed update")), a.closes());
        assertFalse(b.isClosed());
    }

    @Test
    void frames_of_a_connection_closed_by_the_room_are_ignored() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        room.receive(a, bytes(9));
        Client client = new Client(8);
        room.receive(a, update(client.insert(0, "late")));
        drain();

        assertEquals("", room.withDoc(doc -> doc.getText("template").toString()).join());
        assertEquals(1, a.closes().size());
    }

    @Test
    void an_update_that_would_grow_the_card_past_max_card_bytes_closes_its_sender_with_4413_naming_the_limit() {
        startWith(Limits.defaults().withMaxCardBytes(64));
        ListAppender<ILoggingEvent> log = captureLog();
        RecordingConnection a = joined(RecordingConnection.editor("conn-a"));
        RecordingConnection b = joined(RecordingConnection.editor("conn-b"));
        Client client = new Client(8);
        byte[] small = client.insert(0, "ok");
        room.receive(a, update(small));
        drain();
        long sizeAfterSmall = room.cardBytes();
        byte[] before = cardState();

        byte[] big = client.insert(2, "x".repeat(100));
        room.receive(a, update(big));
        drain();

        assertEquals(2 + small.length, sizeAfterSmall);
        assertEquals(List.of(new RecordingConnection.Close(4413, "card too big (max 64 bytes)")), a.closes());
        assertArrayEquals(before, cardState());
        assertEquals(sizeAfterSmall, room.cardBytes());
        assertEquals(2, b.frameCount());
        assertFalse(b.isClosed());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"card_size\"} 1.0"),
                metrics.scrape());
        List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, warnings.size());
        assertEquals("limit card_size exceeded: connection conn-a card acme/welcome-card: card "
                + sizeAfterSmall + " bytes + update " + big.length + " bytes > 64", warnings.get(0).getFormattedMessage());
    }

    @Test
    void a_frame_bigger_than_max_frame_bytes_closes_its_sender_with_4413_naming_the_limit() {
        startWith(Limits.defaults().withMaxFrameBytes(16));
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        Client client = new Client(8);

        room.receive(a, update(client.insert(0, "more than sixteen bytes")));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "frame too big (max 16 bytes)")), a.closes());
        assertEquals("", room.withDoc(doc -> doc.getText("template").toString()).join());
    }

    @Test
    void an_awareness_update_over_the_client_cap_closes_only_its_sender_with_4413_and_others_keep_working() {
        startWith(Limits.defaults().withMaxAwarenessClients(2));
        ListAppender<ILoggingEvent> log = captureLog();
        RecordingConnection a = joined(RecordingConnection.editor("conn-a"));
        RecordingConnection b = joined(RecordingConnection.editor("conn-b"));
        room.receive(b, awareness(awarenessUpdate(20, 1, "{\"user\":\"bob\"}")));
        drain();
        int bFrames = b.frameCount();

        room.receive(a, awareness(awarenessNulls(1, 2)));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many awareness clients")), a.closes());
        assertEquals(bFrames, b.frameCount(), "nothing relayed");
        assertFalse(b.isClosed());
        assertEquals(1, room.connectionCount());
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("promptcards_limit_exceeded_total{limit=\"awareness_clients\"} 1.0"), scrape);
        assertTrue(scrape.contains("promptcards_malformed_frames_total 0.0"), scrape);
        List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, warnings.size());
        assertEquals("limit awareness_clients exceeded: connection conn-a card acme/welcome-card: awareness"
                + " update: 1 known clients + at least 2 new > max 2", warnings.get(0).getFormattedMessage());

        // the room goes on: b renews its state, a newcomer sees it and only it, an edit is applied
        byte[] renewed = awarenessUpdate(20, 2, "{\"user\":\"bob\"}");
        room.receive(b, awareness(renewed));
        RecordingConnection c = RecordingConnection.editor("conn-c");
        room.join(c);
        room.receive(b, update(new Client(8).insert(0, "still editing")));
        drain();
        assertArrayEquals(awareness(renewed), b.frames().get(bFrames));
        assertArrayEquals(awareness(renewed), c.frames().get(1));
        assertEquals("still editing", room.withDoc(doc -> doc.getText("template").toString()).join());
    }

    @Test
    void a_frame_whose_awareness_updates_alone_exceed_the_client_cap_changes_nothing() {
        startWith(Limits.defaults().withMaxAwarenessClients(2));
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        byte[] before = cardState();

        room.receive(a, concat(update(new Client(8).insert(0, "applied?")), awareness(awarenessNulls(1, 3))));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many awareness clients")), a.closes());
        assertArrayEquals(before, cardState());
        assertEquals(1, b.frameCount());
        assertFalse(b.isClosed());
    }

    @Test
    void awareness_clients_without_a_state_for_30_seconds_are_forgotten_and_free_their_place() {
        startWith(Limits.defaults().withMaxAwarenessClients(2));
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        // two records: client 10 with a state, client 11 gone
        room.receive(a, awareness(concat(bytes(2), Arrays.copyOfRange(awarenessUpdate(10, 1, "{}"), 1, 6),
                Arrays.copyOfRange(awarenessNulls(11, 1), 1, 8))));
        drain();
        int bFrames = b.frameCount();

        clock.addAndGet(30_000);
        // the check removes client 10's state (its clock kept) and forgets client 11
        await().until(() -> b.frameCount() == bFrames + 1);
        byte[] newcomer = awarenessUpdate(12, 1, "{}");
        room.receive(b, awareness(newcomer));
        drain();

        assertFalse(b.isClosed());
        assertArrayEquals(awareness(newcomer), a.frames().getLast());
        assertArrayEquals(awareness(newcomer), b.frames().getLast());
    }

    @Test
    void awareness_is_relayed_to_everyone_and_removed_when_its_owner_leaves() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        byte[] state = awarenessUpdate(10, 1, "{\"name\":\"ada\",\"color\":\"#f00\"}");

        room.receive(a, awareness(state));
        drain();
        assertArrayEquals(awareness(state), a.frames().getLast());
        assertSame(a.frames().getLast(), b.frames().getLast());

        room.leave(a);
        drain();

        assertEquals(2, a.frameCount());
        assertEquals(3, b.frameCount());
        // client 10, clock 1 + 1, state null
        assertArrayEquals(concat(bytes(1, 8, 1, 10, 2, 4), "null".getBytes(StandardCharsets.UTF_8)),
                b.frames().getLast());
        assertEquals(1, room.connectionCount());
    }

    @Test
    void awareness_a_client_removed_itself_is_not_removed_again_on_leave() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        room.receive(a, awareness(awarenessUpdate(10, 1, "{}")));
        room.receive(a, awareness(awarenessUpdate(10, 2, "null")));
        drain();
        int framesBefore = b.frameCount();

        room.leave(a);
        drain();

        assertEquals(framesBefore, b.frameCount());
    }

    @Test
    void query_awareness_is_answered_with_every_known_state() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        byte[] first = awarenessUpdate(10, 1, "{\"n\":1}");
        byte[] second = awarenessUpdate(11, 4, "{\"n\":2}");
        room.receive(a, awareness(first));
        room.receive(b, awareness(second));
        drain();
        int aFrames = a.frameCount();

        room.receive(b, Message.encode(Message.QueryAwareness.INSTANCE));
        drain();

        byte[] both = concat(bytes(2), Arrays.copyOfRange(first, 1, first.length),
                Arrays.copyOfRange(second, 1, second.length));
        assertArrayEquals(awareness(both), b.frames().getLast());
        assertEquals(aFrames, a.frameCount());
    }

    @Test
    void query_awareness_in_an_empty_room_is_answered_with_no_states() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));

        room.receive(a, bytes(3));
        drain();

        assertArrayEquals(bytes(1, 1, 0), a.frames().getLast());
    }

    @Test
    void awareness_not_renewed_for_30_seconds_is_removed_for_everyone() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        room.receive(a, awareness(awarenessUpdate(10, 3, "{}")));
        drain();
        int bFrames = b.frameCount();

        clock.addAndGet(30_000);

        await().until(() -> b.frameCount() == bFrames + 1);
        assertArrayEquals(concat(bytes(1, 8, 1, 10, 4, 4), "null".getBytes(StandardCharsets.UTF_8)),
                b.frames().getLast());
        assertSame(b.frames().getLast(), a.frames().getLast());
    }

    @Test
    void a_failing_task_closes_only_its_connection_with_1011_and_the_room_goes_on() {
        RecordingConnection broken = joined(RecordingConnection.editor("broken"));
        RecordingConnection b = joined(RecordingConnection.editor("b"));
        room.receive(broken, awareness(awarenessUpdate(10, 1, "{}")));
        drain();
        broken.failReadOnly();
        int bFrames = b.frameCount();

        room.receive(broken, update(new Client(4).insert(0, "boom")));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(1011, "internal error")), broken.closes());
        // its awareness state was removed as on leave
        assertEquals(bFrames + 1, b.frameCount());
        byte[] edit = new Client(5).insert(0, "still working");
        room.receive(b, update(edit));
        await().until(() -> b.frameCount() == bFrames + 2);
        assertArrayEquals(update(edit), b.frames().getLast());
        assertTrue(metrics.scrape().contains("promptcards_internal_errors_total 1.0"), metrics.scrape());
    }

    @Test
    void a_connection_that_cannot_be_sent_to_is_closed_with_1011_and_others_still_receive() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        RecordingConnection broken = joined(RecordingConnection.editor("broken"));
        broken.failSends();
        byte[] edit = new Client(5).insert(0, "x");

        room.receive(a, update(edit));
        await().until(broken::isClosed);
        await().until(() -> a.frameCount() == 2);

        assertArrayEquals(update(edit), a.frames().getLast());
        assertEquals(List.of(new RecordingConnection.Close(1011, "internal error")), broken.closes());
        assertEquals(1, room.connectionCount());
    }

    @Test
    void messages_and_bytes_are_counted() {
        RecordingConnection a = joined(RecordingConnection.editor("a"));
        joined(RecordingConnection.editor("b"));
        byte[] frame = update(new Client(5).insert(0, "x"));

        room.receive(a, frame);
        await().until(() -> a.frameCount() == 2);

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("promptcards_messages_in_total 1.0"), scrape);
        assertTrue(scrape.contains("promptcards_bytes_in_total " + (double) frame.length), scrape);
        // two handshakes, then the update to both
        assertTrue(scrape.contains("promptcards_messages_out_total 4.0"), scrape);
        assertTrue(scrape.contains("promptcards_updates_applied_total 1.0"), scrape);
        assertTrue(scrape.contains("promptcards_rooms 1.0"), scrape);
    }

    private ListAppender<ILoggingEvent> captureLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(ServerMetrics.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        capturedLog = appender;
        return appender;
    }
}
