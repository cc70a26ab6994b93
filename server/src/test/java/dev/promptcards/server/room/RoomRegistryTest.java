package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import static dev.promptcards.server.room.Frames.update;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.persistence.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoomRegistryTest {

    private static final CardKey CARD = new CardKey("acme", "card-1");
    private static final CardKey OTHER = new CardKey("acme", "card-2");
    private static final CardKey THIRD = new CardKey("acme", "card-3");

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final ServerMetrics metrics = new ServerMetrics();
    private final TestStorage storage = TestStorage.open(DB);
    private RoomRegistry registry;

    private RoomRegistry registry(Limits limits) {
        registry = new RoomRegistry(limits, metrics, storage.storage(), System::currentTimeMillis,
                Duration.ofMillis(20));
        return registry;
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        storage.close();
    }

    private static String text(Room room) {
        return room.withDoc(doc -> doc.getText("template").toString()).join();
    }

    private static byte[] edit(String text) {
        Doc client = new Doc(3);
        List<byte[]> updates = new ArrayList<>();
        client.onUpdate((u, origin, transaction) -> updates.add(u));
        client.getText("template").insert(0, text);
        return updates.getFirst();
    }

    @Test
    void the_same_card_gets_the_same_room_and_another_card_another() {
        RoomRegistry rooms = registry(Limits.defaults());

        Room first = rooms.acquire(CARD);

        assertSame(first, rooms.acquire(CARD));
        assertNotSame(first, rooms.acquire(OTHER));
        assertEquals(CARD, first.key());
        assertEquals(2, rooms.roomCount());
    }

    @Test
    void a_room_without_connections_is_unloaded_after_the_grace_period() {
        RoomRegistry rooms = registry(Limits.defaults().withRoomUnloadGrace(Duration.ofMillis(100)));
        Room room = rooms.acquire(CARD);
        RecordingConnection a = RecordingConnection.editor("a");
        room.join(a);
        // the editor created the card: a card still missing would be unloaded before the update is handled
        await().until(() -> a.frameCount() >= 1);
        room.receive(a, update(edit("gone soon")));
        room.leave(a);
        rooms.release(room);

        await().atMost(Duration.ofSeconds(5)).until(() -> rooms.roomCount() == 0);

        assertFalse(room.awarenessCheckScheduled());
        Room fresh = rooms.acquire(CARD);
        assertNotSame(room, fresh);
        // loaded again from the storage
        assertEquals("gone soon", text(fresh));
        assertTrue(metrics.scrape().contains("promptcards_rooms 1.0"), metrics.scrape());
        assertTrue(metrics.scrape().contains("promptcards_rooms_loaded_total 2.0"), metrics.scrape());
    }

    @Test
    void joining_again_within_the_grace_period_cancels_the_unload() {
        RoomRegistry rooms = registry(Limits.defaults().withRoomUnloadGrace(Duration.ofMillis(200)));
        Room room = rooms.acquire(CARD);
        RecordingConnection a = RecordingConnection.editor("a");
        room.join(a);
        // the editor created the card: a card still missing would be unloaded without grace
        await().until(() -> a.frameCount() >= 1);
        room.receive(a, update(edit("kept")));
        room.leave(a);
        rooms.release(room);

        Room again = rooms.acquire(CARD);

        assertSame(room, again);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> rooms.roomCount() == 1);
        assertEquals("kept", text(again));
        assertTrue(again.awarenessCheckScheduled());
    }

    @Test
    void a_room_held_by_two_connections_stays_until_both_release_it() {
        RoomRegistry rooms = registry(Limits.defaults().withRoomUnloadGrace(Duration.ZERO));
        Room room = rooms.acquire(CARD);
        rooms.acquire(CARD);

        rooms.release(room);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> rooms.roomCount() == 1);
        rooms.release(room);

        await().atMost(Duration.ofSeconds(5)).until(() -> rooms.roomCount() == 0);
    }

    @Test
    void releasing_a_room_more_often_than_acquired_is_refused() {
        RoomRegistry rooms = registry(Limits.defaults());
        Room room = rooms.acquire(CARD);
        rooms.release(room);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rooms.release(room));

        assertEquals("room acme/card-1 is not held", e.getMessage());
    }

    @Test
    void the_room_cap_refuses_a_new_card_with_1013() {
        RoomRegistry rooms = registry(Limits.defaults().withMaxRooms(2));
        Room first = rooms.acquire(CARD, "c1");
        rooms.acquire(OTHER, "c2");

        RoomCapacityException e = assertThrows(RoomCapacityException.class, () -> rooms.acquire(THIRD, "c3"));

        assertEquals(1013, e.closeCode());
        assertEquals("too many rooms", e.reason());
        assertEquals(THIRD, e.key());
        assertEquals(2, rooms.roomCount());
        assertSame(first, rooms.acquire(CARD, "c4"));
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"rooms\"} 1.0"),
                metrics.scrape());
    }

    @Test
    void a_workspace_at_its_quota_of_cards_is_refused_with_1013_while_another_still_loads() {
        RoomRegistry rooms = registry(Limits.defaults().withQuotas(new WorkspaceQuotas(100, 2)));
        Room first = rooms.acquire(CARD, "c1");
        rooms.acquire(OTHER, "c2");

        RoomCapacityException e = assertThrows(RoomCapacityException.class, () -> rooms.acquire(THIRD, "c3"));

        assertEquals(1013, e.closeCode());
        assertEquals("too many cards loaded for workspace acme", e.reason());
        assertEquals(THIRD, e.key());
        assertSame(first, rooms.acquire(CARD, "c4"));
        CardKey elsewhere = new CardKey("beta", "card-1");
        assertEquals(elsewhere, rooms.acquire(elsewhere, "c5").key());
        assertEquals(3, rooms.roomCount());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"workspace_rooms\"} 1.0"),
                metrics.scrape());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"rooms\"} 0.0"),
                metrics.scrape());
    }

    @Test
    void at_its_quota_a_workspace_makes_way_with_its_own_idle_card_not_another_workspace_s() {
        CardKey othersKey = new CardKey("beta", "idle");
        for (CardKey key : List.of(CARD, OTHER, othersKey)) {
            storage.create(key); // existing cards wait out their grace when released
        }
        RoomRegistry rooms = registry(Limits.defaults().withQuotas(new WorkspaceQuotas(100, 2)));
        Room othersIdle = rooms.acquire(othersKey);
        rooms.release(othersIdle);
        rooms.acquire(CARD);
        Room idle = rooms.acquire(OTHER);
        rooms.release(idle);

        Room third = rooms.acquire(THIRD);

        assertEquals(THIRD, third.key());
        assertFalse(idle.awarenessCheckScheduled());
        assertTrue(othersIdle.awarenessCheckScheduled());
        assertEquals(3, rooms.roomCount());
    }

    @Test
    void at_the_room_cap_a_room_nobody_holds_makes_way_at_once() {
        RoomRegistry rooms = registry(Limits.defaults().withMaxRooms(2));
        rooms.acquire(CARD);
        Room idle = rooms.acquire(OTHER);
        rooms.release(idle);

        Room third = rooms.acquire(THIRD);

        assertEquals(THIRD, third.key());
        assertEquals(2, rooms.roomCount());
        assertFalse(idle.awarenessCheckScheduled());
    }

    @Test
    void close_closes_every_connection_with_1001_and_drains_the_rooms() {
        storage.create(OTHER);
        RoomRegistry rooms = registry(Limits.defaults());
        Room one = rooms.acquire(CARD);
        Room two = rooms.acquire(OTHER);
        RecordingConnection a = RecordingConnection.editor("a");
        RecordingConnection b = RecordingConnection.editor("b");
        RecordingConnection c = RecordingConnection.viewer("c");
        one.join(a);
        one.join(b);
        two.join(c);
        for (int i = 0; i < 100; i++) {
            one.receive(a, update(edit("edit " + i)));
        }

        rooms.close();

        RecordingConnection.Close shutdown = new RecordingConnection.Close(1001, "server shutting down");
        assertEquals(List.of(shutdown), a.closes());
        assertEquals(List.of(shutdown), b.closes());
        assertEquals(List.of(shutdown), c.closes());
        assertEquals(0, rooms.roomCount());
        assertFalse(one.awarenessCheckScheduled());
        assertThrows(IllegalStateException.class, () -> rooms.acquire(CARD));
        RecordingConnection late = RecordingConnection.editor("late");
        one.join(late);
        assertEquals(List.of(shutdown), late.closes());
        rooms.release(one);
        rooms.close();
    }

    @Test
    void rooms_run_on_the_lent_threads_and_closing_the_registry_leaves_them_running() throws Exception {
        ExecutorService lent = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("lent-loop").factory());
        try {
            registry = new RoomRegistry(Limits.defaults(), metrics, storage.storage(), () -> lent);
            Room room = registry.acquire(CARD);
            room.join(RecordingConnection.editor("a")); // creates the card

            String thread = room.withDoc(doc -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
            registry.close();

            assertEquals("lent-loop", thread);
            assertFalse(lent.isShutdown(), "the lent threads stay the caller's");
            assertEquals("still running", lent.submit(() -> "still running").get(10, TimeUnit.SECONDS));
        } finally {
            lent.shutdownNow();
        }
    }
}
