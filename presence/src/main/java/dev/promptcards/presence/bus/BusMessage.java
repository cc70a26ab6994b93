package dev.promptcards.presence.bus;

import java.util.Objects;

/**
 * One message on the bus about one card.
 *
 * @param kind     what the payload is
 * @param node     the node that published it
 * @param sequence the publishing node's number for this message, counting from 1 per card: consecutive
 *                 numbers from one node mean nothing was lost in between. Every message a node publishes
 *                 about a card takes the next number, those addressed to one node too
 * @param to       the one node the message is for, or {@code null} for every node; every subscriber of the
 *                 card receives it (so that sequences stay whole) and the others ignore it
 * @param payload  what {@code kind} says; not copied, do not change it
 */
public record BusMessage(Kind kind, String node, long sequence, String to, byte[] payload) {

    /** What a message carries. */
    public enum Kind {
        /** A Yjs update (v1) of the card's document. */
        UPDATE,
        /** A y-protocols awareness update. */
        AWARENESS,
        /**
         * Healing: "send me what I lack". The payload is the sender's state of the card as
         * {@code dev.promptcards.presence.bus.SyncDigest} encodes it (state vector and a digest of the deletions).
         */
        SYNC_REQUEST,
        /**
         * Healing: the answer to a {@link #SYNC_REQUEST}, a Yjs update (v1) of what the requester lacks; an empty
         * payload (never a Yjs update) means "too big for the bus: load the card from the database".
         */
        SYNC_REPLY,
        /**
         * The card was soft-deleted (the admin API): every node closes the card's connections with 4404 and serves
         * it no more until it is restored. The payload is empty.
         */
        DELETED
    }

    /**
     * A message for every node.
     *
     * @param kind     what the payload is
     * @param node     the node that published it
     * @param sequence its number
     * @param payload  the payload
     */
    public BusMessage(Kind kind, String node, long sequence, byte[] payload) {
        this(kind, node, sequence, null, payload);
    }

    /**
     * Whether a node should act on this message.
     *
     * @param nodeId the receiving node
     * @return true for a message to every node or to this one
     */
    public boolean isFor(String nodeId) {
        return to == null || to.equals(nodeId);
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
