package dev.promptcards.server.room;

import static dev.promptcards.server.room.Frames.update;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.CardKey;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.CardInfo;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.presence.bus.InProcessBus;
import dev.promptcards.presence.bus.redis.RedisBus;
import dev.promptcards.presence.bus.redis.RedisBusSettings;
import dev.promptcards.presence.bus.redis.TestRedis;
import dev.promptcards.server.CloseCodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A card's life beyond its document: a soft delete closes its connections with 4404 on every node (told here,
 * by the bus, or found at the next write of the card's row), and refuses new ones; the card's row keeps its
 * title and time of update without a write per edit; a new card past the workspace's quota is refused 4403.
 */
class RoomDeletionTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final TestStorage storage = TestStorage.open(DB);
    private RoomRegistry nodeA;
    private RoomRegistry nodeB;

    @AfterEach
    void stop() {
        for (RoomRegistry rooms : new RoomRegistry[] {nodeA, nodeB}) {
            if (rooms != null) {
                rooms.close();
            }
        }
        storage.close();
    }

    private static RecordingConnection joined(RoomRegistry rooms, CardKey card, String id) {
        RecordingConnection connection = RecordingConnection.editor(id);
        rooms.acquire(card).join(connection);
        await().until(() -> connection.frameCount() >= 1);
        return connection;
    }

    /** A client's update typing {@code text} at the start of the card's title. */
    private static byte[] title(String text) {
        Doc doc = new Doc();
        doc.getText("title").insert(0, text);
        return update(Y.encodeStateAsUpdate(doc));
    }

    private CardInfo row(CardKey card) {
        return storage.storage().cards().info(card.workspace(), card.card()).orElseThrow();
    }

    @Test
    void a_card_deleted_on_another_node_closes_its_connections_here_with_4404_and_refuses_new_ones() {
        CardKey card = new CardKey("acme", "deleted-elsewhere");
        storage.create(card);
        InProcessBus.Hub hub = new InProcessBus.Hub();
        nodeA = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage(), new InProcessBus(hub, "a"));
        nodeB = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage(), new InProcessBus(hub, "b"));
        RecordingConnection onB = joined(nodeB, card, "c1");
        RecordingConnection onA = joined(nodeA, card, "c2");

        storage.storage().cards().softDelete(card.workspace(), card.card());
        nodeA.cardDeleted(card);

        await().until(() -> onB.isClosed() && onA.isClosed());
        assertEquals(List.of(new RecordingConnection.Close(CloseCodes.NO_SUCH_CARD, Room.DELETED_REASON)),
                onB.closes());
        assertEquals(List.of(new RecordingConnection.Close(CloseCodes.NO_SUCH_CARD, Room.DELETED_REASON)),
                onA.closes());
        RecordingConnection late = RecordingConnection.editor("c3");
        nodeB.acquire(card).join(late);
        await().until(late::isClosed);
        assertEquals(List.of(new RecordingConnection.Close(CloseCodes.NO_SUCH_CARD, Room.NO_SUCH_CARD_REASON)),
                late.closes());
    }

    @Test
    void a_deletion_reaches_the_other_node_through_a_real_redis() {
        CardKey card = new CardKey("acme", "deleted-over-redis");
        storage.create(card);
        try (TestRedis redis = TestRedis.create();
                RedisBus busA = RedisBus.connect(RedisBusSettings.of(redis.url(), "node-a"));
                RedisBus busB = RedisBus.connect(RedisBusSettings.of(redis.url(), "node-b"))) {
            nodeA = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage(), busA);
            nodeB = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage(), busB);
            RecordingConnection onB = joined(nodeB, card, "c1");
            RecordingConnection onA = joined(nodeA, card, "c2");
            // each node's first sync check reaches the other once both subscribe to the card's channel
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> busA.status().messagesIn() > 0 && busB.status().messagesIn() > 0);

            storage.storage().cards().softDelete(card.workspace(), card.card());
            nodeA.cardDeleted(card);

            await().until(() -> onB.isClosed() && onA.isClosed());
            assertEquals(List.of(new RecordingConnection.Close(CloseCodes.NO_SUCH_CARD, Room.DELETED_REASON)),
                    onB.closes());
            nodeA.close();
            nodeB.close();
            nodeA = null;
            nodeB = null;
        }
    }

    @Test
    void a_node_that_missed_the_deletion_finds_it_at_its_next_write_of_the_cards_row() {
        CardKey card = new CardKey("acme", "deletion-missed");
        storage.create(card);
        nodeB = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage(), System::currentTimeMillis,
                Duration.ofMillis(50));
        RecordingConnection client = joined(nodeB, card, "c1");

        // deleted by another node whose bus message never came
        storage.storage().cards().softDelete(card.workspace(), card.card());
        nodeB.acquire(card).receive(client, title("typed after the deletion"));

        await().until(client::isClosed);
        assertEquals(List.of(new RecordingConnection.Close(CloseCodes.NO_SUCH_CARD, Room.DELETED_REASON)),
                client.closes());
    }

    @Test
    void the_cards_row_gets_its_title_at_once_then_at_most_every_interval_and_at_unload() {
        CardKey card = new CardKey("acme", "titled");
        storage.create(card);
        nodeB = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage(), System::currentTimeMillis,
                Duration.ofMillis(50));
        RecordingConnection client = joined(nodeB, card, "c1");

        // one client typing: the second insert lands before the first whatever the client ids
        Doc typed = new Doc();
        typed.getText("title").insert(0, "Greeting");
        byte[] afterFirst = Y.encodeStateVector(typed);
        nodeB.acquire(card).receive(client, update(Y.encodeStateAsUpdate(typed)));
        await().until(() -> row(card).title().equals("Greeting"));
        typed.getText("title").insert(0, "A ");
        nodeB.acquire(card).receive(client, update(Y.encodeStateAsUpdate(typed, afterFirst)));

        // the next write waits for the interval (10 s): within it the row keeps the first title
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> row(card).title().equals("Greeting"));
        nodeB.close();
        assertEquals("A Greeting", row(card).title());
    }

    @Test
    void an_editor_opening_a_new_card_past_the_workspaces_quota_is_closed_4403() {
        CardKey existing = new CardKey("quota-ws", "only");
        storage.create(existing);
        storage.execute("update workspaces set max_cards = 1 where id = 'quota-ws'");
        nodeB = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());

        RecordingConnection creator = RecordingConnection.editor("c1");
        nodeB.acquire(new CardKey("quota-ws", "one-too-many")).join(creator);
        RecordingConnection opener = joined(nodeB, existing, "c2");

        await().until(creator::isClosed);
        assertEquals(List.of(new RecordingConnection.Close(CloseCodes.FORBIDDEN,
                "workspace has reached its quota of 1 cards")), creator.closes());
        assertEquals(List.of(), opener.closes());
        assertEquals(List.of("only"), storage.storage().cards().list("quota-ws").stream().map(CardInfo::name)
                .toList());
    }
}
