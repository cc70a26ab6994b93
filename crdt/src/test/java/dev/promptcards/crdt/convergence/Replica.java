package dev.promptcards.crdt.convergence;

import java.util.List;

/** One editing replica of the convergence fuzz: a Java Doc or a Yjs doc in Node. */
interface Replica extends AutoCloseable {

    /** Short name for traces: Y0, J1, ... */
    String name();

    long clientId();

    /** Random ops on this replica's own state; returns the v1 updates it emitted (one per transaction). */
    List<byte[]> randomOps(long seed, int count);

    /**
     * Applies a remote update; returns the updates this replica emitted of its own while doing so (not the
     * echo of the remote transaction): the deletes of Yjs's formatting cleanup after a remote text change.
     */
    List<byte[]> receive(byte[] update);

    /** {@code encodeStateAsUpdate(doc)}. */
    byte[] state();

    /** {@code encodeStateAsUpdate(doc, stateVector)}. */
    byte[] state(byte[] stateVector);

    /** {@code encodeStateVector(doc)}. */
    byte[] stateVector();

    /** The doc's JSON, keys sorted recursively (TaggedJson canonical form). */
    String json();

    boolean isJava();

    @Override
    void close();
}
