package dev.promptcards.presence.bus;

import dev.promptcards.card.CardKey;

/**
 * How the nodes that have a card loaded tell each other about its updates and awareness changes. A node
 * subscribes to a card when it loads it and closes the subscription when it unloads it; it publishes what
 * its own clients and server-side writers change, never what it received from the bus. A node never
 * receives its own messages. Thread-safe.
 *
 * <p>Delivery is at most once and in order per publishing node; a receiver that sees a gap in a node's
 * {@link BusMessage#sequence() sequence} lost something and must heal (exchange state vectors with that
 * node, {@link BusMessage.Kind#SYNC_REQUEST}). With a single node, {@link InProcessBus} delivers to nobody.
 *
 * <p>A bus that loses its connection (Redis away) drops what is published meanwhile, counts it, and tells
 * every subscription {@link BusListener#resumed()} once it is back; it tells them
 * {@link BusListener#nodeGone(String)} when another node stops (its heartbeat expired).
 */
public interface Bus extends AutoCloseable {

    /**
     * This node's id, unique among the nodes sharing the bus.
     *
     * @return the id every message this node publishes carries
     */
    String nodeId();

    /**
     * Publishes a message about a card to the other nodes subscribed to it; numbers it with this node's
     * next sequence number for the card.
     *
     * @param card    the card
     * @param kind    what the payload is
     * @param payload the encoded update; not copied, do not change it afterwards
     */
    void publish(CardKey card, BusMessage.Kind kind, byte[] payload);

    /**
     * Publishes a message about a card for one node only (the answer to its {@link BusMessage.Kind#SYNC_REQUEST});
     * numbered like every other message of this node for the card.
     *
     * @param card    the card
     * @param to      the node it is for
     * @param kind    what the payload is
     * @param payload the payload; not copied, do not change it afterwards
     */
    void send(CardKey card, String to, BusMessage.Kind kind, byte[] payload);

    /**
     * Subscribes to the messages other nodes publish about a card.
     *
     * @param card     the card
     * @param listener gets each message; must not block
     * @return the subscription; close it when the card is unloaded
     */
    Subscription subscribe(CardKey card, BusListener listener);

    /**
     * The bus's state and counters now, for health checks and metrics.
     *
     * @return a snapshot
     */
    BusStatus status();

    /** Stops delivering; later publishes go nowhere. */
    @Override
    void close();
}
