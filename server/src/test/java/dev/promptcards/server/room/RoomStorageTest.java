package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.card.CardKey;
import static dev.promptcards.server.room.Frames.awareness;
import static dev.promptcards.server.room.Frames.edit;
import static dev.promptcards.server.room.Frames.awarenessUpdate;
import static dev.promptcards.server.room.Frames.update;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.persistence.CardCorruptedException;
import dev.promptcards.persistence.CardInfo;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.SpillDirectory;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Rooms on a real PostgreSQL: cards loaded before they are served, created by their first editor,
 * every update appended and echoed to its sender only once stored, failures of the storage, unload
 * and shutdown waiting for the appends. Appends are held back by a lock another connection takes
 * on the log table (the storage's own INSERT waits for it), and made to fail by a constraint.
 */
class RoomStorageTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("acme", "stored-card");
    private static final CardKey OTHER = new CardKey("acme", "other-card");
    private static final Duration QUIET = Duration.ofMillis(300);

    private final ServerMetrics metrics = new ServerMetrics();
    /** Closed after each test, last opened first. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    private TestStorage storage() {
        return storage(UpdateLogSettings.defaults());
    }

    private TestStorage storage(UpdateLogSettings settings) {
        TestStorage storage = TestStorage.open(DB, settings);
        opened.push(storage);
        return storage;
    }

    private RoomRegistry rooms(TestStorage storage) {
        return rooms(storage, Limits.defaults());
    }

    private RoomRegistry rooms(TestStorage storage, Limits limits) {
        RoomRegistry rooms = new RoomRegistry(limits, metrics, storage.storage(), System::currentTimeMillis,
                Duration.ofMillis(20));
        opened.push(rooms);
        return rooms;
    }

    private static RecordingConnection joined(Room room, RecordingConnection connection) {
        room.join(connection);
        await().until(() -> connection.frameCount() == 1);
        return connection;
    }

    private static String text(Room room) {
        return room.withDoc(doc -> doc.getText("template").toString()).join();
    }

    /** A table lock held by a transaction of its own until closed (rolled back). */
    private static AutoCloseable lock(TestStorage storage, String lockStatement) throws SQLException {
        Connection connection = storage.database().dataSource().getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(lockStatement);
        }
        return () -> {
            connection.rollback();
            connection.close();
        };
    }

    /** Holds back every append: INSERT needs ROW EXCLUSIVE, which SHARE mode excludes. */
    private static AutoCloseable holdAppends(TestStorage storage) throws SQLException {
        return lock(storage, "lock table card_updates in share mode");
    }

    /** Makes every append fail until the constraint is dropped (at the latest after the test). */
    private void refuseAppends(TestStorage storage) {
        storage.execute("alter table card_updates add constraint refuse_all check (false) not valid");
        opened.push(() -> storage.execute("alter table card_updates drop constraint if exists refuse_all"));
    }

    private ListAppender<ILoggingEvent> captureRoomLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(Room.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        opened.push(() -> logger.detachAppender(appender));
        return appender;
    }

    @Test
    void the_sender_gets_its_update_back_only_once_stored_and_everything_else_at_once() throws Exception {
        TestStorage storage = storage();
        Room room = rooms(storage).acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        RecordingConnection b = joined(room, RecordingConnection.editor("b"));
        byte[] edit = edit(5, "durable");
        byte[] cursor = awarenessUpdate(9, 1, "{\"cursor\":1}");

        try (AutoCloseable held = holdAppends(storage)) {
            room.receive(a, update(edit));
            await().until(() -> b.frameCount() == 2);
            room.receive(b, awareness(cursor));
            await().until(() -> b.frameCount() == 3);

            // the sender gets what came after its update at once, but not its echo while it is not stored
            await().until(() -> a.frameCount() == 2);
            assertArrayEquals(awareness(cursor), a.frames().get(1));
            await().during(QUIET).atMost(Duration.ofSeconds(5)).until(() -> a.frameCount() == 2);
            assertEquals(0, storage.count("select count(*) from card_updates"));
        }

        await().until(() -> a.frameCount() == 3);
        assertArrayEquals(update(edit), b.frames().get(1));
        assertSame(b.frames().get(1), a.frames().get(2));
        assertEquals(1, storage.count("select count(*) from card_updates"));
        assertEquals(List.of(), a.closes());
    }

    @Test
    void a_sender_whose_echoes_wait_past_the_outbound_bound_is_closed_with_1013_and_the_others_stay() throws Exception {
        TestStorage storage = storage();
        byte[] first = edit(5, "one");
        byte[] second = edit(6, "two");
        // one held echo fits, two do not
        Room room = rooms(storage, Limits.defaults().withMaxOutboundBytes(update(first).length + 1)).acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        RecordingConnection b = joined(room, RecordingConnection.editor("b"));

        try (AutoCloseable held = holdAppends(storage)) {
            room.receive(a, update(first));
            await().until(() -> b.frameCount() == 2);
            assertEquals(List.of(), a.closes());
            room.receive(a, update(second));
            await().until(() -> a.isClosed());
        }

        assertEquals(List.of(new RecordingConnection.Close(CloseCodes.TRY_AGAIN_LATER, Room.STORAGE_TOO_SLOW_REASON)),
                a.closes());
        await().until(() -> b.frameCount() == 3);
        assertArrayEquals(update(second), b.frames().get(2));
        assertEquals(List.of(), b.closes());
    }

    @Test
    void a_new_registry_on_the_same_database_serves_what_the_last_one_stored() {
        TestStorage storage = storage();
        RoomRegistry first = rooms(storage);
        Room room = first.acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        Doc client = new Doc(5);
        List<byte[]> updates = new ArrayList<>();
        client.onUpdate((update, origin, transaction) -> updates.add(update));
        client.getText("template").insert(0, "survives");
        client.getText("template").insert(8, " a restart");
        client.getText("template").delete(0, 1);
        updates.forEach(update -> room.receive(a, update(update)));
        await().until(() -> a.frameCount() == 1 + updates.size());
        first.close();

        try (TestStorage restarted = TestStorage.reopen(DB)) {
            RoomRegistry second = new RoomRegistry(Limits.defaults(), metrics, restarted.storage());
            try {
                Room again = second.acquire(CARD);
                // a viewer: the card exists, so it is served, and it starts from the stored state
                RecordingConnection viewer = joined(again, RecordingConnection.viewer("viewer"));

                assertEquals("urvives a restart", text(again));
                assertArrayEquals(Message.encode(Message.syncStep1(Y.encodeStateVector(client))),
                        viewer.frames().getFirst());
                assertEquals(List.of(), viewer.closes());
            } finally {
                second.close();
            }
        }
    }

    @Test
    void a_viewer_of_a_card_that_does_not_exist_is_closed_with_4404_and_nothing_is_created() {
        TestStorage storage = storage();
        RoomRegistry rooms = rooms(storage);
        Room room = rooms.acquire(CARD);
        RecordingConnection viewer = RecordingConnection.viewer("viewer");

        room.join(viewer);

        await().until(viewer::isClosed);
        assertEquals(List.of(new RecordingConnection.Close(4404, "no such card")), viewer.closes());
        assertEquals(List.of(), viewer.frames());
        assertEquals(Optional.empty(), storage.storage().cards().find("acme", "stored-card"));
        // a room of a card that does not exist goes as soon as nobody holds it, without the 30 s grace
        rooms.release(room);
        await().until(() -> rooms.roomCount() == 0);
    }

    @Test
    void the_first_editor_creates_the_card_with_the_subject_of_its_token() {
        TestStorage storage = storage();
        Room room = rooms(storage).acquire(CARD);

        joined(room, RecordingConnection.editor("a"));
        RecordingConnection viewer = joined(room, RecordingConnection.viewer("viewer"));

        List<CardInfo> cards = storage.storage().cards().list("acme");
        assertEquals(1, cards.size());
        assertEquals("stored-card", cards.getFirst().name());
        assertEquals("user-a", cards.getFirst().createdBy());
        assertEquals(List.of(), viewer.closes());
    }

    @Test
    void a_deleted_card_closes_viewers_and_editors_with_4404() {
        TestStorage storage = storage();
        storage.create(CARD);
        assertTrue(storage.storage().cards().softDelete("acme", "stored-card"));
        Room room = rooms(storage).acquire(CARD);
        RecordingConnection viewer = RecordingConnection.viewer("viewer");
        RecordingConnection editor = RecordingConnection.editor("editor");

        room.join(viewer);
        room.join(editor);

        await().until(() -> viewer.isClosed() && editor.isClosed());
        RecordingConnection.Close gone = new RecordingConnection.Close(4404, "no such card");
        assertEquals(List.of(gone), viewer.closes());
        assertEquals(List.of(gone), editor.closes());
        assertEquals(List.of(), storage.storage().cards().list("acme"));
    }

    @Test
    void a_corrupted_card_closes_its_connections_with_1011_writes_nothing_and_other_cards_work() {
        TestStorage storage = storage();
        CardRef corrupted = storage.create(CARD);
        storage.execute("insert into card_updates (card, data) values (" + corrupted.id()
                + ", '\\xdeadbeef'::bytea)");
        ListAppender<ILoggingEvent> log = captureRoomLog();
        RoomRegistry rooms = rooms(storage);
        Room broken = rooms.acquire(CARD);
        RecordingConnection editor = RecordingConnection.editor("editor");
        RecordingConnection viewer = RecordingConnection.viewer("viewer");

        broken.join(editor);
        broken.join(viewer);

        await().until(() -> editor.isClosed() && viewer.isClosed());
        RecordingConnection.Close cannotLoad = new RecordingConnection.Close(1011, "card cannot be loaded");
        assertEquals(List.of(cannotLoad), editor.closes());
        assertEquals(List.of(cannotLoad), viewer.closes());
        assertEquals(List.of(), editor.frames());
        broken.receive(editor, update(edit(5, "never stored")));
        Room fine = rooms.acquire(OTHER);
        RecordingConnection other = joined(fine, RecordingConnection.editor("other"));
        fine.receive(other, update(edit(6, "fine")));
        await().until(() -> other.frameCount() == 2);

        assertEquals("fine", text(fine));
        assertEquals(1, storage.count("select count(*) from card_updates where card = " + corrupted.id()));
        assertEquals(0, storage.count("select count(*) from card_snapshots"));
        ILoggingEvent error = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow();
        assertTrue(error.getFormattedMessage().startsWith("card acme/stored-card cannot be loaded, it is corrupted"),
                error.getFormattedMessage());
        assertInstanceOf(CardCorruptedException.class, ((ThrowableProxy) error.getThrowableProxy()).getThrowable());
        assertTrue(metrics.scrape().contains("promptcards_storage_failures_total{operation=\"load\"} 1.0"),
                metrics.scrape());
    }

    @Test
    void an_update_the_database_refuses_is_kept_nobody_is_closed_and_its_echo_comes_once_the_card_is_stored() {
        TestStorage storage = storage();
        RoomRegistry rooms = rooms(storage);
        Room room = rooms.acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        RecordingConnection b = joined(room, RecordingConnection.editor("b"));
        refuseAppends(storage);

        room.receive(a, update(edit(5, "kept in memory")));
        await().until(room::hasUnstoredChanges);
        room.receive(a, update(edit(6, "and this ")));

        await().until(() -> b.frameCount() == 3);
        assertEquals("kept in memoryand this ", text(room));
        await().during(QUIET).atMost(QUIET.multipliedBy(4)).until(() -> a.frameCount() == 1);
        assertFalse(a.isClosed());
        assertEquals(0, storage.count("select count(*) from card_updates"));
        assertTrue(metrics.scrape().contains("promptcards_storage_backlog_updates 2.0"), metrics.scrape());

        storage.execute("alter table card_updates drop constraint refuse_all");

        // the room appends its whole state (at its next awareness check, every 20 ms here); then both echoes
        await().until(() -> a.frameCount() == 3);
        assertArrayEquals(update(edit(5, "kept in memory")), a.frames().get(1));
        assertArrayEquals(update(edit(6, "and this ")), a.frames().get(2));
        assertFalse(a.isClosed());
        assertTrue(rooms.storageHealth().available(), "a constraint refusing rows is no database away");
        assertTrue(metrics.scrape().contains("promptcards_storage_backlog_updates 0.0"), metrics.scrape());
        rooms.close();
        RoomRegistry restarted = rooms(storage);
        assertEquals("kept in memoryand this ", text(restarted.acquire(CARD)));
    }

    @Test
    void past_max_unstored_bytes_the_writer_is_closed_with_1013_and_its_update_not_applied() {
        TestStorage storage = storage();
        RoomRegistry rooms = rooms(storage, Limits.defaults().withMaxUnstoredBytes(40));
        Room room = rooms.acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        RecordingConnection b = joined(room, RecordingConnection.editor("b"));
        refuseAppends(storage);
        room.receive(a, update(edit(5, "kept")));
        await().until(() -> room.hasUnstoredChanges());

        room.receive(a, update(edit(6, "one update too many for the backlog")));

        await().until(a::isClosed);
        assertEquals(List.of(new RecordingConnection.Close(1013, Room.STORAGE_UNAVAILABLE_REASON)), a.closes());
        assertEquals("kept", text(room));
        assertFalse(b.isClosed());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"storage_backlog\"} 1.0"),
                metrics.scrape());
        storage.execute("alter table card_updates drop constraint refuse_all");
    }

    @Test
    void a_room_closed_while_the_database_refuses_spills_its_card_and_the_spill_is_stored_at_the_next_start(
            @TempDir Path spillDir) {
        TestStorage storage = storage();
        SpillDirectory spill = new SpillDirectory(spillDir);
        RoomRegistry rooms = new RoomRegistry(Limits.defaults(), metrics, storage.storage(),
                System::currentTimeMillis, Duration.ofMillis(20), spill);
        opened.push(rooms);
        Room room = rooms.acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        refuseAppends(storage);
        room.receive(a, update(edit(5, "spilled")));
        await().until(() -> room.hasUnstoredChanges());

        rooms.close();

        assertEquals(0, rooms.lostCards());
        assertEquals(1, spill.files().size());
        storage.execute("alter table card_updates drop constraint refuse_all");
        assertEquals(1, spill.replay(storage.storage()).size());
        assertEquals(List.of(), spill.files());
        RoomRegistry restarted = rooms(storage);
        assertEquals("spilled", text(restarted.acquire(CARD)));
    }

    @Test
    void closing_the_rooms_waits_for_their_appends() throws Exception {
        TestStorage storage = storage();
        RoomRegistry rooms = rooms(storage);
        Room room = rooms.acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        CompletableFuture<Void> closing;

        try (AutoCloseable held = holdAppends(storage)) {
            room.receive(a, update(edit(5, "last words")));
            assertEquals("last words", text(room));
            closing = CompletableFuture.runAsync(rooms::close);

            await().until(a::isClosed);
            await().during(QUIET).atMost(Duration.ofSeconds(5)).until(() -> !closing.isDone());
        }

        closing.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(new RecordingConnection.Close(1001, "server shutting down")), a.closes());
        assertEquals(1, storage.count("select count(*) from card_updates"));
        assertEquals("last words", text(rooms(storage).acquire(CARD)));
    }

    @Test
    void a_card_unloaded_while_its_appends_run_is_loaded_again_only_after_them() throws Exception {
        TestStorage storage = storage();
        RoomRegistry rooms = rooms(storage, Limits.defaults().withRoomUnloadGrace(Duration.ofMillis(50)));
        Room room = rooms.acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        RecordingConnection b = RecordingConnection.editor("b");
        Room again;

        try (AutoCloseable held = holdAppends(storage)) {
            room.receive(a, update(edit(5, "written while unloading")));
            assertEquals("written while unloading", text(room));
            room.leave(a);
            rooms.release(room);
            await().until(() -> rooms.roomCount() == 0);
            assertEquals(1, rooms.unloadingCount());

            again = rooms.acquire(CARD);
            again.join(b);

            await().during(QUIET).atMost(Duration.ofSeconds(5)).until(() -> b.frameCount() == 0);
        }

        await().until(() -> b.frameCount() == 1);
        assertNotSame(room, again);
        assertEquals("written while unloading", text(again));
        await().until(() -> rooms.unloadingCount() == 0);
    }

    @Test
    void a_card_that_is_loading_holds_up_only_its_own_connections() throws Exception {
        TestStorage storage = TestStorage.open(DB, UpdateLogSettings.defaults(), 24);
        opened.push(storage);
        RoomRegistry rooms = rooms(storage);
        Room ready = rooms.acquire(OTHER);
        RecordingConnection busy = joined(ready, RecordingConnection.editor("busy"));
        // more cards loading at once than the rooms' pool has threads
        int loading = 2 * Math.max(2, Runtime.getRuntime().availableProcessors()) + 1;
        List<RecordingConnection> waiting = new ArrayList<>();

        try (AutoCloseable held = lock(storage, "lock table card_snapshots in access exclusive mode")) {
            for (int i = 0; i < loading; i++) {
                CardKey key = new CardKey("acme", "slow-" + i);
                storage.create(key);
                RecordingConnection connection = RecordingConnection.editor("slow-" + i);
                rooms.acquire(key).join(connection);
                waiting.add(connection);
            }
            ready.receive(busy, update(edit(5, "still served")));

            await().until(() -> busy.frameCount() == 2);
            assertEquals("still served", text(ready));
            assertTrue(waiting.stream().allMatch(c -> c.frameCount() == 0));
        }

        await().until(() -> waiting.stream().allMatch(c -> c.frameCount() == 1));
        assertTrue(waiting.stream().noneMatch(RecordingConnection::isClosed));
    }

    @Test
    void the_log_of_a_card_is_compacted_once_it_passes_the_threshold() {
        TestStorage storage = storage(UpdateLogSettings.defaults().withCompactAfterRows(5));
        RoomRegistry rooms = rooms(storage);
        Room room = rooms.acquire(CARD);
        RecordingConnection a = joined(room, RecordingConnection.editor("a"));
        Doc client = new Doc(5);
        client.onUpdate((update, origin, transaction) -> room.receive(a, update(update)));

        for (int i = 0; i < 12; i++) {
            client.getText("template").insert(i, Integer.toString(i % 10));
        }

        await().until(() -> a.frameCount() == 13);
        // folded into one snapshot (a compaction deletes the rows it merged and the older snapshots)
        await().until(() -> storage.count("select count(*) from card_snapshots") == 1
                && storage.count("select count(*) from card_updates") < 12);
        assertEquals(List.of(), a.closes());
        rooms.close();
        assertEquals("012345678901", text(rooms(storage).acquire(CARD)));
    }
}
