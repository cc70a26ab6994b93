package dev.promptcards.crdt;

/** A gap in a merged update: clocks this update does not carry. Never integrated. Yjs: {@code structs/Skip.js}. */
final class Skip extends AbstractStruct {
    /** Struct info ref of a Skip (Yjs {@code structSkipRefNumber}). */
    static final int REF = 10;

    Skip(ID id, int length) {
        super(id, length);
    }

    @Override
    boolean isDeleted() {
        return true;
    }

    @Override
    boolean mergeWith(AbstractStruct right) {
        if (!(right instanceof Skip)) {
            return false;
        }
        length += right.length;
        return true;
    }

    @Override
    void integrate(Transaction transaction, int offset) {
        throw new IllegalStateException("a Skip struct cannot be integrated");
    }

    @Override
    void write(UpdateEncoderV1 encoder, int offset) {
        encoder.writeInfo(REF);
        // Yjs writes a Skip's length as a plain varUint (Skip.js)
        encoder.writeVarUint(length - offset);
    }

    @Override
    long getMissing(Transaction transaction, StructStore store) {
        return -1;
    }
}
