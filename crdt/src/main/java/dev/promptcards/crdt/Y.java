package dev.promptcards.crdt;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The update operations of Yjs under their Yjs names ({@code Y.applyUpdate(doc, update)}), all in
 * update format v1. Malformed input raises {@link UpdateDecodeException} and changes nothing.
 */
public final class Y {
    private static final byte[] EMPTY_STATE_VECTOR = {0};

    private Y() { }

    /** Applies a v1 update; structs whose dependencies are missing wait until they arrive. */
    public static void applyUpdate(Doc doc, byte[] update) {
        UpdateCodec.applyUpdate(doc, update, null);
    }

    /** Applies a v1 update in a transaction whose origin is {@code origin}. */
    public static void applyUpdate(Doc doc, byte[] update, Object origin) {
        UpdateCodec.applyUpdate(doc, update, origin);
    }

    /** The whole document as one update. */
    public static byte[] encodeStateAsUpdate(Doc doc) {
        return UpdateCodec.encodeStateAsUpdate(doc, EMPTY_STATE_VECTOR);
    }

    /** What {@code doc} has that a replica with the encoded state vector lacks. */
    public static byte[] encodeStateAsUpdate(Doc doc, byte[] encodedStateVector) {
        return UpdateCodec.encodeStateAsUpdate(doc, encodedStateVector);
    }

    /** The next expected clock per client, encoded. */
    public static byte[] encodeStateVector(Doc doc) {
        return UpdateCodec.encodeStateVector(doc.store.getStateVector());
    }

    public static byte[] encodeStateVector(Map<Long, Long> stateVector) {
        return UpdateCodec.encodeStateVector(stateVector);
    }

    public static Map<Long, Long> decodeStateVector(byte[] encodedStateVector) {
        return UpdateCodec.decodeStateVector(encodedStateVector);
    }

    /** Merges updates into one without a Doc (Yjs {@code mergeUpdates}). */
    public static byte[] mergeUpdates(List<byte[]> updates) {
        return Updates.mergeUpdates(updates);
    }

    /** The part of {@code update} a replica with the encoded state vector lacks (Yjs {@code diffUpdate}). */
    public static byte[] diffUpdate(byte[] update, byte[] encodedStateVector) {
        return Updates.diffUpdate(update, encodedStateVector);
    }

    /**
     * The distinct client ids an update names, in its structs or in its deletions, read without a Doc and
     * without integrating anything (linear in the update's size): what a server checks before the costlier
     * integration.
     *
     * @param update a v1 update
     * @return the client ids, in the order first met
     * @throws UpdateDecodeException if the update is malformed
     */
    public static Set<Long> clientsOfUpdate(byte[] update) {
        return Updates.shapeOfUpdate(update).clients();
    }

    /**
     * The client ids an update names and the structs it holds, read in one pass without a Doc and without
     * integrating anything (linear in the update's size): what a server checks before the costlier integration.
     *
     * @param update a v1 update
     * @return its client ids and its count of structs
     * @throws UpdateDecodeException if the update is malformed
     */
    public static UpdateShape shapeOfUpdate(byte[] update) {
        return Updates.shapeOfUpdate(update);
    }

    /** The state vector a doc would have after applying only {@code update}. */
    public static byte[] encodeStateVectorFromUpdate(byte[] update) {
        return Updates.encodeStateVectorFromUpdate(update);
    }
}
