package dev.promptcards.server.room;

import static dev.promptcards.server.room.Frames.awareness;
import static dev.promptcards.server.room.Frames.awarenessUpdate;
import static dev.promptcards.server.room.Frames.concat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.presence.Awareness;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.InProcessBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence in a room (node {@code a} on a bus): the byte bounds of {@link PresenceBounds}, and who owns
 * which awareness client id: the connection that announced it first, or the node that relayed it.
 */
class RoomPresenceTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("acme", "presence-card");
    private static final long MAX_CLOCK = (1L << 53) - 1;
    private static final String ADA = "{\"user\":{\"name\":\"Ada\"}}";

    private final TestStorage storage = TestStorage.open(DB);
    private final InProcessBus.Hub hub = new InProcessBus.Hub();
    private final InProcessBus nodeB = new InProcessBus(hub, "b");
    /** The awareness updates node a publishes about the card. */
    private final List<BusMessage> published = new CopyOnWriteArrayList<>();
    private final ServerMetrics metrics = new ServerMetrics();
    private RoomRegistry rooms;

    @BeforeEach
    void start() {
        new InProcessBus(hub, "observer").subscribe(CARD, message -> {
            if (message.node().equals("a") && message.kind() == BusMessage.Kind.AWARENESS) {
                published.add(message);
            }
        });
        storage.create(CARD);
        startWith(new PresenceBounds(64, 200, 2, 200));
    }

    private void startWith(PresenceBounds bounds) {
        if (rooms != null) {
            rooms.close();
        }
        rooms = new RoomRegistry(Limits.defaults().withPresence(bounds), metrics, storage.storage(),
                new InProcessBus(hub, "a"));
    }

    @AfterEach
    void stop() {
        rooms.close();
        storage.close();
    }

    private Room room() {
        return rooms.acquire(CARD);
    }

    private RecordingConnection joined(RecordingConnection connection) {
        int before = connection.frameCount();
        room().join(connection);
        await().until(() -> connection.frameCount() > before);
        return connection;
    }

    private void drain() {
        room().withDoc(doc -> null).join();
    }

    private static byte[] entries(Object... clientClockJson) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(clientClockJson.length / 3);
        for (int i = 0; i < clientClockJson.length; i += 3) {
            encoder.writeVarUint(((Number) clientClockJson[i]).longValue());
            encoder.writeVarUint(((Number) clientClockJson[i + 1]).longValue());
            encoder.writeVarString((String) clientClockJson[i + 2]);
        }
        return encoder.toByteArray();
    }

    private String scrape() {
        return metrics.scrape();
    }

    private void assertLimitCount(String limit, int count) {
        String scrape = scrape();
        assertTrue(scrape.contains("promptcards_limit_exceeded_total{limit=\"" + limit + "\"} " + count + ".0"), scrape);
    }

    @Test
    void a_state_over_the_state_bound_closes_its_sender_with_4413_and_nothing_of_its_update_is_applied() {
        RecordingConnection attacker = joined(RecordingConnection.viewer("attacker"));
        RecordingConnection editor = joined(RecordingConnection.editor("editor"));

        room().receive(attacker, awareness(entries(1, 1, "{}", 2, 1, "\"" + "x".repeat(63) + "\"")));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "awareness state too big")), attacker.closes());
        assertEquals(1, editor.frameCount(), "nothing relayed");
        assertLimitCount(LimitNames.AWARENESS_STATE_BYTES, 1);
        assertEquals(List.of(), published);
    }

    @Test
    void states_past_the_card_bound_close_the_sender_that_would_grow_them_and_the_others_keep_theirs() {
        List<RecordingConnection> editors = List.of(joined(RecordingConnection.editor("e1")),
                joined(RecordingConnection.editor("e2")), joined(RecordingConnection.editor("e3")),
                joined(RecordingConnection.editor("e4")));
        String sixty = "\"" + "x".repeat(58) + "\"";
        for (int i = 0; i < 3; i++) {
            room().receive(editors.get(i), awareness(awarenessUpdate(10 + i, 1, sixty)));
        }
        drain();

        room().receive(editors.get(3), awareness(awarenessUpdate(13, 1, sixty)));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "awareness states too big for the card")),
                editors.get(3).closes());
        assertLimitCount(LimitNames.AWARENESS_BYTES, 1);
        // the others renew theirs
        byte[] renewal = awarenessUpdate(10, 2, sixty);
        room().receive(editors.get(0), awareness(renewal));
        drain();
        assertArrayEquals(awareness(renewal), editors.get(1).frames().getLast());
        assertFalse(editors.get(0).isClosed());
    }

    @Test
    void one_subject_cannot_fill_the_card_its_connection_past_its_share_is_closed_and_others_still_join() {
        // without a share, mallory's four states of 50 bytes filled the card's 200 and ada was closed instead
        startWith(new PresenceBounds(64, 200, 2, 100));
        String fifty = "\"" + "x".repeat(48) + "\"";
        List<RecordingConnection> mallory = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mallory.add(joined(RecordingConnection.viewer("m" + i, "mallory")));
            room().receive(mallory.get(i), awareness(awarenessUpdate(20 + i, 1, fifty)));
            drain();
        }
        RecordingConnection bystander = joined(RecordingConnection.viewer("bob"));
        RecordingConnection ada = joined(RecordingConnection.editor("ada"));

        room().receive(ada, awareness(awarenessUpdate(7, 1, ADA)));
        drain();

        List<RecordingConnection.Close> refused = List.of(
                new RecordingConnection.Close(4413, "awareness states too big for one token subject"));
        assertEquals(List.of(List.of(), List.of(), refused, refused),
                mallory.stream().map(RecordingConnection::closes).toList());
        assertLimitCount(LimitNames.AWARENESS_BYTES_PER_SUBJECT, 2);
        assertEquals(List.of(), ada.closes());
        assertArrayEquals(awareness(awarenessUpdate(7, 1, ADA)), bystander.frames().getLast());
        // the join frame bob got holds mallory's two states only
        assertArrayEquals(awareness(entries(20, 1, fifty, 21, 1, fifty)), bystander.frames().get(1));
    }

    @Test
    void a_subjects_share_is_freed_by_a_leave_a_removal_and_the_timeout() {
        AtomicLong now = new AtomicLong(1_000_000);
        rooms.close();
        rooms = new RoomRegistry(Limits.defaults().withPresence(new PresenceBounds(64, 200, 2, 100)), metrics,
                storage.storage(), now::get, Duration.ofMillis(20));
        String fifty = "\"" + "x".repeat(48) + "\"";
        RecordingConnection first = joined(RecordingConnection.viewer("m0", "mallory"));
        RecordingConnection second = joined(RecordingConnection.viewer("m1", "mallory"));
        room().receive(first, awareness(entries(20, 1, fifty, 21, 1, fifty)));
        drain();

        room().leave(first);
        room().receive(second, awareness(entries(22, 1, fifty, 23, 1, fifty)));
        drain();
        room().receive(second, awareness(entries(22, 2, "null")));
        RecordingConnection third = joined(RecordingConnection.viewer("m2", "mallory"));
        room().receive(third, awareness(entries(24, 1, fifty)));
        drain();
        now.addAndGet(Awareness.OUTDATED_TIMEOUT_MILLIS);
        byte[] timedOut = awareness(entries(23, 2, "null", 24, 2, "null"));
        await().until(() -> Arrays.equals(timedOut, second.frames().getLast()));
        RecordingConnection fourth = joined(RecordingConnection.viewer("m3", "mallory"));
        room().receive(fourth, awareness(entries(26, 1, fifty, 27, 1, fifty)));
        drain();
        room().receive(third, awareness(entries(25, 1, fifty)));
        drain();

        // each step above was refused if the bytes the step before freed were still counted
        assertEquals(List.of(), second.closes());
        assertEquals(List.of(), fourth.closes());
        assertEquals(List.of(new RecordingConnection.Close(4413, "awareness states too big for one token subject")),
                third.closes(), "26 and 27 hold mallory's 100 bytes");
        assertLimitCount(LimitNames.AWARENESS_BYTES_PER_SUBJECT, 1);
    }

    @Test
    void a_viewer_cannot_overwrite_remove_or_advance_another_connections_state() {
        RecordingConnection victim = joined(RecordingConnection.editor("victim"));
        RecordingConnection viewer = joined(RecordingConnection.viewer("viewer"));
        byte[] own = awarenessUpdate(7, 3, ADA);
        room().receive(victim, awareness(own));
        drain();
        int victimFrames = victim.frameCount();

        room().receive(viewer, awareness(entries(7, 4, "{\"user\":{\"name\":\"Mallory\"}}")));
        room().receive(viewer, awareness(entries(7, 5, "null", 8, 1, "{\"cursor\":1}", 7, 9, "null")));
        drain();

        assertFalse(viewer.isClosed());
        assertFalse(victim.isClosed());
        assertEquals(victimFrames + 1, victim.frameCount(), "only the viewer's own state relayed");
        assertArrayEquals(awareness(awarenessUpdate(8, 1, "{\"cursor\":1}")), victim.frames().getLast());
        assertTrue(scrape().contains("promptcards_awareness_foreign_updates_total 3.0"), scrape());
        // the published update has only the entry applied
        await().until(() -> published.size() == 2);
        assertArrayEquals(awarenessUpdate(8, 1, "{\"cursor\":1}"), published.get(1).payload());
        // a newcomer sees the victim's state at its own clock
        RecordingConnection newcomer = joined(RecordingConnection.editor("newcomer"));
        await().until(() -> newcomer.frameCount() == 2);
        assertArrayEquals(awareness(entries(7, 3, ADA, 8, 1, "{\"cursor\":1}")), newcomer.frames().get(1));
        // and the victim goes on at the next clock
        byte[] next = awarenessUpdate(7, 4, "{\"user\":{\"name\":\"Ada\"},\"cursor\":2}");
        room().receive(victim, awareness(next));
        drain();
        assertArrayEquals(awareness(next), newcomer.frames().getLast());
    }

    @Test
    void a_connection_announcing_more_ids_than_its_bound_is_closed_with_4413_and_nothing_is_applied() {
        RecordingConnection attacker = joined(RecordingConnection.viewer("attacker"));
        room().receive(attacker, awareness(entries(1, 1, "{}")));
        drain();

        room().receive(attacker, awareness(entries(2, 1, "{}", 3, 1, "{}")));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many awareness client ids for one connection")),
                attacker.closes());
        assertLimitCount(LimitNames.AWARENESS_CLIENTS_PER_CONNECTION, 1);
        // its state went with it: a newcomer sees none, and announces its own
        RecordingConnection editor = joined(RecordingConnection.editor("editor"));
        byte[] state = awarenessUpdate(9, 1, ADA);
        room().receive(editor, awareness(state));
        drain();
        assertEquals(1, editor.frameCount() - 1, "one frame after SyncStep1: its own state relayed");
        assertArrayEquals(awareness(state), editor.frames().getLast());
    }

    @Test
    void a_frame_whose_awareness_names_more_ids_than_a_connection_may_own_changes_nothing() {
        RecordingConnection attacker = joined(RecordingConnection.editor("attacker"));
        byte[] before = room().withDoc(Y::encodeStateAsUpdate).join();
        Doc doc = new Doc(8);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("template").insert(0, "applied?");

        // clock 0: nothing the awareness would keep, yet three ids announced where two are allowed
        room().receive(attacker, concat(Frames.update(updates.getFirst()),
                awareness(entries(1, 0, "{}", 2, 0, "{}", 3, 0, "{}"))));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many awareness client ids for one connection")),
                attacker.closes());
        assertArrayEquals(before, room().withDoc(Y::encodeStateAsUpdate).join());
    }

    @Test
    void ten_thousand_fake_ids_from_one_connection_are_refused_and_new_editors_still_join() {
        RecordingConnection attacker = joined(RecordingConnection.editor("attacker"));
        Encoder fake = new Encoder();
        fake.writeVarUint(10_000);
        for (int client = 1; client <= 10_000; client++) {
            fake.writeVarUint(client);
            fake.writeVarUint(1);
            fake.writeVarString("null");
        }

        room().receive(attacker, awareness(fake.toByteArray()));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "too many awareness client ids for one connection")),
                attacker.closes());
        RecordingConnection editor = joined(RecordingConnection.editor("editor"));
        room().receive(editor, awareness(awarenessUpdate(20_000, 1, ADA)));
        drain();
        assertFalse(editor.isClosed());
        assertArrayEquals(awareness(awarenessUpdate(20_000, 1, ADA)), editor.frames().getLast());
    }

    @Test
    void a_clock_raised_past_the_step_closes_its_sender_with_4413() {
        RecordingConnection client = joined(RecordingConnection.editor("client"));
        room().receive(client, awareness(awarenessUpdate(7, 3, ADA)));

        room().receive(client, awareness(awarenessUpdate(7, MAX_CLOCK, ADA)));
        drain();

        assertEquals(List.of(new RecordingConnection.Close(4413, "awareness clock raised too far")), client.closes());
        assertLimitCount(LimitNames.AWARENESS_CLOCK_STEP, 1);
    }

    @Test
    void the_ids_of_a_connection_that_left_are_free_for_its_next_connection_at_any_clock() {
        RecordingConnection first = joined(RecordingConnection.editor("first"));
        RecordingConnection other = joined(RecordingConnection.editor("other"));
        room().receive(first, awareness(awarenessUpdate(7, 5, ADA)));
        drain();

        room().leave(first);
        // the same subject (user-first), on a new connection
        RecordingConnection again = joined(RecordingConnection.editor("first"));
        // y-websocket resends its state at the clock it had when the socket opens again
        room().receive(again, awareness(awarenessUpdate(7, 5, ADA)));
        drain();

        assertArrayEquals(awareness(awarenessUpdate(7, 6, "null")), other.frames().get(2), "the removal");
        assertArrayEquals(awareness(awarenessUpdate(7, 5, ADA)), other.frames().getLast());
        assertEquals(4, other.frameCount());
    }

    @Test
    void an_id_freed_by_a_leave_is_kept_for_its_subject_until_the_timeout() {
        AtomicLong now = new AtomicLong(1_000_000);
        rooms.close();
        rooms = new RoomRegistry(Limits.defaults(), metrics, storage.storage(), now::get, Duration.ofMillis(20));
        RecordingConnection owner = joined(RecordingConnection.editor("ada"));
        RecordingConnection mallory = joined(RecordingConnection.viewer("mallory"));
        room().receive(owner, awareness(awarenessUpdate(7, 5, ADA)));
        drain();
        room().leave(owner);
        drain();
        int seen = mallory.frameCount();

        room().receive(mallory, awareness(awarenessUpdate(7, 1, "{\"user\":{\"name\":\"Mallory\"}}")));
        drain();
        assertEquals(seen, mallory.frameCount(), "taking the id of a client that just left is dropped");
        assertTrue(scrape().contains("promptcards_awareness_foreign_updates_total 1.0"), scrape());

        // the same subject takes it back at once; after the timeout anyone may take a freed id
        RecordingConnection again = joined(RecordingConnection.editor("ada"));
        room().receive(again, awareness(awarenessUpdate(7, 5, ADA)));
        drain();
        assertArrayEquals(awareness(awarenessUpdate(7, 5, ADA)), mallory.frames().getLast());
        room().leave(again);
        drain();
        now.addAndGet(Awareness.OUTDATED_TIMEOUT_MILLIS);
        room().receive(mallory, awareness(awarenessUpdate(7, 7, "{}")));
        drain();
        assertArrayEquals(awareness(awarenessUpdate(7, 7, "{}")), mallory.frames().getLast());
    }

    @Test
    void a_state_removed_by_its_owner_stays_its_own() {
        RecordingConnection owner = joined(RecordingConnection.editor("owner"));
        RecordingConnection viewer = joined(RecordingConnection.viewer("viewer"));
        room().receive(owner, awareness(entries(7, 1, ADA, 7, 2, "null")));
        drain();

        room().receive(viewer, awareness(awarenessUpdate(7, 3, "{\"user\":{\"name\":\"Mallory\"}}")));
        drain();

        assertEquals(2, owner.frameCount(), "SyncStep1 and the owner's own change only");
        room().receive(owner, awareness(awarenessUpdate(7, 3, ADA)));
        drain();
        assertArrayEquals(awareness(awarenessUpdate(7, 3, ADA)), viewer.frames().getLast());
    }

    @Test
    void a_state_another_node_relayed_cannot_be_taken_over_by_a_local_connection() {
        RecordingConnection local = joined(RecordingConnection.viewer("local"));
        byte[] remote = awarenessUpdate(9, 1, "{\"user\":{\"name\":\"Bea\"}}");
        nodeB.publish(CARD, BusMessage.Kind.AWARENESS, remote);
        await().until(() -> local.frameCount() == 2);

        room().receive(local, awareness(entries(9, 2, "null", 9, 3, "{\"user\":{\"name\":\"Mallory\"}}")));
        drain();

        assertEquals(2, local.frameCount(), "nothing applied");
        assertTrue(scrape().contains("promptcards_awareness_foreign_updates_total 2.0"), scrape());
        // the node renews it as usual; once the node removes it, the id is free
        nodeB.publish(CARD, BusMessage.Kind.AWARENESS, awarenessUpdate(9, 2, "null"));
        await().until(() -> local.frameCount() == 3);
        room().receive(local, awareness(awarenessUpdate(9, 3, "{}")));
        drain();
        assertArrayEquals(awareness(awarenessUpdate(9, 3, "{}")), local.frames().getLast());
    }

    @Test
    void another_node_cannot_overwrite_a_local_connections_state() {
        RecordingConnection local = joined(RecordingConnection.editor("local"));
        room().receive(local, awareness(awarenessUpdate(7, 1, ADA)));
        drain();

        nodeB.publish(CARD, BusMessage.Kind.AWARENESS, concat(awarenessUpdate(7, 2, "null")));
        nodeB.publish(CARD, BusMessage.Kind.AWARENESS, awarenessUpdate(9, 1, "{}"));
        await().until(() -> local.frameCount() == 3);

        assertArrayEquals(awareness(awarenessUpdate(9, 1, "{}")), local.frames().getLast());
    }
}
