package dev.promptcards.presence.bus.redis;

import dev.promptcards.card.CardKey;
import dev.promptcards.presence.bus.BusMessage;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers and publishes this node's messages: one sequence per card, starting at 1, shared by publish and send.
 * The number is taken and the PUBLISH handed to Lettuce under the card's lock, so PUBLISHes leave in sequence
 * order. Never waits for Redis: a PUBLISH that fails (Redis away, Lettuce's queue full, timeout) is counted.
 */
final class CardPublisher {

    /** A card's next number and channel; its monitor orders the card's PUBLISHes. */
    private static final class Outbox {
        private final byte[] channel;
        private long sequence;

        private Outbox(byte[] channel) {
            this.channel = channel;
        }
    }

    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final String nodeId;
    // kept for as long as the node runs, as InProcessBus does: a card loaded again continues its numbers, so
    // that no receiver sees a node's sequence go back
    private final Map<CardKey, Outbox> outboxes = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;

    CardPublisher(RedisAsyncCommands<byte[], byte[]> commands, String nodeId) {
        this.commands = commands;
        this.nodeId = nodeId;
    }

    /**
     * Publishes a message about a card with the card's next number.
     *
     * @param card    the card
     * @param to      the node it is for, or null for every node
     * @param kind    what the payload is
     * @param payload the payload
     */
    void publish(CardKey card, String to, BusMessage.Kind kind, byte[] payload) {
        if (closed) {
            return;
        }
        Outbox outbox = outboxes.computeIfAbsent(card, key -> new Outbox(RedisKeys.channel(key)));
        RedisFuture<Long> answer;
        synchronized (outbox) {
            outbox.sequence++;
            byte[] bytes = BusMessageCodec.encode(new BusMessage(kind, nodeId, outbox.sequence, to, payload));
            try {
                answer = commands.publish(outbox.channel, bytes);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                return;
            }
        }
        answer.whenComplete((receivers, error) -> (error == null ? published : failures).incrementAndGet());
    }

    /** Later messages go nowhere and are not counted. */
    void close() {
        closed = true;
    }

    /**
     * Messages Redis accepted.
     *
     * @return the count
     */
    long published() {
        return published.get();
    }

    /**
     * Messages that could not be published.
     *
     * @return the count
     */
    long failures() {
        return failures.get();
    }
}
