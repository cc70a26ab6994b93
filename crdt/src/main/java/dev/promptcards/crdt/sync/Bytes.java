package dev.promptcards.crdt.sync;

import java.util.Arrays;
import java.util.Objects;

/** Content equality and readable {@code toString} for the byte arrays carried by message records. */
final class Bytes {

    /** At most this many bytes are shown by {@link #describe}; big updates are abbreviated. */
    private static final int SHOWN = 32;

    private Bytes() {
    }

    static byte[] require(byte[] bytes, String name) {
        return Objects.requireNonNull(bytes, name);
    }

    /** E.g. {@code "3 bytes: 01 01 02"}, abbreviated with {@code "..."} after {@value #SHOWN} bytes. */
    static String describe(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        sb.append(bytes.length).append(bytes.length == 1 ? " byte" : " bytes");
        if (bytes.length > 0) {
            sb.append(':');
        }
        int n = Math.min(bytes.length, SHOWN);
        for (int i = 0; i < n; i++) {
            sb.append(' ');
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16));
            sb.append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        if (bytes.length > SHOWN) {
            sb.append(" ...");
        }
        return sb.toString();
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    static int hash(byte[] a) {
        return Arrays.hashCode(a);
    }
}
