package dev.promptcards.presence.bus.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The proxy itself, with plain Lettuce clients speaking RESP2 or RESP3 through it. */
class RedisFaultProxyTest {

    private static final int MESSAGES = 1_000;
    private static final byte[] CHANNEL = "proxy-test".getBytes();

    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.create();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void drop_share_drops_about_that_share_of_message_pushes_and_passes_the_rest_intact_and_in_order(
            ProtocolVersion protocol) {
        List<byte[]> sent = payloads();
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (RedisFaultProxy proxy = RedisFaultProxy.inFrontOf(redis, 42);
                Client subscriber = new Client(proxy.url(), protocol);
                Client publisher = new Client(redis.url(), protocol)) {
            StatefulRedisPubSubConnection<byte[], byte[]> pubsub = subscriber.client.connectPubSub(
                    ByteArrayCodec.INSTANCE);
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    received.add(message);
                }
            });
            pubsub.sync().subscribe(CHANNEL);
            proxy.dropShare(0.3);

            for (byte[] payload : sent) {
                publisher.connection.sync().publish(CHANNEL, payload);
            }

            await().until(() -> received.size() + proxy.dropped() == MESSAGES);
            assertEquals(received.size(), proxy.passed());
            assertTrue(proxy.dropped() > 240 && proxy.dropped() < 360, "dropped " + proxy.dropped());
            int previous = -1;
            for (byte[] payload : received) {
                int index = ByteBuffer.wrap(payload).getInt();
                assertTrue(index > previous);
                assertArrayEquals(sent.get(index), payload);
                previous = index;
            }
            // replies pass byte for byte: a binary value read back through the proxy
            subscriber.connection.sync().set(CHANNEL, sent.get(7));
            assertArrayEquals(sent.get(7), subscriber.connection.sync().get(CHANNEL));
            pubsub.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void without_a_drop_share_every_push_passes(ProtocolVersion protocol) {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (RedisFaultProxy proxy = RedisFaultProxy.inFrontOf(redis, 1);
                Client subscriber = new Client(proxy.url(), protocol);
                Client publisher = new Client(redis.url(), protocol)) {
            StatefulRedisPubSubConnection<byte[], byte[]> pubsub = subscriber.client.connectPubSub(
                    ByteArrayCodec.INSTANCE);
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    received.add(message);
                }
            });
            pubsub.sync().subscribe(CHANNEL);
            for (int i = 0; i < 100; i++) {
                publisher.connection.sync().publish(CHANNEL, new byte[] {(byte) i});
            }

            await().until(() -> received.size() == 100);
            assertEquals(0, proxy.dropped());
            pubsub.close();
        }
    }

    /** Payloads numbered in their first 4 bytes, then bytes that look like RESP (CRLF, *, $, >). */
    private static List<byte[]> payloads() {
        Random random = new Random(5);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] tail = new byte[random.nextInt(300)];
            random.nextBytes(tail);
            ByteBuffer payload = ByteBuffer.allocate(4 + tail.length + 8).putInt(i).put(tail);
            payload.put("\r\n*3\r\n$>".getBytes());
            payloads.add(payload.array());
        }
        return payloads;
    }

    /** A Lettuce client on one protocol version. */
    private static final class Client implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]> connection;

        private Client(String url, ProtocolVersion protocol) {
            client = RedisClient.create(url);
            client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
            connection = client.connect(ByteArrayCodec.INSTANCE);
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
