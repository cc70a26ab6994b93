package dev.promptcards.crdt.lib0;

import dev.promptcards.crdt.testing.TaggedJson;
import dev.promptcards.crdt.testing.YjsNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.promptcards.crdt.testing.Hex.assertBytes;
import static dev.promptcards.crdt.testing.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden vectors from real lib0 (the version Yjs 13.6.33 resolves to): for every primitive and every
 * writeAny tag, our {@link Encoder} writes exactly lib0's bytes, and our {@link Decoder} reads lib0's bytes
 * back to the value lib0 itself reads, ending at the same position.
 */
class Lib0GoldenVectorsTest {

    private static YjsNode node;

    @BeforeAll
    static void startNode() {
        node = YjsNode.shared();
    }

    // ------------------------------------------------------------------------------------------
    // the values

    private static final long P53 = 1L << 53;

    static List<Object> varUints() {
        List<Object> v = new ArrayList<>();
        for (int bits = 0; bits <= 53; bits++) {
            long p = 1L << bits;
            v.add(p - 1);
            if (bits < 53) {
                v.add(p);
                v.add(p + 1);
            }
        }
        v.addAll(List.of(100L, 1000L, 123456789L, 4294967295L, 4294967296L, P53 - 2));
        return dedupe(v);
    }

    static List<Object> varInts() {
        List<Object> v = new ArrayList<>();
        for (int bits = 0; bits <= 53; bits++) {
            long p = (1L << bits) - 1;
            v.add(p);
            v.add(-p);
            if (bits < 53) {
                v.add(p + 1);
                v.add(-(p + 1));
            }
        }
        v.addAll(List.of(63L, 64L, -63L, -64L, 8191L, 8192L, -8192L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE));
        v.add(-0.0); // lib0: isNegativeZero -> sign bit set, 0x40
        return dedupe(v);
    }

    static List<Object> strings() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            big.append((char) ('a' + i % 26));
            if (i % 1000 == 0) {
                big.append("é日😀");
            }
        }
        return List.of("", "a", "hello world", "ü", "é", "日本語", "😀", "a😀b", "👍🏽", "\u0000", "\u007f", "\u0080",
                "\u07ff", "\u0800", "\uffff", "\ufeffbom", "x".repeat(127), "y".repeat(128), "z".repeat(16384),
                "\ud800", "a\udc00b", "\udbff\udfff", "\ud83d", "tab\tnew\nline\"quote\\", big.toString());
    }

    static List<Object> byteArrays() {
        byte[] random = new byte[300];
        new Random(7).nextBytes(random);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return List.of(new byte[0], new byte[] {0}, new byte[] {(byte) 0xff}, all, random, new byte[127], new byte[128]);
    }

    static List<Object> float32s() {
        float[] fs = {0f, -0f, 1f, -1f, 1.5f, -2.25f, 0.1f, 1e-10f, 3.4028235e38f, -3.4028235e38f, Float.MIN_VALUE,
            Float.MIN_NORMAL, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 16777216f, 16777217f, 1234.5678f};
        List<Object> v = new ArrayList<>();
        for (float f : fs) {
            v.add((double) f);
        }
        return v;
    }

    static List<Object> float64s() {
        return List.of(0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 1e300, -1e-300, Double.MAX_VALUE, Double.MIN_VALUE,
                Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 9007199254740993.0,
                Math.PI, 123456789.123456789, 2.5e-320);
    }

    static List<Object> bigInts() {
        return List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(-1), BigInteger.valueOf(Long.MAX_VALUE),
                BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(P53 + 1), BigInteger.valueOf(-P53 - 1),
                BigInteger.valueOf(255), BigInteger.valueOf(256), BigInteger.valueOf(-256));
    }

    /** Every writeAny tag, boundaries between integer / float32 / float64, nested any. */
    static List<Object> anys() {
        List<Object> v = new ArrayList<>();
        // 127 undefined, 126 null, 121/120 booleans
        v.add(Undefined.INSTANCE);
        v.add(null);
        v.add(true);
        v.add(false);
        // 125 integer: |x| <= 2^31-1; beyond: float32 when exact, else float64
        for (long x : new long[] {0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, 1_000_000,
                Integer.MAX_VALUE, -(long) Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, (1L << 31) + 1, 1L << 32,
                (1L << 32) + 1, 1L << 40, P53 - 1, -(P53 - 1), 1L << 52, 123456789012L}) {
            v.add(x);
        }
        v.add(-0.0);
        // 124 float32 and 123 float64
        v.addAll(List.of(0.5, -0.5, 1.5, 0.1, -0.1, 1e300, 3.4028234663852886e38, 1e-45, Double.MIN_VALUE,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5, 16777217.5, 1.0 / 3, 9007199254740992.0 * 4));
        // 122 bigint
        v.addAll(bigInts());
        // 119 string
        v.addAll(List.of("", "text", "日本語", "😀", "\ud800", "x".repeat(200)));
        // 116 Uint8Array
        v.addAll(byteArrays().subList(0, 4));
        // 117 array and 118 object, nested
        v.add(List.of());
        v.add(new ArrayList<>(Arrays.asList(1L, "two", null, Undefined.INSTANCE, true, 2.5, List.of(List.of()))));
        v.add(new LinkedHashMap<>());
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("a", 1L);
        obj.put("b", "text");
        obj.put("nested", new LinkedHashMap<>(Map.of("deep", List.of(new byte[] {1, 2, 3}, BigInteger.TEN, -0.0))));
        obj.put("", Undefined.INSTANCE);
        obj.put("ü😀", null);
        obj.put("$type", "a key with a dollar");
        v.add(obj);
        Map<String, Object> jsOrder = new LinkedHashMap<>(); // array-index keys first, ascending, as JS orders them
        jsOrder.put("1", "one");
        jsOrder.put("10", "ten");
        jsOrder.put("b", "bee");
        jsOrder.put("a", "ay");
        jsOrder.put("01", "not an index");
        v.add(jsOrder);
        return v;
    }

    private static List<Object> dedupe(List<Object> v) {
        List<Object> out = new ArrayList<>();
        for (Object o : v) {
            boolean seen = out.stream().anyMatch(x -> x.equals(o));
            if (!seen) {
                out.add(o);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Java side

    static byte[] javaEncode(String fn, Object v) {
        Encoder e = new Encoder();
        switch (fn) {
            case "writeVarUint" -> e.writeVarUint(((Number) v).longValue());
            case "writeVarInt" -> {
                if (v instanceof Double d) {
                    e.writeVarInt(d.doubleValue());
                } else {
                    e.writeVarInt(((Number) v).longValue());
                }
            }
            case "writeVarString" -> e.writeVarString((String) v);
            case "writeVarUint8Array" -> e.writeVarUint8Array((byte[]) v);
            case "writeFloat32" -> e.writeFloat32((float) ((Number) v).doubleValue());
            case "writeFloat64" -> e.writeFloat64(((Number) v).doubleValue());
            case "writeBigInt64" -> e.writeBigInt64(((BigInteger) v).longValueExact());
            case "writeAny" -> e.writeAny(v);
            default -> throw new IllegalArgumentException(fn);
        }
        return e.toByteArray();
    }

    static Object javaDecode(String fn, Decoder d) {
        return switch (fn) {
            case "writeVarUint" -> d.readVarUint();
            case "writeVarInt" -> d.readVarIntNumber();
            case "writeVarString" -> d.readVarString();
            case "writeVarUint8Array" -> d.readVarUint8Array();
            case "writeFloat32" -> (double) d.readFloat32();
            case "writeFloat64" -> d.readFloat64();
            case "writeBigInt64" -> BigInteger.valueOf(d.readBigInt64());
            case "writeAny" -> d.readAny();
            default -> throw new IllegalArgumentException(fn);
        };
    }

    /** JSON text of a value in tagged form, key order kept (object key order is part of the value here). */
    private static String tagged(Object javaValue) {
        return JsJson.stringify(TaggedJson.toTagged(javaValue));
    }

    private static String describe(Object v) {
        String s = tagged(v);
        return s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + " chars)" : s;
    }

    private Stream<DynamicTest> vectors(String fn, List<Object> values) {
        return values.stream().map(v -> DynamicTest.dynamicTest(fn + " " + describe(v), () -> checkVector(fn, v)));
    }

    private void checkVector(String fn, Object value) {
        byte[] lib0 = node.lib0Encode(fn, value);
        byte[] java = javaEncode(fn, value);
        assertBytes(lib0, java, fn + "(" + describe(value) + ")");
        checkDecode(fn, lib0);
    }

    /** Java reads lib0's bytes to what lib0 reads, and stops where lib0 stops. */
    private void checkDecode(String fn, byte[] bytes) {
        YjsNode.Decoded expected = node.lib0Decode(fn, bytes);
        Decoder d = new Decoder(bytes);
        Object actual = javaDecode(fn, d);
        assertEquals(JsJson.stringify(expected.tagged()), tagged(actual), () -> "decoding " + hex(bytes));
        assertEquals(expected.position(), d.position(), () -> "position after decoding " + hex(bytes));
        assertFalse(d.hasContent(), "the whole vector is consumed");
        if (fn.equals("writeAny") || fn.equals("writeVarInt")) {
            assertJsValueModel(actual);
        }
    }

    /** numbers are Long when integral, |x| <= 2^53 and not -0, else Double; objects are maps; arrays lists. */
    static void assertJsValueModel(Object v) {
        if (v instanceof BigInteger) {
            return;
        }
        if (v instanceof Double d) {
            boolean integralSafe = d == Math.rint(d) && Math.abs(d) <= P53 && !(d == 0 && 1 / d < 0);
            assertFalse(integralSafe, () -> "integral number " + d + " must be a Long in the JS value model");
        } else if (v instanceof Number n) {
            assertInstanceOf(Long.class, n, () -> "numbers are Long or Double, not " + n.getClass());
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(Lib0GoldenVectorsTest::assertJsValueModel);
        } else if (v instanceof List<?> l) {
            l.forEach(Lib0GoldenVectorsTest::assertJsValueModel);
        } else if (v != null && !(v instanceof String || v instanceof Boolean || v instanceof byte[]
                || v instanceof BigInteger || v == Undefined.INSTANCE)) {
            fail("not a JS value model type: " + v.getClass());
        }
    }

    @TestFactory
    Stream<DynamicTest> var_uint_matches_lib0() {
        return vectors("writeVarUint", varUints());
    }

    @TestFactory
    Stream<DynamicTest> var_int_matches_lib0_including_negative_zero() {
        return vectors("writeVarInt", varInts());
    }

    @TestFactory
    Stream<DynamicTest> var_string_matches_lib0_including_surrogates() {
        return vectors("writeVarString", strings());
    }

    @TestFactory
    Stream<DynamicTest> var_uint8_array_matches_lib0() {
        return vectors("writeVarUint8Array", byteArrays());
    }

    @TestFactory
    Stream<DynamicTest> float32_matches_lib0() {
        return vectors("writeFloat32", float32s());
    }

    @TestFactory
    Stream<DynamicTest> float64_matches_lib0() {
        return vectors("writeFloat64", float64s());
    }

    @TestFactory
    Stream<DynamicTest> big_int64_matches_lib0() {
        return vectors("writeBigInt64", bigInts());
    }

    @TestFactory
    Stream<DynamicTest> write_any_matches_lib0_for_every_tag() {
        return vectors("writeAny", anys());
    }

    @Test
    void write_any_accepts_other_java_numbers_as_js_numbers() {
        // any Number is judged by its double value, as JS would see it
        Object[][] cases = {{3, 3L}, {(short) -7, -7L}, {(byte) 5, 5L}, {3.0, 3L}, {2.5f, 2.5}, {1e10, 10_000_000_000L},
            {new java.math.BigDecimal("0.25"), 0.25}};
        for (Object[] c : cases) {
            assertBytes(node.lib0Encode("writeAny", c[1]), javaEncode("writeAny", c[0]), "writeAny(" + c[0].getClass().getSimpleName() + " " + c[0] + ")");
        }
    }

    @Test
    void write_any_orders_object_keys_like_js() {
        // JS Object.keys: array-index keys ascending first, then the rest in insertion order
        Map<String, Object> insertionOrder = new LinkedHashMap<>();
        insertionOrder.put("b", 1L);
        insertionOrder.put("10", 2L);
        insertionOrder.put("a", 3L);
        insertionOrder.put("2", 4L);
        insertionOrder.put("4294967294", 5L); // the largest array index
        insertionOrder.put("4294967295", 6L); // not an array index
        byte[] lib0 = node.lib0Encode("writeAny", insertionOrder); // the harness builds the JS object in this order
        assertBytes(lib0, javaEncode("writeAny", insertionOrder), "writeAny of a map in insertion order");
    }

    @Test
    void many_values_in_a_row_match_lib0() {
        List<Object> all = anys();
        byte[] lib0 = node.lib0EncodeAll("writeAny", all);
        Encoder e = new Encoder();
        all.forEach(e::writeAny);
        assertBytes(lib0, e.toByteArray(), "writeAny of " + all.size() + " values in a row");
        Decoder d = new Decoder(lib0);
        for (Object v : all) {
            Object read = d.readAny();
            assertEquals(JsJson.stringify(node.lib0Decode("writeAny", javaEncode("writeAny", v)).tagged()), tagged(read));
        }
        assertFalse(d.hasContent());
    }

    // ------------------------------------------------------------------------------------------
    // malformed input: Java throws DecodeException exactly where lib0 throws, never anything else

    record Edge(String fn, String name, byte[] bytes) { }

    private static byte[] bytes(int... bs) {
        byte[] b = new byte[bs.length];
        for (int i = 0; i < bs.length; i++) {
            b[i] = (byte) bs[i];
        }
        return b;
    }

    private static byte[] repeat(int[] unit, int times, int... tail) {
        byte[] b = new byte[unit.length * times + tail.length];
        for (int t = 0; t < times; t++) {
            for (int i = 0; i < unit.length; i++) {
                b[t * unit.length + i] = (byte) unit[i];
            }
        }
        for (int i = 0; i < tail.length; i++) {
            b[unit.length * times + i] = (byte) tail[i];
        }
        return b;
    }

    static List<Edge> edges() {
        List<Edge> e = new ArrayList<>();
        e.add(new Edge("writeVarUint", "empty", bytes()));
        e.add(new Edge("writeVarUint", "continuation then end", bytes(0x80)));
        e.add(new Edge("writeVarUint", "overlong zero (11 bytes)", bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)));
        e.add(new Edge("writeVarUint", "2^53-1", bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)));
        e.add(new Edge("writeVarUint", "beyond 53 bits after 8 continuation bytes", bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)));
        e.add(new Edge("writeVarUint", "10 x 0xff", repeat(new int[] {0xff}, 10)));
        e.add(new Edge("writeVarInt", "continuation then end", bytes(0x80)));
        e.add(new Edge("writeVarInt", "beyond 53 bits", bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)));
        e.add(new Edge("writeVarString", "length past the end", bytes(0x05, 0x61, 0x62)));
        e.add(new Edge("writeVarString", "invalid utf-8 (c3 28)", bytes(0x02, 0xc3, 0x28)));
        e.add(new Edge("writeVarString", "truncated utf-8 sequence", bytes(0x02, 0xe6, 0x97)));
        e.add(new Edge("writeVarString", "utf-8 encoded surrogate (ed a0 80)", bytes(0x03, 0xed, 0xa0, 0x80)));
        e.add(new Edge("writeVarString", "overlong utf-8 (c0 80)", bytes(0x02, 0xc0, 0x80)));
        e.add(new Edge("writeVarString", "BOM is kept", bytes(0x04, 0xef, 0xbb, 0xbf, 0x61)));
        e.add(new Edge("writeVarString", "length 2^40", bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x61)));
        e.add(new Edge("writeVarUint8Array", "length 2^40", bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x01, 0x02)));
        e.add(new Edge("writeVarUint8Array", "length 2^53-1", bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)));
        e.add(new Edge("writeVarUint8Array", "length one past the end", bytes(0x03, 0x01, 0x02)));
        e.add(new Edge("writeFloat32", "3 bytes", bytes(0x3f, 0x80, 0x00)));
        e.add(new Edge("writeFloat64", "7 bytes", bytes(0x3f, 0xf0, 0, 0, 0, 0, 0)));
        e.add(new Edge("writeBigInt64", "7 bytes", bytes(0, 0, 0, 0, 0, 0, 1)));
        e.add(new Edge("writeAny", "empty", bytes()));
        e.add(new Edge("writeAny", "unknown tag 0", bytes(0x00)));
        e.add(new Edge("writeAny", "unknown tag 115", bytes(0x73)));
        e.add(new Edge("writeAny", "unknown tag 128", bytes(0x80)));
        e.add(new Edge("writeAny", "unknown tag 255", bytes(0xff)));
        e.add(new Edge("writeAny", "array claiming 2^32 elements", bytes(0x75, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7e)));
        e.add(new Edge("writeAny", "object claiming 2^40 entries", bytes(0x76, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x01, 0x61, 0x7e)));
        e.add(new Edge("writeAny", "object with a truncated key", bytes(0x76, 0x01, 0x05, 0x61)));
        e.add(new Edge("writeAny", "bytes claiming 2^40", bytes(0x74, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20)));
        e.add(new Edge("writeAny", "float64 truncated", bytes(0x7b, 0x3f, 0xf0)));
        e.add(new Edge("writeAny", "float32 truncated", bytes(0x7c, 0x3f)));
        e.add(new Edge("writeAny", "bigint truncated", bytes(0x7a, 0x00)));
        e.add(new Edge("writeAny", "string truncated", bytes(0x77, 0x03, 0x61)));
        e.add(new Edge("writeAny", "arrays nested 500 deep", repeat(new int[] {0x75, 0x01}, 500, 0x7e)));
        e.add(new Edge("writeAny", "arrays nested 200000 deep", repeat(new int[] {0x75, 0x01}, 200_000, 0x7e)));
        e.add(new Edge("writeAny", "objects nested 200000 deep", repeat(new int[] {0x76, 0x01, 0x00}, 200_000, 0x7e)));
        return e;
    }

    @TestFactory
    Stream<DynamicTest> decoder_throws_decode_exception_where_lib0_throws() {
        return edges().stream().map(edge -> DynamicTest.dynamicTest(edge.fn() + ": " + edge.name(), () -> checkEdge(edge)));
    }

    private void checkEdge(Edge edge) {
        YjsNode.Decoded expected;
        try {
            expected = node.lib0Decode(edge.fn(), edge.bytes());
        } catch (YjsNode.YjsError lib0Threw) {
            Decoder d = new Decoder(edge.bytes());
            try {
                Object v = javaDecode(edge.fn(), d);
                fail("lib0 throws (" + lib0Threw.getMessage().lines().findFirst().orElse("") + ") but Java read "
                        + describe(v) + " from " + abbreviatedHex(edge.bytes()));
            } catch (DecodeException expectedFailure) {
                return;
            } catch (Throwable other) {
                fail("Java must throw DecodeException, threw " + other, other);
            }
            return;
        }
        Decoder d = new Decoder(edge.bytes());
        Object actual;
        try {
            actual = javaDecode(edge.fn(), d);
        } catch (DecodeException e) {
            if (edge.fn().equals("writeVarUint") && expected.value() instanceof Number n && n.doubleValue() > P53) {
                return; // lib0 returns an imprecise number beyond 2^53 here; refusing it is fine
            }
            fail("lib0 reads " + JsJson.stringify(expected.tagged()) + " but Java threw " + e);
            return;
        }
        if (edge.fn().equals("writeVarUint") && expected.value() instanceof Number n && n.doubleValue() > P53) {
            assertEquals(n.doubleValue(), ((Number) actual).doubleValue(), "value beyond 2^53");
        } else {
            assertEquals(JsJson.stringify(expected.tagged()), tagged(actual), "value read");
        }
        assertEquals(expected.position(), d.position(), "position after reading");
    }

    @Test
    void var_int_at_the_end_of_input_throws_although_lib0_reads_zero() {
        // lib0 readVarInt reads arr[pos++] without a bounds check: undefined & 63 = 0. We refuse instead.
        assertEquals("0", JsJson.stringify(node.lib0Decode("readVarInt", new byte[0]).tagged()));
        assertThrows(DecodeException.class, () -> new Decoder(new byte[0]).readVarInt());
        assertThrows(DecodeException.class, () -> new Decoder(new byte[0]).readVarIntNumber());
    }

    @Test
    void decoder_over_a_slice_reads_only_the_slice() {
        byte[] lib0 = node.lib0Encode("writeVarString", "hello");
        byte[] padded = new byte[lib0.length + 4];
        System.arraycopy(lib0, 0, padded, 2, lib0.length);
        Decoder d = new Decoder(padded, 2, lib0.length);
        assertEquals("hello", d.readVarString());
        assertFalse(d.hasContent());
        assertThrows(DecodeException.class, d::readUint8);
        assertTrue(new Decoder(padded, 2, 1).hasContent());
        assertThrows(DecodeException.class, () -> new Decoder(padded, 2, 1).readVarString());
    }

    private static String abbreviatedHex(byte[] b) {
        return b.length <= 40 ? hex(b) : hex(b, 0, 40) + " ... (" + b.length + " bytes)";
    }
}
