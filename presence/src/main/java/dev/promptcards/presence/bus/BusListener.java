package dev.promptcards.presence.bus;

/** Receives the messages other nodes publish about a card ({@link Bus#subscribe}). */
@FunctionalInterface
public interface BusListener {

    /**
     * A message from another node. Called on a thread of the bus: hand the message to the card's own
     * thread and return; do not block.
     *
     * @param message the message
     */
    void received(BusMessage message);

    /**
     * The bus is connected again after an outage: what the other nodes published meanwhile is lost, so the
     * card should heal (ask the others for what it lacks, send its own awareness again). Called on a thread of
     * the bus; do not block.
     */
    default void resumed() {
    }

    /**
     * Another node stopped (its heartbeat expired): the states of the clients it relayed are stale. Called on
     * a thread of the bus; do not block.
     *
     * @param node the node's id
     */
    default void nodeGone(String node) {
    }
}
