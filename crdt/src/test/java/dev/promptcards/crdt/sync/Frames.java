package dev.promptcards.crdt.sync;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Byte helpers for exact assertions, printed as Node prints a Uint8Array's values: {@code [0, 0, 1, 0]}. */
final class Frames {

    private Frames() {
    }

    /** Builds bytes from unsigned values 0..255, and from strings as their UTF-8 bytes. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer value) {
                if (value < 0 || value > 255) {
                    throw new IllegalArgumentException("not a byte: " + value);
                }
                out.write(value);
            } else if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else if (part instanceof byte[] raw) {
                out.writeBytes(raw);
            } else {
                throw new IllegalArgumentException("unsupported part: " + part);
            }
        }
        return out.toByteArray();
    }

    /** {@code [0, 2, 12]}: unsigned values, comparable with what Node prints for a Uint8Array. */
    static String show(byte[] bytes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(bytes[i] & 0xFF);
        }
        return sb.append(']').toString();
    }

    /** Concatenates frames. */
    static byte[] concat(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }
}
