package dev.promptcards.crdt.lib0;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Reads the lib0 binary encoding (lib0 {@code decoding.js}) from a byte array, with bounds checks.
 *
 * <p>Every malformed input (truncation, out-of-range integers, invalid UTF-8, unknown {@code readAny}
 * tags, nesting deeper than {@value #MAX_DEPTH} levels) throws {@link DecodeException}; no length field
 * makes it allocate more than the remaining input. Positions and offsets in messages are relative to the
 * start of the decoded range. The array is read in place, so it must not change while being decoded.
 * Not thread-safe.
 */
public final class Decoder {

    /**
     * Deepest nesting of arrays/objects that {@link #readAny()} accepts (and that {@link Encoder#writeAny},
     * {@link JsJson} and {@link JsValues#normalize} accept), so that hostile input cannot overflow the stack.
     * lib0 itself has no limit but the JS stack.
     */
    public static final int MAX_DEPTH = 1000;

    private final byte[] buf;
    /** Start of the range in {@link #buf}; offsets reported to callers are relative to it. */
    private final int start;
    private final int end;
    private int pos;

    /**
     * Creates a decoder over the whole array.
     *
     * @param bytes the input, read in place
     */
    public Decoder(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /**
     * Creates a decoder over {@code bytes[offset .. offset + length)}.
     *
     * @param bytes  the input, read in place
     * @param offset start of the range
     * @param length length of the range
     * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
     */
    public Decoder(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.buf = bytes;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /**
     * Tells whether unread input remains (lib0 {@code hasContent}).
     *
     * @return true if at least one byte is left
     */
    public boolean hasContent() {
        return pos < end;
    }

    /**
     * Returns the current read position, relative to the start of the decoded range.
     *
     * @return the number of bytes read so far
     */
    public int position() {
        return pos - start;
    }

    /**
     * Returns the number of unread bytes.
     *
     * @return bytes left
     */
    public int remaining() {
        return end - pos;
    }

    private DecodeException error(String what, int at, String reason) {
        return new DecodeException(what, at - start, reason);
    }

    private DecodeException endOfInput(String what, int at) {
        return error(what, at, "unexpected end of input (input length " + (end - start) + ")");
    }

    /** Checks that {@code n} bytes remain for a read of {@code what} that started at {@code at}. */
    private void require(long n, String what, int at) {
        if (n > end - pos) {
            if (n == 1 || pos == at) {
                throw endOfInput(what, at);
            }
            throw error(what, at, "length " + n + " exceeds the " + (end - pos) + " remaining bytes");
        }
    }

    /**
     * Reads one byte as an unsigned integer (lib0 {@code readUint8}).
     *
     * @return 0 .. 255
     * @throws DecodeException at end of input
     */
    public int readUint8() {
        if (pos >= end) {
            throw endOfInput("uint8", pos);
        }
        return buf[pos++] & 0xFF;
    }

    /**
     * Reads a lib0 varUint (lib0 {@code readVarUint}).
     *
     * <p>lib0 throws "Integer out of Range" when a continued number exceeds
     * {@code Number.MAX_SAFE_INTEGER}; it can still return (rounded) values up to 2^56 from the final byte.
     * We reject every value above 2^53 - 1 instead, so results are always exact. Redundant trailing
     * {@code 0x80} groups (an overlong encoding) are accepted, as lib0 accepts them.
     *
     * @return 0 .. 2^53 - 1
     * @throws DecodeException if truncated or larger than 2^53 - 1
     */
    public long readVarUint() {
        int at = pos;
        if (at < end) { // one-byte fast path
            int r = buf[at];
            if (r >= 0) {
                pos = at + 1;
                return r;
            }
        }
        return readVarUintSlow(at, "varUint");
    }

    private long readVarUintSlow(int at, String what) {
        long num = 0;
        int shift = 0;
        int p = pos;
        while (p < end) {
            int r = buf[p++] & 0xFF;
            long bits = r & 0x7F;
            if (bits != 0) {
                if (shift > 52 || (num += bits << shift) > JsValues.MAX_SAFE_INTEGER) {
                    pos = p;
                    throw error(what, at, "integer out of range (more than 53 bits)");
                }
            }
            if (r < 0x80) {
                pos = p;
                return num;
            }
            shift += 7;
        }
        pos = p;
        throw endOfInput(what, at);
    }

    /**
     * Reads a lib0 varInt (lib0 {@code readVarInt}): bit 7 of the first byte = more bytes follow, bit 6 =
     * negative, bits 0-5 = lowest 6 bits of the magnitude; then 7 bits per byte. {@code -0} (0x40) reads as
     * 0; use {@link #readVarIntNumber()} to keep it.
     *
     * @return -(2^53 - 1) .. 2^53 - 1
     * @throws DecodeException if truncated or the magnitude exceeds 2^53 - 1
     */
    public long readVarInt() {
        long raw = readVarIntRaw();
        long magnitude = raw & ~NEGATIVE_FLAG;
        return raw == magnitude ? magnitude : -magnitude;
    }

    /**
     * Reads a lib0 varInt as a JS number of the value model: a {@link Long}, or {@code Double -0.0} for
     * a negative zero (lib0 readVarInt returns {@code -1 * 0 = -0} for the byte {@code 0x40}).
     *
     * @return a {@code Long}, or {@code Double} -0.0
     * @throws DecodeException if truncated or the magnitude exceeds 2^53 - 1
     */
    public Number readVarIntNumber() {
        long raw = readVarIntRaw();
        if (raw == NEGATIVE_FLAG) {
            return -0.0;
        }
        long magnitude = raw & ~NEGATIVE_FLAG;
        return raw == magnitude ? magnitude : -magnitude;
    }

    /** Marks a negative result of {@link #readVarIntRaw()}; magnitudes never reach bit 62. */
    private static final long NEGATIVE_FLAG = 1L << 62;

    /** Reads a varInt as its magnitude, with {@link #NEGATIVE_FLAG} set when the sign bit was. */
    private long readVarIntRaw() {
        int at = pos;
        if (at >= end) {
            throw endOfInput("varInt", at);
        }
        int r = buf[pos++] & 0xFF;
        long num = r & 0x3F;
        long sign = (r & 0x40) != 0 ? NEGATIVE_FLAG : 0;
        if (r < 0x80) {
            return num | sign;
        }
        int shift = 6;
        int p = pos;
        while (p < end) {
            r = buf[p++] & 0xFF;
            long bits = r & 0x7F;
            if (bits != 0) {
                if (shift > 52 || (num += bits << shift) > JsValues.MAX_SAFE_INTEGER) {
                    pos = p;
                    throw error("varInt", at, "integer out of range (more than 53 bits)");
                }
            }
            if (r < 0x80) {
                pos = p;
                return num | sign;
            }
            shift += 7;
        }
        pos = p;
        throw endOfInput("varInt", at);
    }

    /**
     * Reads a varUint byte length followed by that many UTF-8 bytes (lib0 {@code readVarString}).
     *
     * <p>lib0 decodes with {@code new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})}: invalid UTF-8
     * (including encoded surrogates, overlong forms, truncated sequences) makes it throw, and a leading
     * byte order mark is kept as U+FEFF. We do the same: invalid UTF-8 throws {@link DecodeException}.
     *
     * @return the string
     * @throws DecodeException if truncated, if the length exceeds the remaining input, or on invalid UTF-8
     */
    public String readVarString() {
        int at = pos;
        long len = readVarUint();
        require(len, "varString", at);
        int n = (int) len;
        int from = pos;
        int bad = Utf8.firstInvalid(buf, from, from + n);
        if (bad >= 0) {
            throw error("varString", at, "invalid UTF-8 at offset " + (bad - start));
        }
        pos = from + n;
        return new String(buf, from, n, StandardCharsets.UTF_8);
    }

    /**
     * Reads a varUint length followed by that many bytes (lib0 {@code readVarUint8Array}); returns a copy.
     *
     * @return the bytes
     * @throws DecodeException if truncated or the length exceeds the remaining input (checked before
     *                         allocating)
     */
    public byte[] readVarUint8Array() {
        int at = pos;
        long len = readVarUint();
        require(len, "varUint8Array", at);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) len);
        pos += (int) len;
        return out;
    }

    /**
     * Reads {@code length} bytes (lib0 {@code readUint8Array}); returns a copy.
     *
     * @param length number of bytes
     * @return the bytes
     * @throws DecodeException if {@code length} is negative or exceeds the remaining input
     */
    public byte[] readUint8Array(int length) {
        int at = pos;
        if (length < 0) {
            throw error("uint8Array", at, "negative length " + length);
        }
        require(length, "uint8Array", at);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return out;
    }

    /**
     * Reads a big-endian 32-bit IEEE 754 float (lib0 {@code readFloat32}).
     *
     * @return the float
     * @throws DecodeException if fewer than 4 bytes remain
     */
    public float readFloat32() {
        require(4, "float32", pos);
        int p = pos;
        int bits = (buf[p] & 0xFF) << 24 | (buf[p + 1] & 0xFF) << 16 | (buf[p + 2] & 0xFF) << 8 | (buf[p + 3] & 0xFF);
        pos = p + 4;
        return Float.intBitsToFloat(bits);
    }

    /**
     * Reads a big-endian 64-bit IEEE 754 double (lib0 {@code readFloat64}).
     *
     * @return the double
     * @throws DecodeException if fewer than 8 bytes remain
     */
    public double readFloat64() {
        require(8, "float64", pos);
        return Double.longBitsToDouble(readInt64BigEndian());
    }

    /**
     * Reads a big-endian signed 64-bit integer (lib0 {@code readBigInt64}).
     *
     * @return the integer
     * @throws DecodeException if fewer than 8 bytes remain
     */
    public long readBigInt64() {
        require(8, "bigInt64", pos);
        return readInt64BigEndian();
    }

    private long readInt64BigEndian() {
        long v = 0;
        int p = pos;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[p + i] & 0xFF);
        }
        pos = p + 8;
        return v;
    }

    /**
     * Reads a value written by lib0 {@code writeAny} into the JS value model (see {@link JsValues}):
     * 127 {@link Undefined}, 126 null, 125 varInt ({@code Long}, or {@code Double -0.0}), 124 float32 and
     * 123 float64 (normalized: {@code Long} when integral within 2^53, else {@code Double}),
     * 122 bigInt64 ({@link BigInteger}), 121 false, 120 true, 119 String, 118 object
     * ({@code LinkedHashMap} in JS key order), 117 array ({@code ArrayList}), 116 {@code byte[]}.
     *
     * <p>Objects are built as lib0 builds them ({@code obj[key] = value}): a repeated key keeps its first
     * position and takes the last value, and a {@code "__proto__"} key is dropped, because that
     * assignment sets the prototype instead of creating a property.
     *
     * @return the value
     * @throws DecodeException on truncated input, an unknown tag, or nesting deeper than
     *                         {@value #MAX_DEPTH} levels
     */
    public Object readAny() {
        return readAny(0);
    }

    // One stack frame per nesting level, so MAX_DEPTH levels fit in any thread's stack.
    private Object readAny(int depth) {
        int at = pos;
        int tag = readUint8();
        switch (tag) {
            case Encoder.TAG_UNDEFINED:
                return Undefined.INSTANCE;
            case Encoder.TAG_NULL:
                return null;
            case Encoder.TAG_INTEGER:
                return readVarIntNumber();
            case Encoder.TAG_FLOAT32:
                return JsValues.normalizeNumber((double) readFloat32());
            case Encoder.TAG_FLOAT64:
                return JsValues.normalizeNumber(readFloat64());
            case Encoder.TAG_BIGINT:
                return BigInteger.valueOf(readBigInt64());
            case Encoder.TAG_FALSE:
                return Boolean.FALSE;
            case Encoder.TAG_TRUE:
                return Boolean.TRUE;
            case Encoder.TAG_STRING:
                return readVarString();
            case Encoder.TAG_OBJECT:
                requireDepth(depth, at);
                return readAnyObjectEntries(at, depth + 1);
            case Encoder.TAG_ARRAY:
                requireDepth(depth, at);
                return readAnyArrayElements(at, depth + 1);
            case Encoder.TAG_UINT8ARRAY:
                return readVarUint8Array();
            default:
                // lib0 readAny indexes readAnyLookupTable[127 - tag]; for tags outside 116..127 the entry is
                // undefined and calling it throws a TypeError ("... is not a function") - it does NOT return
                // undefined. We throw as well.
                throw error("any", at, "unknown type tag " + tag);
        }
    }

    private void requireDepth(int depth, int at) {
        if (depth >= MAX_DEPTH) {
            throw error("any", at, "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private LinkedHashMap<String, Object> readAnyObjectEntries(int at, int depth) {
        long count = readVarUint();
        // every entry takes at least 2 bytes (key length, value tag): refuse impossible counts up front
        if (count * 2 > end - pos) {
            throw error("any object", at, count + " entries cannot fit in the " + (end - pos)
                    + " remaining bytes");
        }
        LinkedHashMap<String, Object> map = LinkedHashMap.newLinkedHashMap((int) count);
        boolean indexKeys = false;
        for (long i = 0; i < count; i++) {
            String key = readVarString();
            Object value = readAny(depth);
            if ("__proto__".equals(key)) {
                // JS `obj['__proto__'] = v` on a fresh object literal hits the Object.prototype.__proto__
                // setter: it sets (or ignores) the prototype and creates no own property, so Object.keys
                // and a re-encode skip it. (We do not model the prototype's further effects.)
                continue;
            }
            indexKeys |= JsValues.putTracking(map, key, value);
        }
        return JsValues.finishObject(map, indexKeys);
    }

    private List<Object> readAnyArrayElements(int at, int depth) {
        long count = readVarUint();
        // every element takes at least 1 byte (its tag): refuse impossible counts up front
        if (count > end - pos) {
            throw error("any array", at, count + " elements cannot fit in the " + (end - pos)
                    + " remaining bytes");
        }
        List<Object> list = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            list.add(readAny(depth));
        }
        return list;
    }
}
