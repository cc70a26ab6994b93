package dev.promptcards.server.room;

import static dev.promptcards.server.room.Frames.awareness;
import static dev.promptcards.server.room.Frames.awarenessUpdate;
import static dev.promptcards.server.room.Frames.update;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.InProcessBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes, {@code a} and {@code b}, with one card loaded, on a bus that loses what a test tells it to: each
 * loss is healed (a gap asks the sender, the periodic check finds a lost last message and a lost deletion,
 * a reconnect asks everyone), and what a heal brings is stored where it was missing.
 */
class RoomReplicationTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("acme", "healed-card");
    /** Short, so that the periodic check comes within a test. */
    private static final Duration CHECK = Duration.ofMillis(300);

    private final TestStorage storageA = TestStorage.open(DB);
    private final InProcessBus.Hub hub = new InProcessBus.Hub();
    private final ControlledBus busA = new ControlledBus(hub, "a");
    private final ControlledBus busB = new ControlledBus(hub, "b");
    private final ServerMetrics metricsA = new ServerMetrics();
    private TestStorage storageB;
    private RoomRegistry nodeA;
    private RoomRegistry nodeB;

    @BeforeEach
    void start() {
        storageA.create(CARD);
        storageB = TestStorage.reopen(DB);
        nodeA = new RoomRegistry(Limits.defaults(), metricsA, storageA.storage(), new BusLink(busA, CHECK));
        nodeB = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storageB.storage(), new BusLink(busB, CHECK));
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        storageB.close();
        storageA.close();
    }

    /** A client's document: each call types or deletes, and returns the update it emits. */
    private static final class Writer {
        private final Doc doc;
        private final List<byte[]> updates = new ArrayList<>();

        Writer(long client) {
            doc = new Doc(client);
            doc.onUpdate((update, origin, transaction) -> updates.add(update));
        }

        byte[] type(String text) {
            doc.getText("template").insert(doc.getText("template").length(), text);
            return updates.getLast();
        }

        byte[] delete(int index, int length) {
            doc.getText("template").delete(index, length);
            return updates.getLast();
        }
    }

    private static RecordingConnection joined(RoomRegistry node, String id) {
        RecordingConnection connection = RecordingConnection.editor(id);
        node.acquire(CARD).join(connection);
        await().until(() -> connection.frameCount() >= 1);
        return connection;
    }

    /** The template as the node's room has it. */
    private static String template(RoomRegistry node) throws Exception {
        return node.cardEditor().edit(CARD, Author.SERVER, doc -> doc.getText("template").toString())
                .get(10, TimeUnit.SECONDS);
    }

    private double meter(String name, String tag, String value) {
        var search = metricsA.registry().find(name);
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return search.counter().count();
    }

    @Test
    void a_gap_in_a_nodes_sequence_makes_the_room_ask_that_node_and_heal_at_once() throws Exception {
        RecordingConnection atA = joined(nodeA, "a1");
        RecordingConnection atB = joined(nodeB, "b1");
        Writer writer = new Writer(8);
        AtomicInteger updatesFromB = new AtomicInteger();
        // the second update b publishes is lost on its way to a
        busA.lose(m -> m.node().equals("b") && m.kind() == BusMessage.Kind.UPDATE
                && updatesFromB.incrementAndGet() == 2);

        nodeB.acquire(CARD).receive(atB, update(writer.type("one ")));
        nodeB.acquire(CARD).receive(atB, update(writer.type("two ")));
        nodeB.acquire(CARD).receive(atB, update(writer.type("three")));

        await().until(() -> template(nodeA).equals("one two three"));
        assertTrue(meter("promptcards.bus.gaps", null, null) >= 1, "the gap was counted");
        assertTrue(meter("promptcards.bus.sync.requests", "reason", "gap") >= 1, "node b was asked");
        assertTrue(meter("promptcards.bus.healed.bytes", null, null) > 0, "what a lacked was stored there");
        assertEquals(List.of(), atA.closes(), "a's client stays connected");
    }

    @Test
    void a_lost_last_message_is_healed_by_the_periodic_check() throws Exception {
        joined(nodeA, "a1");
        RecordingConnection atB = joined(nodeB, "b1");
        Writer writer = new Writer(8);
        nodeB.acquire(CARD).receive(atB, update(writer.type("kept ")));
        await().until(() -> template(nodeA).equals("kept "));
        busA.lose(m -> m.node().equals("b") && m.kind() == BusMessage.Kind.UPDATE);

        nodeB.acquire(CARD).receive(atB, update(writer.type("and the last")));

        // no later message shows a gap: the check does
        await().until(() -> template(nodeA).equals("kept and the last"));
        assertTrue(meter("promptcards.bus.sync.requests", "reason", "periodic") >= 1);
    }

    @Test
    void a_lost_deletion_which_no_state_vector_shows_is_healed() throws Exception {
        joined(nodeA, "a1");
        RecordingConnection atB = joined(nodeB, "b1");
        Writer writer = new Writer(8);
        nodeB.acquire(CARD).receive(atB, update(writer.type("keep this, not that")));
        await().until(() -> template(nodeA).equals("keep this, not that"));
        busA.lose(m -> m.node().equals("b") && m.kind() == BusMessage.Kind.UPDATE);

        nodeB.acquire(CARD).receive(atB, update(writer.delete(9, 10)));

        await().until(() -> template(nodeA).equals("keep this"));
    }

    @Test
    void what_is_too_big_for_the_bus_is_loaded_from_the_database() throws Exception {
        nodeB.close();
        nodeB = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storageB.storage(),
                new BusLink(busB, CHECK, 16));
        joined(nodeA, "a1");
        RecordingConnection atB = joined(nodeB, "b1");
        busA.lose(m -> m.node().equals("b") && m.kind() == BusMessage.Kind.UPDATE);

        nodeB.acquire(CARD).receive(atB, update(new Writer(8).type("more than sixteen bytes of text")));

        await().until(() -> template(nodeA).equals("more than sixteen bytes of text"));
        assertEquals(0.0, meter("promptcards.bus.healed.bytes", null, null), "nothing healed over the bus");
    }

    @Test
    void a_reconnected_bus_makes_the_room_ask_everyone_and_tell_its_presence_again() throws Exception {
        RecordingConnection atA = joined(nodeA, "a1");
        RecordingConnection atB = joined(nodeB, "b1");
        byte[] state = awarenessUpdate(7, 1, "{\"user\":{\"name\":\"Ada\"}}");
        nodeA.acquire(CARD).receive(atA, awareness(state));
        await().until(() -> atB.frames().stream().anyMatch(f -> Arrays.equals(f, awareness(state))));
        // b is away for a while: what a publishes meanwhile is lost
        busB.lose(m -> true);
        Writer writer = new Writer(7);
        nodeA.acquire(CARD).receive(atA, update(writer.type("while away")));
        await().until(() -> template(nodeA).equals("while away"));
        busB.lose(m -> false);
        List<BusMessage> seen = new CopyOnWriteArrayList<>();
        new InProcessBus(hub, "observer").subscribe(CARD, seen::add);

        busA.resume();

        // a asks everyone and tells its presence again; b, resumed too, asks and gets what it lacked
        await().until(() -> seen.stream().anyMatch(m -> m.node().equals("a") && m.kind() == BusMessage.Kind.AWARENESS
                && Arrays.equals(m.payload(), state)));
        assertTrue(meter("promptcards.bus.sync.requests", "reason", "reconnected") >= 1);
        busB.resume();
        await().until(() -> template(nodeB).equals("while away"));
        await().until(() -> atB.frames().stream().anyMatch(f -> Arrays.equals(f, update(writer.updates.getLast()))));
    }

    @Test
    void what_a_node_that_died_had_published_is_stored_by_the_node_that_received_it() throws Exception {
        joined(nodeA, "a1");
        // a node that relayed an update and died before its append committed: only node a has it now
        new InProcessBus(hub, "c").publish(CARD, BusMessage.Kind.UPDATE, Frames.edit(9, "only relayed"));
        await().until(() -> template(nodeA).equals("only relayed"));
        assertEquals("", storedTemplate(), "a stores nothing it receives");

        busA.nodeGone("c");

        await().until(() -> storedTemplate().equals("only relayed"));
    }

    /** The template as the database has it. */
    private String storedTemplate() {
        var card = storageA.storage().cards().find(CARD.workspace(), CARD.card()).orElseThrow();
        Doc stored = new Doc();
        Y.applyUpdate(stored, storageA.storage().log().load(card).update());
        return stored.getText("template").toString();
    }

    @Test
    void a_node_that_stopped_has_its_clients_presence_removed_here() {
        RecordingConnection atA = joined(nodeA, "a1");
        RecordingConnection atB = joined(nodeB, "b1");
        nodeB.acquire(CARD).receive(atB, awareness(awarenessUpdate(9, 4, "{\"user\":{\"name\":\"Bea\"}}")));
        await().until(() -> atA.frames().stream().anyMatch(f -> Arrays.equals(f,
                awareness(awarenessUpdate(9, 4, "{\"user\":{\"name\":\"Bea\"}}")))));

        busA.nodeGone("b");

        // client 9, clock 5, state null: its removal, as its own node would have sent it
        await().until(() -> atA.frames().stream().anyMatch(f -> Arrays.equals(f,
                awareness(awarenessUpdate(9, 5, "null")))));
        assertArrayEquals(awareness(awarenessUpdate(9, 5, "null")), atA.frames().getLast());
    }
}
