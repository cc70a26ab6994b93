package dev.promptcards.server.room;

import static dev.promptcards.server.room.Frames.awareness;
import static dev.promptcards.server.room.Frames.edit;
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
import dev.promptcards.presence.bus.SyncDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A room and the bus, node {@code a} among others on one {@link InProcessBus.Hub}: what its clients and
 * server-side writers change is published once, at once, numbered; what another node
 * publishes reaches its connections and is neither stored nor published again. (Healing: RoomReplicationTest.)
 */
class RoomBusTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final CardKey CARD = new CardKey("acme", "shared-card");

    private final TestStorage storage = TestStorage.open(DB);
    private final InProcessBus.Hub hub = new InProcessBus.Hub();
    private final InProcessBus nodeA = new InProcessBus(hub, "a");
    private final InProcessBus nodeB = new InProcessBus(hub, "b");
    /** Everything published about the card, as a third node sees it. */
    private final List<BusMessage> seen = new CopyOnWriteArrayList<>();
    private RoomRegistry rooms;

    @BeforeEach
    void start() {
        new InProcessBus(hub, "observer").subscribe(CARD, seen::add);
        storage.create(CARD);
        rooms = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage(), nodeA);
    }

    @AfterEach
    void stop() {
        rooms.close();
        storage.close();
    }

    private RecordingConnection joined(String id) {
        RecordingConnection connection = RecordingConnection.editor(id);
        rooms.acquire(CARD).join(connection);
        await().until(() -> connection.frameCount() == 1);
        return connection;
    }

    /** The updates and awareness changes a node published (not its sync requests). */
    private List<BusMessage> publishedBy(String node) {
        return seen.stream().filter(message -> message.node().equals(node))
                .filter(message -> message.kind() == BusMessage.Kind.UPDATE
                        || message.kind() == BusMessage.Kind.AWARENESS)
                .toList();
    }

    private long storedUpdates() {
        return storage.count("select count(*) from card_updates");
    }

    @Test
    void a_loaded_card_asks_the_other_nodes_for_what_it_lacks_with_its_digest() {
        RecordingConnection client = joined("c1");

        await().until(() -> !seen.isEmpty());
        BusMessage request = seen.getFirst();
        assertEquals(List.of("a", BusMessage.Kind.SYNC_REQUEST, 1L), List.of(request.node(), request.kind(),
                request.sequence()));
        assertArrayEquals(SyncDigest.of(new Doc()).stateVector(), SyncDigest.decode(request.payload()).stateVector());
        assertEquals(1, client.frameCount());
    }

    @Test
    void a_clients_update_and_awareness_are_published_at_once_numbered_by_the_node() {
        RecordingConnection client = joined("c1");
        byte[] update = edit(7, "hello");
        byte[] state = awarenessUpdate(7, 1, "{\"user\":{\"name\":\"Ada\"}}");

        rooms.acquire(CARD).receive(client, update(update));
        rooms.acquire(CARD).receive(client, awareness(state));

        await().until(() -> publishedBy("a").size() == 2);
        BusMessage published = publishedBy("a").stream().filter(m -> m.kind() == BusMessage.Kind.UPDATE).findFirst()
                .orElseThrow();
        BusMessage presence = publishedBy("a").stream().filter(m -> m.kind() == BusMessage.Kind.AWARENESS)
                .findFirst().orElseThrow();
        assertArrayEquals(update, published.payload());
        assertArrayEquals(state, presence.payload());
        // after the load's sync request (1), in whichever order storage and presence took
        assertTrue(published.sequence() > 1 && presence.sequence() > 1 && published.sequence() != presence.sequence(),
                published + " " + presence);
    }

    @Test
    void a_client_that_leaves_has_the_removal_of_its_awareness_published() {
        RecordingConnection client = joined("c1");
        rooms.acquire(CARD).receive(client, awareness(awarenessUpdate(7, 1, "{\"user\":{\"name\":\"Ada\"}}")));
        await().until(() -> publishedBy("a").size() == 1);

        rooms.acquire(CARD).leave(client);

        await().until(() -> publishedBy("a").size() == 2);
        BusMessage state = publishedBy("a").get(0);
        BusMessage removal = publishedBy("a").get(1);
        assertEquals(BusMessage.Kind.AWARENESS, removal.kind());
        assertTrue(removal.sequence() > state.sequence(), "numbered after the state it removes");
        // client 7, clock 2, state null: y-protocols' removal of a state
        assertArrayEquals(awarenessUpdate(7, 2, "null"), removal.payload());
    }

    @Test
    void a_server_side_edit_is_published() throws Exception {
        rooms.cardEditor().edit(CARD, Author.run("r-1"), doc -> {
            doc.getText("template").insert(0, "by a run");
            return null;
        }).get(10, TimeUnit.SECONDS);

        await().until(() -> publishedBy("a").size() == 1);
        Doc replica = new Doc();
        Y.applyUpdate(replica, publishedBy("a").getFirst().payload());
        assertEquals("by a run", replica.getText("template").toString());
    }

    @Test
    void an_update_from_another_node_reaches_the_connections_and_is_neither_stored_nor_published_again() {
        RecordingConnection client = joined("c1");
        byte[] remote = edit(8, "from b ");

        nodeB.publish(CARD, BusMessage.Kind.UPDATE, remote);

        await().until(() -> client.frameCount() == 2);
        assertArrayEquals(update(remote), client.frames().get(1));
        // a client's update after it: the storage keeps its order, so once this one is stored the remote
        // one would be too, had it been stored
        rooms.acquire(CARD).receive(client, update(edit(7, "mine")));
        await().until(() -> storedUpdates() == 1);
        await().until(() -> publishedBy("a").size() == 1);
        assertEquals(List.of(BusMessage.Kind.UPDATE), publishedBy("a").stream().map(BusMessage::kind).toList());
    }

    @Test
    void awareness_from_another_node_reaches_the_connections_and_is_not_published_again() {
        RecordingConnection client = joined("c1");
        byte[] state = awarenessUpdate(9, 1, "{\"user\":{\"name\":\"Bea\"}}");

        nodeB.publish(CARD, BusMessage.Kind.AWARENESS, state);

        await().until(() -> client.frameCount() == 2);
        assertArrayEquals(awareness(state), client.frames().get(1));
        rooms.acquire(CARD).receive(client, update(edit(7, "mine")));
        await().until(() -> publishedBy("a").size() == 1);
        assertEquals(BusMessage.Kind.UPDATE, publishedBy("a").getFirst().kind());
    }
}
