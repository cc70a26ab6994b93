package dev.promptcards.crdt.lib0;

import java.util.HexFormat;
import java.util.function.Consumer;

/** Hex helpers for byte-exact assertions. */
final class Bytes {

    private Bytes() {
    }

    /** Parses hex, ignoring spaces: {@code "7d 01"}. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** Lower-case hex without separators. */
    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Runs {@code writes} on a fresh encoder and returns the result as hex. */
    static String encode(Consumer<Encoder> writes) {
        Encoder e = new Encoder();
        writes.accept(e);
        return hex(e.toByteArray());
    }

    /** The hex of {@code writeAny(value)}. */
    static String any(Object value) {
        return encode(e -> e.writeAny(value));
    }
}
