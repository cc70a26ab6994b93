package dev.promptcards.crdt;

/** A run of consecutive clocks of one client: an {@link Item}, a {@link GC} or a {@link Skip}. Yjs: {@code structs/AbstractStruct.js}. */
abstract class AbstractStruct {
    ID id;
    int length;

    AbstractStruct(ID id, int length) {
        this.id = id;
        this.length = length;
    }

    abstract boolean isDeleted();

    /** Appends {@code right} to this struct if both can be represented as one; Yjs {@code mergeWith}. */
    abstract boolean mergeWith(AbstractStruct right);

    /** Writes this struct starting {@code offset} clocks into it. */
    abstract void write(UpdateEncoderV1 encoder, int offset);

    abstract void integrate(Transaction transaction, int offset);

    /**
     * Returns the client whose struct this one depends on and that is not there yet, or -1 once all
     * dependencies are present (then left/right/parent are resolved). Yjs returns null for "none".
     */
    abstract long getMissing(Transaction transaction, StructStore store);

    final long endClock() {
        return id.clock() + length;
    }
}
