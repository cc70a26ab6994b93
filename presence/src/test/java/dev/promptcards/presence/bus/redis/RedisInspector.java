package dev.promptcards.presence.bus.redis;

import dev.promptcards.card.CardKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/** Looks at Redis from the side, as the tests' witness: who is subscribed to a card, which heartbeats exist. */
final class RedisInspector implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;

    RedisInspector(String url) {
        client = RedisClient.create(url);
        connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    /** PUBSUB NUMSUB of the card's channel. */
    long subscribers(CardKey card) {
        byte[] channel = RedisKeys.channel(card);
        return connection.sync().pubsubNumsub(channel).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the node's heartbeat key exists. */
    boolean hasHeartbeat(String node) {
        return connection.sync().exists(RedisKeys.nodeKey(node)) == 1;
    }

    /** Publishes raw bytes on the card's channel. */
    void publishRaw(CardKey card, byte[] bytes) {
        connection.sync().publish(RedisKeys.channel(card), bytes);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
