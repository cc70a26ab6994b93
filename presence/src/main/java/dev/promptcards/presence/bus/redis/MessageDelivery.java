package dev.promptcards.presence.bus.redis;

import dev.promptcards.card.CardKey;
import dev.promptcards.presence.bus.BusMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns what arrives on the card channels into messages for the card's listeners: decodes them, drops this
 * node's own (Redis sends a subscriber what it published itself) and those that do not decode (counted and
 * logged, never thrown into Lettuce). Runs on Lettuce's event loop.
 */
final class MessageDelivery extends RedisPubSubAdapter<byte[], byte[]> {

    private final String nodeId;
    private final CardSubscriptions subscriptions;
    private final NodeLiveness liveness;
    private final RejectedMessages rejected = new RejectedMessages();
    private final AtomicLong received = new AtomicLong();

    MessageDelivery(String nodeId, CardSubscriptions subscriptions, NodeLiveness liveness) {
        this.nodeId = nodeId;
        this.subscriptions = subscriptions;
        this.liveness = liveness;
    }

    @Override
    public void message(byte[] channel, byte[] bytes) {
        CardKey card = RedisKeys.card(channel);
        if (card == null) {
            return;
        }
        BusMessage message;
        try {
            message = BusMessageCodec.decode(bytes);
        } catch (BusMessageCodec.Malformed e) {
            rejected.reject(channel, e);
            return;
        }
        if (message.node().equals(nodeId)) {
            return;
        }
        received.incrementAndGet();
        liveness.heard(message.node());
        subscriptions.deliver(card, message);
    }

    /**
     * Messages received from other nodes.
     *
     * @return the count
     */
    long received() {
        return received.get();
    }

    /**
     * Messages dropped because they did not decode.
     *
     * @return the count
     */
    long rejected() {
        return rejected.count();
    }
}
