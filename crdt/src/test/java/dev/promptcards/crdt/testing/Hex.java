package dev.promptcards.crdt.testing;

import org.opentest4j.AssertionFailedError;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/** Byte comparisons that fail with a readable hex diff (first differing offset, both sides around it). */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    /** Lower-case hex, bytes separated by spaces. */
    public static String hex(byte[] b) {
        return hex(b, 0, b.length);
    }

    public static String hex(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, from); i < Math.min(b.length, to); i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(HEX.toHexDigits(b[i]));
        }
        return sb.toString();
    }

    /** Index of the first differing byte, or -1 when equal (a length difference counts at the shorter length). */
    public static int firstDifference(byte[] a, byte[] b) {
        return Arrays.mismatch(a, b);
    }

    /** A one-paragraph description of where two byte arrays first differ (empty when equal). */
    public static String describeDifference(byte[] expected, byte[] actual) {
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) {
            return "";
        }
        int from = Math.max(0, at - 16);
        return "first difference at offset " + at + " (expected " + expected.length + " bytes, actual " + actual.length
                + " bytes)\n  expected[" + from + "..]: " + hex(expected, from, at + 32)
                + "\n  actual  [" + from + "..]: " + hex(actual, from, at + 32);
    }

    /** Asserts equal bytes; the message shows the first difference with context. */
    public static void assertBytes(byte[] expected, byte[] actual, String what) {
        assertBytes(expected, actual, what, null);
    }

    /**
     * Asserts equal bytes; on failure the message shows lengths, the first differing offset, both sides
     * around it, and {@code details.get()} (e.g. a struct dump of both updates) when given.
     */
    public static void assertBytes(byte[] expected, byte[] actual, String what, Supplier<String> details) {
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) {
            return;
        }
        StringBuilder msg = new StringBuilder();
        msg.append(what).append(": bytes differ at offset ").append(at)
                .append(" (expected ").append(expected.length).append(" bytes, actual ").append(actual.length).append(")\n");
        int from = Math.max(0, at - 16);
        int to = at + 32;
        msg.append("  expected[").append(from).append("..]: ").append(hex(expected, from, to)).append('\n');
        msg.append("  actual  [").append(from).append("..]: ").append(hex(actual, from, to)).append('\n');
        msg.append("  expected byte: ").append(at < expected.length ? HEX.toHexDigits(expected[at]) : "(end)")
                .append(", actual byte: ").append(at < actual.length ? HEX.toHexDigits(actual[at]) : "(end)");
        if (details != null) {
            try {
                msg.append('\n').append(details.get());
            } catch (RuntimeException e) {
                msg.append("\n(details failed: ").append(e).append(')');
            }
        }
        boolean small = expected.length <= 1024 && actual.length <= 1024;
        throw new AssertionFailedError(msg.toString(),
                small ? hex(expected) : "(" + expected.length + " bytes)",
                small ? hex(actual) : "(" + actual.length + " bytes)");
    }
}
