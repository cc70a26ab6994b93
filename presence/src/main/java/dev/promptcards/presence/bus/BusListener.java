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
}
