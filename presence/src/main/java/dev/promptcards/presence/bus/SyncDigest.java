package dev.promptcards.presence.bus;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.crdt.lib0.Encoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What a node has of a card, small enough to publish: its state vector, and a digest of its deletions (which
 * the state vector does not show: a deletion adds no clock). Two nodes with equal digests have the same card;
 * the payload of a {@link BusMessage.Kind#SYNC_REQUEST}.
 *
 * @param stateVector the encoded state vector (Yjs {@code encodeStateVector})
 * @param deletions   SHA-256 of the card's encoded delete set
 */
public record SyncDigest(byte[] stateVector, byte[] deletions) {

    /** Checks the parts. */
    public SyncDigest {
        Objects.requireNonNull(stateVector, "stateVector");
        Objects.requireNonNull(deletions, "deletions");
    }

    /**
     * The digest of a document as it is now; call it on the document's own thread.
     *
     * @param doc the document
     * @return its digest
     */
    public static SyncDigest of(Doc doc) {
        byte[] stateVector = Y.encodeStateVector(doc);
        // an update against the document's own state vector holds no structs: only its delete set
        byte[] deleteSet = Y.encodeStateAsUpdate(doc, stateVector);
        return new SyncDigest(stateVector, sha256(deleteSet));
    }

    /**
     * Whether the other node lacks something this one has: a clock of ours ahead of its, or other deletions.
     *
     * @param other the other node's digest
     * @return true if this node should send it a diff
     */
    public boolean hasMoreThan(SyncDigest other) {
        return !Arrays.equals(deletions, other.deletions) || ahead(stateVector, other.stateVector);
    }

    /**
     * Encodes it: the state vector and the digest, each as lib0 variable-length bytes.
     *
     * @return the payload
     */
    public byte[] encode() {
        Encoder encoder = new Encoder();
        encoder.writeVarUint8Array(stateVector);
        encoder.writeVarUint8Array(deletions);
        return encoder.toByteArray();
    }

    /**
     * Decodes what {@link #encode()} wrote.
     *
     * @param payload the bytes
     * @return the digest
     * @throws IllegalArgumentException if they are not a digest
     */
    public static SyncDigest decode(byte[] payload) {
        try {
            Decoder decoder = new Decoder(payload);
            byte[] stateVector = decoder.readVarUint8Array();
            byte[] deletions = decoder.readVarUint8Array();
            Y.decodeStateVector(stateVector);
            return new SyncDigest(stateVector, deletions);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a sync digest: " + e.getMessage(), e);
        }
    }

    private static boolean ahead(byte[] ours, byte[] theirs) {
        Map<Long, Long> their = Y.decodeStateVector(theirs);
        for (Map.Entry<Long, Long> e : Y.decodeStateVector(ours).entrySet()) {
            if (e.getValue() > their.getOrDefault(e.getKey(), 0L)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
