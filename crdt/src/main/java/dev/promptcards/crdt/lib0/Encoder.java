package dev.promptcards.crdt.lib0;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A growable byte buffer that writes the lib0 binary encoding (lib0 {@code encoding.js}), byte for byte
 * as lib0 writes it.
 *
 * <p>One contiguous array that doubles when full; no per-byte allocation. Not thread-safe.
 *
 * <pre>{@code
 * Encoder e = new Encoder();
 * e.writeVarUint(256);
 * e.writeVarString("Hello world!");
 * byte[] bytes = e.toByteArray();
 * }</pre>
 */
public final class Encoder {

    private static final int DEFAULT_CAPACITY = 64;
    /** Largest array size the JVM reliably allocates. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    // lib0 writeAny tags (lib0 encoding.js writeAny table).
    static final int TAG_UNDEFINED = 127;
    static final int TAG_NULL = 126;
    static final int TAG_INTEGER = 125;
    static final int TAG_FLOAT32 = 124;
    static final int TAG_FLOAT64 = 123;
    static final int TAG_BIGINT = 122;
    static final int TAG_FALSE = 121;
    static final int TAG_TRUE = 120;
    static final int TAG_STRING = 119;
    static final int TAG_OBJECT = 118;
    static final int TAG_ARRAY = 117;
    static final int TAG_UINT8ARRAY = 116;

    /** lib0 binary.js BITS31 = 2^31 - 1: writeAny uses varInt only up to this magnitude. */
    private static final double ANY_INT_MAX = 2147483647.0;

    private byte[] buf;
    private int pos;

    /** Creates an empty encoder. */
    public Encoder() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates an empty encoder with room for {@code initialCapacity} bytes before it first grows.
     *
     * @param initialCapacity initial buffer size, at least 0
     */
    public Encoder(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("negative capacity " + initialCapacity);
        }
        buf = new byte[Math.max(initialCapacity, 1)];
    }

    /**
     * Returns the number of bytes written so far.
     *
     * @return the encoded length
     */
    public int length() {
        return pos;
    }

    /**
     * Returns a copy of the bytes written so far (lib0 {@code toUint8Array}).
     *
     * @return a new array of {@link #length()} bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Makes room for {@code n} more bytes. */
    private void ensure(int n) {
        if (n > buf.length - pos) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) pos + n;
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("encoded data would exceed " + MAX_CAPACITY + " bytes");
        }
        long doubled = Math.max((long) buf.length * 2, needed);
        buf = Arrays.copyOf(buf, (int) Math.min(doubled, MAX_CAPACITY));
    }

    /**
     * Writes one byte: the low 8 bits of {@code value} (lib0 {@code writeUint8}; like a JS Uint8Array
     * store, higher bits are dropped).
     *
     * @param value the byte value
     */
    public void writeUint8(int value) {
        if (pos == buf.length) {
            grow(1);
        }
        buf[pos++] = (byte) value;
    }

    /**
     * Writes an unsigned integer in lib0's variable-length form (lib0 {@code writeVarUint}): 7 bits per
     * byte, least significant group first, bit 7 set on every byte but the last.
     *
     * @param value 0 .. 2^53 - 1 (JS {@code Number.MAX_SAFE_INTEGER}; lib0 readers reject larger values)
     * @throws IllegalArgumentException if {@code value} is out of that range
     */
    public void writeVarUint(long value) {
        if ((value & ~0x7FL) == 0) { // 0..127, the common case: one byte
            writeUint8((int) value);
            return;
        }
        if (value < 0 || value > JsValues.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("varUint out of range 0..2^53-1: " + value);
        }
        ensure(8); // 53 bits need at most 8 bytes
        byte[] b = buf;
        int p = pos;
        while (value > 0x7F) {
            b[p++] = (byte) (0x80 | (value & 0x7F));
            value >>>= 7;
        }
        b[p++] = (byte) value;
        pos = p;
    }

    /**
     * Writes a signed integer in lib0's variable-length form (lib0 {@code writeVarInt}): the first byte
     * holds bit 7 = more bytes follow, bit 6 = negative, bits 0-5 = the lowest 6 bits of the magnitude;
     * following bytes hold 7 bits each as in {@link #writeVarUint(long)}.
     *
     * @param value -(2^53 - 1) .. 2^53 - 1
     * @throws IllegalArgumentException if {@code value} is out of that range
     */
    public void writeVarInt(long value) {
        boolean negative = value < 0;
        long magnitude = negative ? -value : value;
        if (magnitude > JsValues.MAX_SAFE_INTEGER || magnitude < 0) {
            throw new IllegalArgumentException("varInt out of range +-(2^53-1): " + value);
        }
        writeVarIntMagnitude(magnitude, negative);
    }

    /**
     * Writes an integral double as a lib0 varInt (lib0 {@code writeVarInt}). {@code -0.0} is written with
     * the sign bit set (a single byte {@code 0x40}), exactly as lib0 does for JS {@code -0}.
     *
     * @param value an integral double with |value| &lt;= 2^53 - 1, or -0.0
     * @throws IllegalArgumentException if {@code value} is not integral or out of range
     */
    public void writeVarInt(double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude <= JsValues.MAX_SAFE_INTEGER) || magnitude != Math.rint(magnitude)) {
            throw new IllegalArgumentException("varInt needs an integer within +-(2^53-1): " + value);
        }
        // lib0 math.isNegativeZero: negative numbers and -0 both get the sign bit.
        writeVarIntMagnitude((long) magnitude, Double.doubleToRawLongBits(value) < 0);
    }

    private void writeVarIntMagnitude(long magnitude, boolean negative) {
        ensure(8); // 6 + 7 * 7 bits cover 53 bits
        byte[] b = buf;
        int p = pos;
        b[p++] = (byte) ((magnitude > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (magnitude & 0x3F));
        magnitude >>>= 6;
        while (magnitude > 0) {
            b[p++] = (byte) ((magnitude > 0x7F ? 0x80 : 0) | (magnitude & 0x7F));
            magnitude >>>= 7;
        }
        pos = p;
    }

    /**
     * Writes a string as its UTF-8 byte length (varUint) followed by the UTF-8 bytes (lib0
     * {@code writeVarString}). As JS {@code TextEncoder} does, each lone surrogate is written as U+FFFD
     * ({@code EF BF BD}).
     *
     * @param value the string
     */
    public void writeVarString(String value) {
        int chars = value.length();
        // Pass 1: UTF-8 length; and whether the string is all ASCII.
        long utf8Len = chars;
        boolean ascii = true;
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                utf8Len = utf8Length(value, i);
                break;
            }
        }
        if (utf8Len > MAX_CAPACITY) {
            throw new IllegalStateException("string too long to encode: " + utf8Len + " UTF-8 bytes");
        }
        writeVarUint(utf8Len);
        ensure((int) utf8Len);
        byte[] b = buf;
        int p = pos;
        if (ascii) {
            for (int i = 0; i < chars; i++) {
                b[p++] = (byte) value.charAt(i);
            }
            pos = p;
            return;
        }
        // Pass 2: encode. Rule source: WHATWG Encoding "UTF-8 encode" over the string's scalar values,
        // where a lone surrogate is first replaced by U+FFFD (TextEncoder, used by lib0 writeVarString).
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                if (Character.isSurrogate(c)) {
                    c = '\uFFFD';
                }
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
    }

    /** UTF-8 length of {@code s}, given that chars before {@code from} are ASCII. */
    private static long utf8Length(String s, int from) {
        long len = from;
        int chars = s.length();
        for (int i = from; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                len += 1;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 4;
                i++;
            } else {
                len += 3; // BMP char, or a lone surrogate written as U+FFFD
            }
        }
        return len;
    }

    /**
     * Writes {@code bytes.length} as a varUint followed by the bytes (lib0 {@code writeVarUint8Array}).
     *
     * @param bytes the bytes
     */
    public void writeVarUint8Array(byte[] bytes) {
        writeVarUint(bytes.length);
        writeUint8Array(bytes);
    }

    /**
     * Writes the bytes as they are, without a length (lib0 {@code writeUint8Array}).
     *
     * @param bytes the bytes
     */
    public void writeUint8Array(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /**
     * Writes a 32-bit IEEE 754 float, big-endian (lib0 {@code writeFloat32}: DataView setFloat32 with
     * littleEndian = false).
     *
     * @param value the float
     */
    public void writeFloat32(float value) {
        writeInt32BigEndian(Float.floatToRawIntBits(value));
    }

    /**
     * Writes a 64-bit IEEE 754 double, big-endian (lib0 {@code writeFloat64}: DataView setFloat64 with
     * littleEndian = false).
     *
     * @param value the double
     */
    public void writeFloat64(double value) {
        writeInt64BigEndian(Double.doubleToRawLongBits(value));
    }

    /**
     * Writes a signed 64-bit integer, big-endian two's complement (lib0 {@code writeBigInt64}: DataView
     * setBigInt64 with littleEndian = false).
     *
     * @param value the integer
     */
    public void writeBigInt64(long value) {
        writeInt64BigEndian(value);
    }

    private void writeInt32BigEndian(int v) {
        ensure(4);
        byte[] b = buf;
        int p = pos;
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
        pos = p + 4;
    }

    private void writeInt64BigEndian(long v) {
        ensure(8);
        byte[] b = buf;
        int p = pos;
        for (int shift = 56; shift >= 0; shift -= 8) {
            b[p++] = (byte) (v >>> shift);
        }
        pos = p;
    }

    /**
     * Writes a value of the JS value model with lib0's tagged encoding (lib0 {@code writeAny}):
     *
     * <table>
     * <caption>tags</caption>
     * <tr><th>tag</th><th>value</th><th>payload</th></tr>
     * <tr><td>127</td><td>{@link Undefined}</td><td>-</td></tr>
     * <tr><td>126</td><td>null</td><td>-</td></tr>
     * <tr><td>125</td><td>number, integral with |x| &lt;= 2^31 - 1 (also -0)</td><td>varInt</td></tr>
     * <tr><td>124</td><td>other number that a float32 holds exactly (incl. infinities)</td><td>float32</td></tr>
     * <tr><td>123</td><td>other number (incl. NaN)</td><td>float64</td></tr>
     * <tr><td>122</td><td>{@link BigInteger} (bigint; reduced modulo 2^64 as BigInt64)</td><td>bigInt64</td></tr>
     * <tr><td>121 / 120</td><td>false / true</td><td>-</td></tr>
     * <tr><td>119</td><td>String</td><td>varString</td></tr>
     * <tr><td>118</td><td>Map (string keys, visited in JS key order)</td><td>varUint count, then key varString
     * and value any</td></tr>
     * <tr><td>117</td><td>List</td><td>varUint count, then values</td></tr>
     * <tr><td>116</td><td>byte[]</td><td>varUint8Array</td></tr>
     * </table>
     *
     * <p>Numbers may be any {@link Number}; they are judged by their double value, as JS would.
     *
     * @param value the value
     * @throws IllegalArgumentException for a type outside the value model, a non-string map key, or
     *                                  nesting deeper than {@value Decoder#MAX_DEPTH} levels (or a cycle)
     */
    public void writeAny(Object value) {
        writeAny(value, 0);
    }

    private void writeAny(Object value, int depth) {
        // Test order as lib0 writeAny: typeof string, number, bigint, object (null, array, Uint8Array, other),
        // boolean, anything else -> undefined.
        if (value instanceof String s) {
            writeUint8(TAG_STRING);
            writeVarString(s);
        } else if (value instanceof Number n) {
            if (n instanceof BigInteger big) {
                writeUint8(TAG_BIGINT);
                writeBigInt64(big.longValue()); // BigInt64 stores the value modulo 2^64, as longValue does
            } else {
                writeAnyNumber(n);
            }
        } else if (value == null) {
            writeUint8(TAG_NULL);
        } else if (value instanceof Boolean bool) {
            writeUint8(bool ? TAG_TRUE : TAG_FALSE);
        } else if (value instanceof Undefined) {
            writeUint8(TAG_UNDEFINED);
        } else if (value instanceof byte[] bytes) {
            writeUint8(TAG_UINT8ARRAY);
            writeVarUint8Array(bytes);
        } else if (value instanceof List<?> list) {
            checkDepth(depth);
            writeUint8(TAG_ARRAY);
            writeVarUint(list.size());
            for (Object item : list) {
                writeAny(item, depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            checkDepth(depth);
            writeUint8(TAG_OBJECT);
            var entries = JsValues.entriesInJsOrder(map);
            writeVarUint(entries.size());
            for (Map.Entry<?, ?> e : entries) {
                writeVarString((String) e.getKey());
                writeAny(e.getValue(), depth + 1);
            }
        } else {
            // lib0 writes undefined (127) for anything it cannot identify (functions, symbols); a Java object
            // outside the value model is a programming error, so we refuse it instead.
            throw JsValues.unsupported(value);
        }
    }

    private static void checkDepth(int depth) {
        if (depth >= Decoder.MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + Decoder.MAX_DEPTH
                    + " levels (or circular)");
        }
    }

    private void writeAnyNumber(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            long l = n.longValue();
            if (l >= -2147483647L && l <= 2147483647L) {
                writeUint8(TAG_INTEGER);
                writeVarIntMagnitude(Math.abs(l), l < 0);
                return;
            }
        }
        double d = n.doubleValue();
        // lib0: number.isInteger(data) && math.abs(data) <= binary.BITS31 -> varInt (also for -0)
        if (Math.abs(d) <= ANY_INT_MAX && d == Math.rint(d)) {
            writeUint8(TAG_INTEGER);
            writeVarIntMagnitude((long) Math.abs(d), Double.doubleToRawLongBits(d) < 0);
        } else if ((float) d == d) {
            // lib0 isFloat32: the value survives a DataView setFloat32/getFloat32 round trip (never NaN)
            writeUint8(TAG_FLOAT32);
            writeFloat32((float) d);
        } else {
            writeUint8(TAG_FLOAT64);
            writeFloat64(d);
        }
    }
}
