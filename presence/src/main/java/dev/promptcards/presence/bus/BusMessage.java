package dev.promptcards.presence.bus;

import java.util.Objects;

/**
 * One message on the bus about one card.
 *
 * @param kind     an update of the card's document or an awareness update
 * @param node     the node that published it
 * @param sequence the publishing node's number for this message, counting from 1 per card: consecutive
 *                 numbers from one node mean nothing was lost in between
 * @param payload  the encoded Yjs update (v1) or awareness update; not copied, do not change it
 */
public record BusMessage(Kind kind, String node, long sequence, byte[] payload) {

    /** What a message carries. */
    public enum Kind {
        /** A Yjs update (v1) of the card's document. */
        UPDATE,
        /** A y-protocols awareness update. */
        AWARENESS
    }

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException if the sequence is below 1
     */
    public BusMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(payload, "payload");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1: " + sequence);
        }
    }
}
