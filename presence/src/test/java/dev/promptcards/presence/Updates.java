package dev.promptcards.presence;

import dev.promptcards.crdt.lib0.Encoder;

import java.util.HexFormat;

/** Builds awareness updates entry by entry, and converts bytes to and from hex, for the tests. */
final class Updates {

    private static final HexFormat HEX = HexFormat.of();

    private final Encoder encoder = new Encoder();
    private final Encoder entries = new Encoder();
    private int count;

    private Updates() {
    }

    /** Starts an update. */
    static Updates update() {
        return new Updates();
    }

    /** Adds the entry {@code (client, clock, json)}. */
    Updates entry(long client, long clock, String json) {
        entries.writeVarUint(client);
        entries.writeVarUint(clock);
        entries.writeVarString(json);
        count++;
        return this;
    }

    /** The update: varUint count, then the entries (PROTOCOL.md awarenessUpdate). */
    byte[] bytes() {
        encoder.writeVarUint(count);
        encoder.writeUint8Array(entries.toByteArray());
        return encoder.toByteArray();
    }

    /** A one-entry update. */
    static byte[] single(long client, long clock, String json) {
        return update().entry(client, clock, json).bytes();
    }

    static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
