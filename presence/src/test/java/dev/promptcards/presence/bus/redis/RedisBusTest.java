package dev.promptcards.presence.bus.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.BusStatus;
import dev.promptcards.presence.bus.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two or three nodes on one real Redis, each with its own RedisBus. */
class RedisBusTest {

    private static TestRedis redis;
    private static RedisInspector inspector;
    private final List<RedisBus> buses = new ArrayList<>();
    private final CardKey card = new CardKey("ws", "card-" + UUID.randomUUID());

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.create();
        inspector = new RedisInspector(redis.url());
    }

    @AfterAll
    static void stopRedis() {
        inspector.close();
        redis.close();
    }

    @AfterEach
    void closeBuses() {
        buses.forEach(RedisBus::close);
    }

    private RedisBus node(String name) {
        RedisBus bus = RedisBus.connect(RedisBusSettings.of(redis.url(), name + "-" + UUID.randomUUID()));
        buses.add(bus);
        return bus;
    }

    private void awaitSubscribers(long count) {
        await().until(() -> inspector.subscribers(card) == count);
    }

    @Test
    void messages_cross_both_ways_with_the_node_id_and_consecutive_sequences_across_publish_and_send() {
        RedisBus a = node("a");
        RedisBus b = node("b");
        RecordingListener atA = new RecordingListener();
        RecordingListener atB = new RecordingListener();
        a.subscribe(card, atA);
        b.subscribe(card, atB);
        awaitSubscribers(2);

        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {1});
        a.publish(card, BusMessage.Kind.AWARENESS, new byte[] {2});
        a.send(card, b.nodeId(), BusMessage.Kind.SYNC_REPLY, new byte[] {3});
        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {4});
        b.publish(card, BusMessage.Kind.SYNC_REQUEST, new byte[] {5, 0, 13, 10});

        await().until(() -> atB.messages.size() == 4 && atA.messages.size() == 1);
        assertEquals(List.of(1L, 2L, 3L, 4L), atB.sequences());
        assertTrue(atB.messages.stream().allMatch(m -> m.node().equals(a.nodeId())));
        assertEquals(List.of(BusMessage.Kind.UPDATE, BusMessage.Kind.AWARENESS, BusMessage.Kind.SYNC_REPLY,
                BusMessage.Kind.UPDATE), atB.messages.stream().map(BusMessage::kind).toList());
        assertEquals(b.nodeId(), atB.messages.get(2).to());
        assertNull(atB.messages.get(0).to());
        assertArrayEquals(new byte[] {4}, atB.messages.get(3).payload());
        BusMessage fromB = atA.messages.get(0);
        assertEquals(b.nodeId(), fromB.node());
        assertEquals(1L, fromB.sequence());
        assertArrayEquals(new byte[] {5, 0, 13, 10}, fromB.payload());
        await().until(() -> a.status().messagesOut() == 4 && b.status().messagesIn() == 4);
        BusStatus status = a.status();
        assertEquals(new BusStatus("redis", true, 4, 1, 0, 0, status.liveNodes()), status);
    }

    @Test
    void a_node_never_receives_its_own_messages() {
        RedisBus a = node("a");
        RedisBus b = node("b");
        RecordingListener atA = new RecordingListener();
        RecordingListener atB = new RecordingListener();
        a.subscribe(card, atA);
        b.subscribe(card, atB);
        awaitSubscribers(2);

        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {1});
        await().until(() -> atB.messages.size() == 1);
        // Redis pushed a's message to a before b's: once b's arrives at a, a's own would have too
        b.publish(card, BusMessage.Kind.UPDATE, new byte[] {2});
        await().until(() -> atA.messages.size() == 1);

        assertEquals(b.nodeId(), atA.messages.get(0).node());
        assertEquals(1, a.status().messagesIn());
    }

    @Test
    void a_targeted_send_reaches_every_subscriber_with_its_target_set() {
        RedisBus a = node("a");
        RedisBus b = node("b");
        RedisBus c = node("c");
        RecordingListener atB = new RecordingListener();
        RecordingListener atC = new RecordingListener();
        a.subscribe(card, new RecordingListener());
        b.subscribe(card, atB);
        c.subscribe(card, atC);
        awaitSubscribers(3);

        a.send(card, c.nodeId(), BusMessage.Kind.SYNC_REPLY, new byte[] {9});

        await().until(() -> atB.messages.size() == 1 && atC.messages.size() == 1);
        for (RecordingListener listener : List.of(atB, atC)) {
            BusMessage message = listener.messages.get(0);
            assertEquals(c.nodeId(), message.to());
            assertTrue(message.isFor(c.nodeId()));
        }
        assertEquals(false, atB.messages.get(0).isFor(b.nodeId()));
    }

    @Test
    void unsubscribing_stops_delivery_and_frees_the_channel_once_the_last_listener_of_the_node_leaves() {
        RedisBus a = node("a");
        RedisBus b = node("b");
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        Subscription firstAtB = b.subscribe(card, first);
        Subscription secondAtB = b.subscribe(card, second);
        awaitSubscribers(1);

        firstAtB.close();
        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {1});
        await().until(() -> second.messages.size() == 1);
        assertEquals(1, inspector.subscribers(card));

        secondAtB.close();
        secondAtB.close();
        awaitSubscribers(0);
        RecordingListener later = new RecordingListener();
        a.subscribe(card, later);
        b.subscribe(new CardKey("ws", "other-" + UUID.randomUUID()), new RecordingListener());
        awaitSubscribers(1);
        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {2});
        b.publish(card, BusMessage.Kind.UPDATE, new byte[] {3});
        await().until(() -> later.messages.size() == 1);

        assertEquals(0, first.messages.size());
        assertEquals(1, second.messages.size());
        assertEquals(b.nodeId(), later.messages.get(0).node());
    }

    @Test
    void a_listener_that_throws_does_not_stop_the_others_or_the_connection() {
        RedisBus a = node("a");
        RedisBus b = node("b");
        RecordingListener after = new RecordingListener();
        b.subscribe(card, message -> {
            throw new IllegalStateException("listener failure for the test");
        });
        b.subscribe(card, after);
        awaitSubscribers(1);

        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {1});
        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {2});

        await().until(() -> after.messages.size() == 2);
        assertEquals(true, b.status().connected());
    }

    @Test
    void bytes_that_are_not_a_bus_message_are_counted_and_dropped() {
        RedisBus a = node("a");
        RedisBus b = node("b");
        RecordingListener atB = new RecordingListener();
        b.subscribe(card, atB);
        awaitSubscribers(1);

        inspector.publishRaw(card, "not a bus message".getBytes());
        inspector.publishRaw(card, new byte[0]);
        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {1});

        await().until(() -> atB.messages.size() == 1);
        assertEquals(2, b.rejectedMessages());
        assertEquals(1, b.status().messagesIn());
    }

    @Test
    void every_node_sees_the_live_nodes_and_a_closed_node_deletes_its_heartbeat() {
        RedisBus a = node("a");
        RedisBus b = node("b");
        assertTrue(inspector.hasHeartbeat(a.nodeId()));
        assertTrue(inspector.hasHeartbeat(b.nodeId()));
        assertTrue(b.status().liveNodes() >= 2);

        a.close();
        a.close();

        assertEquals(false, inspector.hasHeartbeat(a.nodeId()));
        assertEquals(false, a.status().connected());
        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {1});
        assertEquals(0, a.status().messagesOut() + a.status().publishFailures());
    }

    @Test
    void sequences_stay_consecutive_under_concurrent_publishers_on_one_node() throws Exception {
        RedisBus a = node("a");
        RedisBus b = node("b");
        RecordingListener atB = new RecordingListener();
        b.subscribe(card, atB);
        awaitSubscribers(1);

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 250; i++) {
                    a.publish(card, BusMessage.Kind.UPDATE, new byte[] {(byte) i});
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        await().until(() -> atB.messages.size() == 1_000);
        assertEquals(LongStream.rangeClosed(1, 1_000).boxed().toList(), atB.sequences());
    }

    @Test
    void the_nodes_sharing_redis_are_counted_live() {
        RedisBus a = node("a");
        node("b");
        node("c");

        await().atMost(Duration.ofSeconds(10)).until(() -> a.status().liveNodes() >= 3);
    }
}
