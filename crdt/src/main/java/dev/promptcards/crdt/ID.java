package dev.promptcards.crdt;

/**
 * A unique position in the document: the client that created a struct and the clock (counted in
 * UTF-16 code units / array elements) at which it starts. Yjs: {@code utils/ID.js}.
 */
record ID(long client, long clock) {
    /** JS {@code Number.MAX_SAFE_INTEGER}: Yjs cannot represent clocks (or client ids) beyond it. */
    static final long MAX_CLOCK = (1L << 53) - 1;


    /** Yjs {@code compareIDs}: equal when both are null or both name the same position. */
    static boolean equalIds(ID a, ID b) {
        return a == b || (a != null && b != null && a.client == b.client && a.clock == b.clock);
    }

    void write(UpdateEncoderV1 encoder) {
        encoder.writeVarUint(client);
        encoder.writeVarUint(clock);
    }

    @Override
    public String toString() {
        return client + ":" + clock;
    }
}
