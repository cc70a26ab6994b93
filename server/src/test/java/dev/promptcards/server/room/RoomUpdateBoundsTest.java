package dev.promptcards.server.room;

import static dev.promptcards.server.room.Frames.update;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The room enforces {@link UpdateBounds} (pending data, client ids) and applies heavy updates off its thread. */
class RoomUpdateBoundsTest {

    private static final CardKey KEY = new CardKey("acme", "bounded-card");

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ServerMetrics metrics = new ServerMetrics();
    private TestStorage storage;
    private RoomRegistry registry;
    private Room room;

    private CardRef ref;

    @BeforeEach
    void start() {
        storage = TestStorage.open(DB);
        ref = storage.create(KEY);
    }

    private void startWith(UpdateBounds bounds) {
        startWith(Limits.defaults().withUpdates(bounds));
    }

    private void startWith(Limits limits) {
        registry = new RoomRegistry(limits, metrics, storage.storage(), clock::get, Duration.ofMillis(20));
        room = registry.acquire(KEY);
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        storage.close();
    }

    private void drain() {
        room.withDoc(doc -> null).join();
    }

    private String text() {
        return room.withDoc(doc -> doc.getText("template").toString()).join();
    }

    private byte[] cardState() {
        return room.withDoc(Y::encodeStateAsUpdate).join();
    }

    private RecordingConnection joined(String id) {
        RecordingConnection connection = RecordingConnection.editor(id);
        room.join(connection);
        await().until(() -> connection.frameCount() > 0);
        return connection;
    }

    /** The updates of client {@code id} typing {@code first}, then {@code second} after it. */
    private static List<byte[]> typed(long id, String first, String second) {
        Doc doc = new Doc(id);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("template").insert(0, first);
        doc.getText("template").insert(first.length(), second);
        return updates;
    }

    /** One update in which each of {@code count} clients from {@code first} on inserts a letter at the start. */
    private static byte[] manyClients(long first, int count) {
        List<byte[]> updates = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            Doc doc = new Doc(id);
            doc.getText("template").insert(0, "a");
            updates.add(Y.encodeStateAsUpdate(doc));
        }
        return Y.mergeUpdates(updates);
    }

    private boolean counted(String metric) {
        return metrics.scrape().contains(metric);
    }

    @Test
    void updates_whose_predecessors_never_arrive_past_max_pending_bytes_are_dropped_and_close_the_sender_with_4413() {
        startWith(new UpdateBounds(64, 1_000, 100_000, UpdateBounds.DEFAULT_MAX_UPDATE_STRUCTS));
        RecordingConnection attacker = joined("attacker");
        RecordingConnection bystander = joined("bystander");
        byte[] before = cardState();
        byte[] later = typed(7, "a", "x".repeat(100)).get(1);

        room.receive(attacker, update(later));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "pending updates too large")), attacker.closes());
        assertEquals(0L, room.withDoc(Doc::pendingBytes).join());
        assertArrayEquals(before, cardState());
        assertEquals(before.length, room.cardBytes());
        assertFalse(bystander.isClosed());
        assertTrue(counted("promptcards_limit_exceeded_total{limit=\"pending_bytes\"} 1.0"), metrics.scrape());
    }

    @Test
    void deletions_for_clients_the_card_never_saw_past_max_pending_bytes_close_the_sender_with_4413() {
        startWith(new UpdateBounds(64, 1_000, 100_000, UpdateBounds.DEFAULT_MAX_UPDATE_STRUCTS));
        RecordingConnection attacker = joined("attacker");
        Doc forger = new Doc(9);
        forger.getText("template").insert(0, "abcdefghijklmnopqrstuvwxyz".repeat(4));
        List<byte[]> deletions = new ArrayList<>();
        forger.onUpdate((update, origin, transaction) -> deletions.add(update));
        // every other letter: one delete range each
        forger.transact(t -> {
            for (int i = 0; i < 50; i++) {
                forger.getText("template").delete(i, 1);
            }
        });

        room.receive(attacker, update(deletions.getFirst()));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "pending updates too large")), attacker.closes());
        assertEquals(0L, room.withDoc(Doc::pendingBytes).join());
    }

    @Test
    void pending_data_under_the_bound_counts_in_the_card_size_and_is_applied_once_its_predecessor_arrives() {
        startWith(UpdateBounds.defaults());
        RecordingConnection writer = joined("writer");
        List<byte[]> updates = typed(7, "a", "bc");
        long empty = room.cardBytes();

        room.receive(writer, update(updates.get(1)));
        drain();
        long pending = room.withDoc(Doc::pendingBytes).join();

        assertEquals(updates.get(1).length, pending);
        assertEquals(empty + pending, room.cardBytes());
        room.receive(writer, update(updates.get(0)));
        drain();
        assertEquals("abc", text());
        assertEquals(0L, room.withDoc(Doc::pendingBytes).join());
        assertFalse(writer.isClosed());
    }

    @Test
    void a_stored_state_holding_pending_data_counts_it_once_when_loaded() {
        List<byte[]> updates = typed(7, "a", "bc");
        // what a whole-state append after an outage stores: the card with what it keeps pending
        Doc stored = new Doc(1);
        stored.getText("template").insert(0, "x");
        Y.applyUpdate(stored, updates.get(1));
        storage.storage().log().append(ref, Y.encodeStateAsUpdate(stored)).join();
        startWith(UpdateBounds.defaults());
        drain();

        long pending = room.withDoc(Doc::pendingBytes).join();
        assertEquals(updates.get(1).length, pending);
        assertEquals(Y.encodeStateAsUpdate(stored).length, room.cardBytes());
        assertEquals("x", text());
    }

    @Test
    void an_update_with_more_client_ids_than_max_update_clients_closes_its_sender_with_4413_and_changes_nothing() {
        startWith(new UpdateBounds(1024 * 1024, 2, 100_000, UpdateBounds.DEFAULT_MAX_UPDATE_STRUCTS));
        RecordingConnection attacker = joined("attacker");
        byte[] before = cardState();

        room.receive(attacker, update(manyClients(100, 3)));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many client ids in one update")),
                attacker.closes());
        assertArrayEquals(before, cardState());
        assertTrue(counted("promptcards_limit_exceeded_total{limit=\"update_clients\"} 1.0"), metrics.scrape());
    }

    @Test
    void an_update_taking_the_card_past_max_card_clients_closes_its_sender_with_4413_and_changes_nothing() {
        startWith(new UpdateBounds(1024 * 1024, 10, 3, UpdateBounds.DEFAULT_MAX_UPDATE_STRUCTS));
        RecordingConnection writer = joined("writer");
        room.receive(writer, update(manyClients(100, 2)));
        drain();
        byte[] before = cardState();

        RecordingConnection attacker = joined("attacker");
        room.receive(attacker, update(manyClients(200, 2)));
        drain();

        assertFalse(writer.isClosed());
        assertEquals(List.of(new RecordingConnection.Close(4413, "too many client ids in the card")),
                attacker.closes());
        assertArrayEquals(before, cardState());
        assertEquals(2, room.withDoc(Doc::clientCount).join());
        assertTrue(counted("promptcards_limit_exceeded_total{limit=\"card_clients\"} 1.0"), metrics.scrape());
    }

    /** One client's update of {@code structs} structs: letters each typed at the start, none mergeable. */
    private static byte[] structs(long client, int structs) {
        Doc doc = new Doc(client);
        for (int i = 0; i < structs; i++) {
            doc.getText("template").insert(0, "s");
        }
        byte[] update = Y.encodeStateAsUpdate(doc);
        assertEquals(structs, Y.shapeOfUpdate(update).structs());
        return update;
    }

    @Test
    void an_update_with_as_many_structs_as_max_update_structs_is_applied() {
        startWith(UpdateBounds.defaults().withMaxUpdateStructs(40));
        RecordingConnection writer = joined("writer");

        room.receive(writer, update(structs(100, 40)));
        drain();

        assertFalse(writer.isClosed());
        assertEquals("s".repeat(40), text());
    }

    @Test
    void an_update_with_more_structs_than_max_update_structs_closes_its_sender_with_4413_and_changes_nothing() {
        startWith(UpdateBounds.defaults().withMaxUpdateStructs(40));
        RecordingConnection attacker = joined("attacker");
        RecordingConnection bystander = joined("bystander");
        byte[] before = cardState();

        room.receive(attacker, update(structs(100, 41)));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many structs in one update")),
                attacker.closes());
        assertArrayEquals(before, cardState());
        assertFalse(bystander.isClosed());
        assertTrue(counted("promptcards_limit_exceeded_total{limit=\"update_structs\"} 1.0"), metrics.scrape());
    }

    @Test
    void a_big_update_with_too_many_structs_is_refused_where_it_is_read_off_the_room_thread() {
        startWith(UpdateBounds.defaults().withMaxUpdateStructs(12_000));
        RecordingConnection attacker = joined("attacker");
        byte[] before = cardState();
        byte[] big = structs(100, 12_001);
        assertTrue(big.length > UpdateCheck.OFFLOAD_BYTES, big.length + " bytes");

        room.receive(attacker, update(big));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many structs in one update")),
                attacker.closes());
        assertArrayEquals(before, cardState());
        assertTrue(counted("promptcards_updates_offloaded_total 1.0"), metrics.scrape());
    }

    @Test
    void a_big_cards_stored_state_is_applied_off_the_room_thread_when_it_loads_and_a_small_ones_on_it() {
        startWith(Limits.defaults().withRoomUnloadGrace(Duration.ZERO));
        RecordingConnection writer = joined("writer");
        Doc paste = new Doc(77);
        paste.getText("template").insert(0, "p".repeat(100_000));
        room.receive(writer, update(Y.encodeStateAsUpdate(paste)));
        await().until(() -> !room.hasUnstoredChanges() && text().length() == 100_000);
        // the paste itself, over 64 KiB
        assertTrue(counted("promptcards_updates_offloaded_total 1.0"), metrics.scrape());
        room.leave(writer);
        registry.release(room);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.roomCount() == 0);

        room = registry.acquire(KEY);
        RecordingConnection reader = joined("reader");

        assertEquals("p".repeat(100_000), text());
        assertTrue(counted("promptcards_updates_offloaded_total 2.0"), metrics.scrape());
        // a small state is applied where it always was
        room.leave(reader);
        registry.release(room);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.roomCount() == 0);
        CardKey small = new CardKey("acme", "small-card");
        storage.create(small);
        Room other = registry.acquire(small);
        other.withDoc(doc -> null).join();
        assertTrue(counted("promptcards_updates_offloaded_total 2.0"), metrics.scrape());
        registry.release(other);
    }

    @Test
    void a_heavy_update_is_applied_off_the_room_thread_and_what_follows_it_waits_for_it() {
        startWith(UpdateBounds.defaults());
        RecordingConnection writer = joined("writer");
        RecordingConnection reader = joined("reader");
        List<String> appliedOn = new CopyOnWriteArrayList<>();
        room.withDoc(doc -> doc.onUpdate((update, origin, transaction) ->
                appliedOn.add(Thread.currentThread().getName()))).join();
        byte[] heavy = manyClients(100, UpdateCheck.OFFLOAD_CLIENTS + 1);
        List<byte[]> after = typed(5, "z", "");
        int readerFrames = reader.frameCount();

        room.receive(writer, update(heavy));
        room.receive(writer, update(after.getFirst()));
        drain();

        assertEquals(2, appliedOn.size());
        assertTrue(appliedOn.get(0).startsWith("promptcards-heavy-"), appliedOn.toString());
        assertFalse(appliedOn.get(1).startsWith("promptcards-heavy-"), appliedOn.toString());
        String text = text();
        assertEquals(UpdateCheck.OFFLOAD_CLIENTS + 2, text.length());
        assertEquals(UpdateCheck.OFFLOAD_CLIENTS + 1, text.chars().filter(c -> c == 'a').count());
        assertEquals(readerFrames + 2, reader.frameCount());
        assertFalse(writer.isClosed());
        assertTrue(counted("promptcards_updates_offloaded_total 1.0"), metrics.scrape());
    }

    @Test
    void once_an_update_of_a_card_was_slow_its_small_updates_are_applied_off_the_room_thread_too() {
        startWith(new UpdateBounds(UpdateBounds.DEFAULT_MAX_PENDING_BYTES, 5_000, 10_000,
                UpdateBounds.DEFAULT_MAX_UPDATE_STRUCTS));
        RecordingConnection writer = joined("writer");
        List<String> appliedOn = new CopyOnWriteArrayList<>();
        room.withDoc(doc -> doc.onUpdate((update, origin, transaction) ->
                appliedOn.add(Thread.currentThread().getName()))).join();
        // inserts at one position by clients above all those there: each scans the others (quadratic)
        room.receive(writer, update(manyClients(100, 2_000)));
        room.receive(writer, update(manyClients(10_000, 2_000)));
        drain();
        room.receive(writer, update(typed(5, "z", "").getFirst()));
        drain();

        assertEquals(3, appliedOn.size());
        assertTrue(appliedOn.get(2).startsWith("promptcards-heavy-"), appliedOn.toString());
        assertTrue(counted("promptcards_updates_offloaded_total 3.0"), metrics.scrape());
    }

    @Test
    void a_connection_piling_up_frames_on_a_busy_card_is_closed_with_1013_and_the_others_go_on() {
        startWith(Limits.defaults().withMaxFrameBytes(64 * 1024)
                .withUpdates(new UpdateBounds(UpdateBounds.DEFAULT_MAX_PENDING_BYTES, 5_000, 10_000,
                UpdateBounds.DEFAULT_MAX_UPDATE_STRUCTS)));
        RecordingConnection writer = joined("writer");
        RecordingConnection flooder = joined("flooder");
        // the card is busy for a while: inserts at one position by clients above all those there
        room.receive(writer, update(manyClients(100, 2_000)));
        room.receive(writer, update(manyClients(10_000, 2_000)));
        Doc paste = new Doc(77);
        paste.getText("template").insert(0, "p".repeat(60_000));
        byte[] frame = update(Y.encodeStateAsUpdate(paste));

        for (int i = 0; i < 5; i++) {
            room.receive(flooder, frame);
        }

        // four frames wait (4 x 64 KiB at most), the fifth is one too many
        assertEquals(List.of(new RecordingConnection.Close(1013, "card busy, try again later")), flooder.closes());
        room.leave(flooder);
        drain();
        assertFalse(writer.isClosed());
        assertTrue(counted("promptcards_limit_exceeded_total{limit=\"queued_bytes\"} 1.0"), metrics.scrape());
    }

    @Test
    void closing_the_registry_while_a_heavy_update_waits_for_its_thread_completes() {
        startWith(UpdateBounds.defaults());
        RecordingConnection writer = joined("writer");
        room.receive(writer, update(manyClients(100, UpdateCheck.OFFLOAD_CLIENTS + 1)));

        registry.close();

        await().atMost(Duration.ofSeconds(5)).until(writer::isClosed);
        assertEquals(new RecordingConnection.Close(1001, RoomRegistry.SHUTDOWN_REASON), writer.closes().getLast());
        registry = null;
    }
}
