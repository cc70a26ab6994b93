package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.DecodeException;

/**
 * Reads the structs of a v1 update one at a time, without a {@link Doc}: items keep their parent
 * unresolved (a root name, a parent {@link ID}, or null when an origin names it). Yjs:
 * {@code LazyStructReader} and {@code lazyStructReaderGenerator} in {@code utils/updates.js}.
 *
 * <p>After the last struct {@link #curr} is null and the decoder stands at the delete set.
 * Malformed input raises {@link UpdateDecodeException} naming {@code label}.
 */
final class LazyStructReader {
    final UpdateDecoderV1 decoder;
    private final boolean filterSkips;
    private final String label;
    private long clientsLeft;
    private long structsLeft;
    private long client;
    private long clock;
    /** The struct read last; null once all are read. */
    AbstractStruct curr;

    /**
     * Starts reading {@code decoder} (positioned at the start of an update) and reads the first struct.
     *
     * @param filterSkips whether {@link Skip} structs are passed over (Yjs does so when merging)
     * @param label names the update in error messages, e.g. "update 2 of 3"
     */
    LazyStructReader(UpdateDecoderV1 decoder, boolean filterSkips, String label) {
        this.decoder = decoder;
        this.filterSkips = filterSkips;
        this.label = label;
        try {
            clientsLeft = decoder.readVarUint();
        } catch (DecodeException e) {
            throw malformed(label, e);
        }
        next();
    }

    /** Reads the next struct into {@link #curr} and returns it (null when there is none). */
    AbstractStruct next() {
        try {
            do {
                curr = read();
            } while (filterSkips && curr instanceof Skip);
            return curr;
        } catch (DecodeException e) {
            throw malformed(label, e);
        }
    }

    /** Reads the delete set that follows the structs; call once {@link #curr} is null. */
    DeleteSet readDeleteSet() {
        try {
            return DeleteSet.read(decoder);
        } catch (DecodeException e) {
            throw malformed(label, e);
        }
    }

    static UpdateDecodeException malformed(String label, DecodeException e) {
        return new UpdateDecodeException("malformed " + label + ": " + e.getMessage(), e);
    }

    private AbstractStruct read() {
        // per client (Yjs writeStructs): #structs, client, first clock, then the structs
        while (structsLeft == 0) {
            if (clientsLeft == 0) {
                return null;
            }
            clientsLeft--;
            structsLeft = decoder.readVarUint();
            client = decoder.readClient();
            clock = decoder.readVarUint();
        }
        structsLeft--;
        int at = decoder.position();
        int info = decoder.readInfo();
        ID id = new ID(client, clock);
        AbstractStruct struct;
        // the lazy reader's rules (updates.js): info exactly 10 is a Skip, content ref 0 a GC, else an item
        if (info == Skip.REF) {
            struct = new Skip(id, length(decoder.readVarUint(), at));
        } else if ((info & 0x1F) != 0) {
            struct = UpdateCodec.readItem(decoder, info, id, at);
        } else {
            struct = new GC(id, length(decoder.readVarUint(), at));
        }
        if (struct.length <= 0) {
            // Yjs never writes an empty struct; refusing them keeps every loop over clocks moving
            throw new DecodeException("struct", at, "empty struct");
        }
        if (clock + struct.length > ID.MAX_CLOCK) {
            throw new DecodeException("struct", at, "clock " + clock + " + length " + struct.length
                    + " beyond 2^53 - 1");
        }
        clock += struct.length;
        return struct;
    }

    private static int length(long len, int at) {
        if (len > Integer.MAX_VALUE) {
            throw new DecodeException("struct", at, "length " + len + " out of range");
        }
        return (int) len;
    }
}
