package dev.promptcards.presence.bus.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.presence.bus.BusMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis stopped and restarted, connections cut, nodes that stop: each test has its own Redis. */
class RedisBusFaultTest {

    private static final Duration PERIOD = Duration.ofMillis(200);
    private static final Duration TTL = Duration.ofSeconds(1);

    private TestRedis redis;
    private RedisInspector inspector;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final CardKey card = new CardKey("ws", "card-" + UUID.randomUUID());

    @BeforeEach
    void startRedis() {
        redis = TestRedis.create();
        inspector = new RedisInspector(redis.url());
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        inspector.close();
        redis.close();
    }

    private RedisBus node(String name, String url) {
        RedisBus bus = RedisBus.connect(RedisBusSettings.of(url, name + "-" + UUID.randomUUID())
                .withHeartbeat(PERIOD, TTL));
        closeables.add(bus);
        return bus;
    }

    private RedisFaultProxy proxy() {
        RedisFaultProxy proxy = RedisFaultProxy.inFrontOf(redis, 7);
        closeables.add(proxy);
        return proxy;
    }

    @Test
    void publishing_while_redis_is_stopped_neither_blocks_nor_throws_and_counts_the_failures_then_a_restart_resumes() {
        // a Redis of this test's own, local even when PROMPTCARDS_TEST_REDIS_URL names another: it is restarted
        inspector.close();
        redis.close();
        redis = TestRedis.createRestartable();
        inspector = new RedisInspector(redis.url());
        RedisBus a = node("a", redis.url());
        RedisBus b = node("b", redis.url());
        RecordingListener atA = new RecordingListener();
        RecordingListener atB = new RecordingListener();
        a.subscribe(card, atA);
        b.subscribe(card, atB);
        await().until(() -> inspector.subscribers(card) == 2);

        redis.stop();
        await().until(() -> !a.status().connected() && !b.status().connected());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 100; i++) {
                a.publish(card, BusMessage.Kind.UPDATE, new byte[] {(byte) i});
            }
        });
        await().until(() -> a.status().publishFailures() == 100);
        assertEquals(0, atA.resumed.get());

        redis.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> atA.resumed.get() == 1 && atB.resumed.get() == 1);
        assertEquals(true, a.status().connected());
        assertEquals(1, a.status().reconnects());
        assertEquals(2, inspector.subscribers(card));
        a.publish(card, BusMessage.Kind.UPDATE, new byte[] {1});
        b.publish(card, BusMessage.Kind.UPDATE, new byte[] {2});

        await().until(() -> atB.messages.size() == 1 && atA.messages.size() == 1);
        // the 100 lost messages took their numbers: b sees the gap
        assertEquals(List.of(101L), atB.sequences());
        assertEquals(List.of(1L), atA.sequences());
        assertEquals(0, a.status().messagesOut() - 1);
        // Redis restarted empty: the heartbeats are written again
        await().until(() -> inspector.hasHeartbeat(a.nodeId()) && inspector.hasHeartbeat(b.nodeId()));
        assertEquals(List.of(), atA.gone);
        assertEquals(List.of(), atB.gone);
    }

    @Test
    void a_cut_connection_resumes_only_the_node_that_lost_it_and_messages_flow_again() {
        RedisFaultProxy proxy = proxy();
        RedisBus direct = node("direct", redis.url());
        RedisBus proxied = node("proxied", proxy.url());
        RecordingListener atDirect = new RecordingListener();
        RecordingListener atProxied = new RecordingListener();
        direct.subscribe(card, atDirect);
        proxied.subscribe(card, atProxied);
        await().until(() -> inspector.subscribers(card) == 2);

        proxy.cut(Duration.ofMillis(1_500));
        await().until(() -> !proxied.status().connected());
        proxied.publish(card, BusMessage.Kind.AWARENESS, new byte[] {1});
        await().until(() -> proxied.status().publishFailures() == 1);

        await().atMost(Duration.ofSeconds(15)).until(() -> atProxied.resumed.get() == 1);
        assertEquals(1, proxied.status().reconnects());
        direct.publish(card, BusMessage.Kind.UPDATE, new byte[] {2});
        proxied.publish(card, BusMessage.Kind.UPDATE, new byte[] {3});
        await().until(() -> atProxied.messages.size() == 1 && atDirect.messages.size() == 1);
        assertEquals(List.of(2L), atDirect.sequences());
        assertEquals(0, atDirect.resumed.get());
        assertEquals(0, direct.status().reconnects());
    }

    @Test
    void a_node_whose_heartbeat_stops_is_gone_for_the_others_once_and_in_time_but_not_the_other_way() {
        RedisFaultProxy proxy = proxy();
        RedisBus a = node("a", redis.url());
        RedisBus b = node("b", redis.url());
        RedisBus cut = node("cut", proxy.url());
        RecordingListener atA = new RecordingListener();
        RecordingListener atB = new RecordingListener();
        RecordingListener atCut = new RecordingListener();
        a.subscribe(card, atA);
        b.subscribe(card, atB);
        cut.subscribe(card, atCut);
        await().until(() -> a.status().liveNodes() == 3);

        proxy.cut(TTL.multipliedBy(3));

        // the TTL runs out, then one more period at most: the bound is ttl + period (+ the test's slack)
        await().atMost(TTL.multipliedBy(3)).until(() -> atA.gone.size() == 1 && atB.gone.size() == 1);
        assertEquals(List.of(cut.nodeId()), atA.gone);
        assertEquals(List.of(cut.nodeId()), atB.gone);
        assertEquals(2, a.status().liveNodes());
        await().atMost(Duration.ofSeconds(15)).until(() -> atCut.resumed.get() == 1 && a.status().liveNodes() == 3);
        await().during(TTL.multipliedBy(2)).until(() -> atA.gone.size() == 1 && atCut.gone.isEmpty());
        assertEquals(List.of(), atCut.gone);
    }

    @Test
    void a_closed_node_is_gone_for_the_others_at_their_next_check() {
        RedisBus a = node("a", redis.url());
        RedisBus b = node("b", redis.url());
        RecordingListener atB = new RecordingListener();
        b.subscribe(card, atB);
        await().until(() -> b.status().liveNodes() == 2);

        a.close();

        await().atMost(PERIOD.multipliedBy(5)).until(() -> atB.gone.equals(List.of(a.nodeId())));
        await().during(PERIOD.multipliedBy(3)).until(() -> atB.gone.size() == 1);
    }

    @Test
    void a_node_that_only_sent_messages_is_watched_too() {
        RedisBus a = node("a", redis.url());
        RedisBus b = node("b", redis.url());
        RecordingListener atB = new RecordingListener();
        b.subscribe(card, atB);
        await().until(() -> inspector.subscribers(card) == 1);
        a.publish(card, BusMessage.Kind.AWARENESS, new byte[] {1});
        await().until(() -> atB.messages.size() == 1);

        a.close();

        await().atMost(PERIOD.multipliedBy(5)).until(() -> atB.gone.equals(List.of(a.nodeId())));
    }

    @Test
    void dropped_pushes_show_as_gaps_in_the_sequence_and_the_rest_arrives_intact() {
        RedisFaultProxy proxy = proxy();
        RedisBus a = node("a", redis.url());
        RedisBus b = node("b", proxy.url());
        RecordingListener atB = new RecordingListener();
        b.subscribe(card, atB);
        await().until(() -> inspector.subscribers(card) == 1);
        proxy.dropShare(0.5);

        for (int i = 1; i <= 200; i++) {
            a.publish(card, BusMessage.Kind.UPDATE, new byte[] {(byte) i, '\r', '\n'});
        }

        await().until(() -> atB.messages.size() + proxy.dropped() == 200);
        List<Long> sequences = atB.sequences();
        for (int i = 1; i < sequences.size(); i++) {
            assertTrue(sequences.get(i) > sequences.get(i - 1));
        }
        for (BusMessage message : atB.messages) {
            assertEquals((byte) message.sequence(), message.payload()[0]);
        }
        assertTrue(proxy.dropped() > 60 && proxy.dropped() < 140, "dropped " + proxy.dropped());
    }
}
