package dev.promptcards.presence;

import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.Decoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a whole awareness update before anything is applied, so that a malformed update is refused as a
 * whole. Reads what awareness.js applyAwarenessUpdate reads: {@code varUint count}, then per entry
 * {@code varUint clientID, varUint clock, varString json}, each JSON text parsed as {@code JSON.parse} would.
 */
final class AwarenessUpdateReader {

    /**
     * The fewest bytes an entry takes: one for the client id, one for the clock, one for the string length
     * and one for the shortest JSON text (e.g. {@code 0}; the empty string is not JSON).
     */
    static final int MIN_ENTRY_BYTES = 4;

    private AwarenessUpdateReader() {
    }

    /**
     * Decodes every entry of {@code update}, with no bound on a state's size.
     *
     * @param update the awareness update (the payload of an awareness message)
     * @return the entries, in order
     * @throws AwarenessDecodeException if the update is malformed
     */
    static List<AwarenessEntry> read(byte[] update) {
        return read(update, Integer.MAX_VALUE);
    }

    /**
     * Decodes every entry of {@code update}.
     *
     * <p>Bytes after the last entry are ignored, as awareness.js ignores them (it never checks for the end of
     * its decoder).
     *
     * @param update        the awareness update (the payload of an awareness message)
     * @param maxStateBytes the largest state's JSON text, in UTF-8 bytes; a bigger one is refused before it
     *                      is parsed
     * @return the entries, in order (duplicate client ids kept: they are applied one after the other)
     * @throws AwarenessLimitException  if a state's JSON text is longer than {@code maxStateBytes}
     * @throws AwarenessDecodeException if the update is truncated, a number exceeds 2^53 - 1, the count
     *                                  cannot fit in the input, a string is not valid UTF-8, or a state is
     *                                  not valid JSON
     */
    static List<AwarenessEntry> read(byte[] update, int maxStateBytes) {
        Decoder decoder = new Decoder(update);
        long count;
        try {
            count = decoder.readVarUint();
        } catch (DecodeException e) {
            throw new AwarenessDecodeException("awareness update: bad entry count: " + e.getMessage(), e);
        }
        // Refused up front, so a hostile count costs nothing (awareness.js would loop until it ran out of input).
        if (count > decoder.remaining() / MIN_ENTRY_BYTES) {
            throw new AwarenessDecodeException("awareness update: " + count + " entries cannot fit in the "
                    + decoder.remaining() + " remaining bytes", null);
        }
        List<AwarenessEntry> entries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            entries.add(readEntry(decoder, i, maxStateBytes));
        }
        return entries;
    }

    private static AwarenessEntry readEntry(Decoder decoder, long index, int maxStateBytes) {
        int at = decoder.position();
        try {
            long client = decoder.readVarUint();
            long clock = decoder.readVarUint();
            String json = decoder.readVarString();
            int bytes = utf8Length(json);
            if (bytes > maxStateBytes) {
                throw new AwarenessLimitException(AwarenessLimitException.Limit.STATE_BYTES, maxStateBytes,
                        "awareness update: entry " + index + " (client " + client + "): state of " + bytes
                                + " bytes > max " + maxStateBytes);
            }
            return new AwarenessEntry(client, clock, ClientState.parse(json, bytes));
        } catch (DecodeException e) {
            throw new AwarenessDecodeException("awareness update: entry " + index + " at offset " + at + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The length in UTF-8 of a string decoded from valid UTF-8 (so without lone surrogates: each half of a
     * pair counts 2 of its 4 bytes). Counted from the string, not from the bytes it took: a varUint length may
     * be written with padding bytes.
     */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
