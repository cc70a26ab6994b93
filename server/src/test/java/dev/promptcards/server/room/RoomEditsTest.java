package dev.promptcards.server.room;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.EditStream;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import dev.promptcards.persistence.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Server-side edits through the rooms' {@link dev.promptcards.card.edit.CardEditor}: applied on the card's
 * room, stored and sent like a client's update, a stream's edits coalesced into one update per window, the
 * card kept loaded while a stream is open.
 */
class RoomEditsTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("acme", "edited-card");

    private final ServerMetrics metrics = new ServerMetrics();
    private final TestStorage storage = TestStorage.open(DB);
    private RoomRegistry rooms;

    @AfterEach
    void stop() {
        if (rooms != null) {
            rooms.close();
        }
        storage.close();
    }

    private RoomRegistry rooms(Limits limits) {
        rooms = new RoomRegistry(limits, metrics, storage.storage(), System::currentTimeMillis, Duration.ofMillis(20));
        return rooms;
    }

    /** An editor on the card, past its SyncStep1. */
    private RecordingConnection joined() {
        RecordingConnection connection = RecordingConnection.editor("c1");
        rooms.acquire(CARD).join(connection);
        await().until(() -> connection.frameCount() == 1);
        return connection;
    }

    /** The updates a connection was sent after its first {@code skip} frames. */
    private static List<byte[]> updatesAfter(RecordingConnection connection, int skip) {
        return connection.framesAfter(skip).stream()
                .map(frame -> Message.decodeAll(frame).getFirst())
                .map(message -> assertInstanceOf(SyncMessage.Update.class,
                        assertInstanceOf(Message.Sync.class, message).message()).update())
                .toList();
    }

    private long storedUpdates() {
        return storage.count("select count(*) from card_updates");
    }

    private String template() throws Exception {
        return rooms.cardEditor().edit(CARD, Author.SERVER, doc -> doc.getText("template").toString())
                .get(10, TimeUnit.SECONDS);
    }

    private static void append(Doc doc, String text) {
        doc.getText("template").insert(doc.getText("template").length(), text);
    }

    @Test
    void a_server_side_edit_is_sent_to_every_connection_and_stored() throws Exception {
        storage.create(CARD);
        rooms(Limits.defaults());
        RecordingConnection connection = joined();

        String result = rooms.cardEditor().edit(CARD, Author.run("r-1"), doc -> {
            append(doc, "by run r-1");
            return "done";
        }).get(10, TimeUnit.SECONDS);

        assertEquals("done", result);
        await().until(() -> connection.frameCount() == 2);
        Doc replica = new Doc();
        Y.applyUpdate(replica, updatesAfter(connection, 1).getFirst());
        assertEquals("by run r-1", replica.getText("template").toString());
        await().until(() -> storedUpdates() == 1);
    }

    @Test
    void a_server_side_edit_of_a_card_that_does_not_exist_fails() {
        rooms(Limits.defaults());

        ExecutionException e = assertThrows(ExecutionException.class, () -> rooms.cardEditor()
                .edit(CARD, Author.run("r-1"), doc -> null).get(10, TimeUnit.SECONDS));

        assertEquals(new NoSuchCardException(CARD).getMessage(),
                assertInstanceOf(NoSuchCardException.class, e.getCause()).getMessage());
        assertEquals(0, storedUpdates());
    }

    @Test
    void five_hundred_streamed_edits_flushed_five_times_become_five_updates_with_the_exact_text() throws Exception {
        storage.create(CARD);
        rooms(Limits.defaults());
        RecordingConnection connection = joined();
        StringBuilder expected = new StringBuilder();

        try (EditStream stream = rooms.cardEditor().stream(CARD, Author.run("r-1"), Duration.ofHours(1))) {
            for (int i = 0; i < 500; i++) {
                String token = Integer.toString(i % 10);
                expected.append(token);
                stream.edit(doc -> append(doc, token));
                if (i % 100 == 99) {
                    stream.flush().get(10, TimeUnit.SECONDS);
                }
            }
        }

        assertEquals(expected.toString(), template());
        await().until(() -> connection.frameCount() == 6);
        assertEquals(5, updatesAfter(connection, 1).size());
        await().until(() -> storedUpdates() == 5);
    }

    @Test
    void a_stream_applies_its_edits_once_per_window_without_being_flushed() throws Exception {
        storage.create(CARD);
        rooms(Limits.defaults());
        RecordingConnection connection = joined();
        Duration window = Duration.ofMillis(250);
        StringBuilder expected = new StringBuilder();

        long started = System.nanoTime();
        EditStream stream = rooms.cardEditor().stream(CARD, Author.run("r-1"), window);
        for (int i = 0; i < 500; i++) {
            String token = Integer.toString(i % 10);
            expected.append(token);
            stream.edit(doc -> append(doc, token));
        }
        long givenMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> template().equals(expected.toString()));
        stream.close();

        // at most one update per window that began while the edits were given, plus the last one
        long windows = givenMillis / window.toMillis() + 2;
        int updates = updatesAfter(connection, 1).size();
        assertTrue(updates >= 1 && updates <= windows, updates + " updates for " + windows + " windows");
        await().until(() -> storedUpdates() == updates);
    }

    @Test
    void an_edit_that_throws_fails_its_flush_and_the_others_of_its_window_are_applied() throws Exception {
        storage.create(CARD);
        rooms(Limits.defaults());

        try (EditStream stream = rooms.cardEditor().stream(CARD, Author.run("r-1"), Duration.ofHours(1))) {
            stream.edit(doc -> append(doc, "a"));
            stream.edit(doc -> {
                throw new IllegalArgumentException("a broken edit");
            });
            stream.edit(doc -> append(doc, "b"));

            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> stream.flush().get(10, TimeUnit.SECONDS));
            assertEquals("a broken edit", assertInstanceOf(IllegalArgumentException.class, e.getCause()).getMessage());
        }
        assertEquals("ab", template());
        assertThrows(IllegalStateException.class, () -> {
            EditStream closed = rooms.cardEditor().stream(CARD, Author.run("r-2"), Duration.ZERO);
            closed.close();
            closed.edit(doc -> append(doc, "c"));
        });
    }

    @Test
    void a_card_stays_loaded_while_an_edit_stream_is_open() throws Exception {
        storage.create(CARD);
        rooms(Limits.defaults().withRoomUnloadGrace(Duration.ofMillis(1)));
        EditStream stream = rooms.cardEditor().stream(CARD, Author.run("r-1"), Duration.ofHours(1));
        RecordingConnection connection = joined();
        Room room = rooms.acquire(CARD);
        room.leave(connection);
        rooms.release(room);
        rooms.release(room);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> rooms.roomCount() == 1);
        stream.edit(doc -> append(doc, "still loaded"));
        stream.close();

        await().until(() -> rooms.roomCount() == 0);
        await().until(() -> storedUpdates() == 1);
    }
}
