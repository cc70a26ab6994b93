package dev.promptcards.crdt.lib0;

import static dev.promptcards.crdt.lib0.Bytes.any;
import static dev.promptcards.crdt.lib0.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * writeAny/readAny vectors derived by hand from lib0 encoding.js writeAny / decoding.js readAny (v0.2.99):
 * tag byte, then the payload; integers with |x| &lt;= 2^31-1 as varInt, else float32 when exact, else float64.
 */
class AnyTest {

    private static Object read(String bytes) {
        Decoder d = new Decoder(hex(bytes));
        Object value = d.readAny();
        assertFalse(d.hasContent(), "all input consumed");
        return value;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void constants_have_their_own_tags() {
        assertEquals("7f", any(Undefined.INSTANCE));
        assertEquals("7e", any(null));
        assertEquals("79", any(false));
        assertEquals("78", any(true));
    }

    @Test
    void integers_up_to_2_pow_31_minus_1_use_tag_125_and_var_int() {
        assertEquals("7d00", any(0L));
        assertEquals("7d01", any(1));
        assertEquals("7d41", any(-1L));
        assertEquals("7d8001", any(64));
        assertEquals("7dbfffffff0f", any(2147483647L));
        assertEquals("7dffffffff0f", any(-2147483647));
        assertEquals("7d03", any(3.0)); // an integral double is a JS integer
        assertEquals("7d02", any((short) 2));
        assertEquals("7d02", any((byte) 2));
        assertEquals("7d02", any(new java.math.BigDecimal("2.000")));
    }

    @Test
    void negative_zero_is_a_var_int_with_the_sign_bit() {
        assertEquals("7d40", any(-0.0));
        assertEquals("7d40", any(-0.0f));
    }

    @Test
    void numbers_exact_in_float32_use_tag_124() {
        assertEquals("7c4f000000", any(2147483648L)); // 2^31: just past the varInt range
        assertEquals("7ccf000000", any(Integer.MIN_VALUE)); // -2^31
        assertEquals("7c53800000", any(1L << 40));
        assertEquals("7c5a000000", any(1L << 53));
        assertEquals("7c5a000000", any((1L << 53) + 1)); // judged by its double value, 2^53
        assertEquals("7c3f000000", any(0.5));
        assertEquals("7c3fc00000", any(1.5));
        assertEquals("7c3dcccccd", any(0.1f)); // a float's double value is exact in float32
        assertEquals("7c7f800000", any(Double.POSITIVE_INFINITY));
        assertEquals("7cff800000", any(Double.NEGATIVE_INFINITY));
    }

    @Test
    void other_numbers_use_tag_123_float64() {
        assertEquals("7b3fb999999999999a", any(0.1));
        assertEquals("7b3ff199999999999a", any(1.1));
        assertEquals("7b7ff8000000000000", any(Double.NaN)); // NaN !== NaN, so never float32
        assertEquals("7b0000000000000001", any(Double.MIN_VALUE));
    }

    @Test
    void big_integers_use_tag_122_modulo_2_pow_64() {
        assertEquals("7a0000000000000001", any(BigInteger.ONE));
        assertEquals("7affffffffffffffff", any(BigInteger.valueOf(-1)));
        assertEquals("7a8000000000000000", any(BigInteger.ONE.shiftLeft(63))); // BigInt64 wraps
        assertEquals("7a0000000000000005", any(BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5))));
    }

    @Test
    void strings_bytes_arrays_and_objects_have_length_prefixed_payloads() {
        assertEquals("77026869", any("hi"));
        assertEquals("7700", any(""));
        assertEquals("7403 0102ff".replace(" ", ""), any(new byte[] {1, 2, (byte) 255}));
        assertEquals("7400", any(new byte[0]));
        assertEquals("7503 7d01 770161 7e".replace(" ", ""), any(Arrays.asList(1, "a", null)));
        assertEquals("7500", any(List.of()));
        assertEquals("7601 0161 7d01".replace(" ", ""), any(Map.of("a", 1)));
        assertEquals("7600", any(Map.of()));
        assertEquals("7601 0178 7501 7f".replace(" ", ""), any(Map.of("x", List.of(Undefined.INSTANCE))));
    }

    @Test
    void object_keys_are_written_in_js_order_whatever_the_map_order() {
        Map<String, Object> m = map("b", true, "1", true, "0", true);
        assertEquals("7603 0130 78 0131 78 0162 78".replace(" ", ""), any(m));
        Map<String, Object> hashed = new HashMap<>(m);
        assertEquals(any(m), any(hashed));
    }

    @Test
    void write_any_refuses_values_outside_the_model() {
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeAny(new Object()));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeAny('c'));
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(1, 1);
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeAny(intKey));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Encoder().writeAny(cyclic));
        assertEquals("value nested deeper than 1000 levels (or circular)", e.getMessage());
    }

    @Test
    void read_any_maps_each_tag_into_the_value_model() {
        assertEquals(Undefined.INSTANCE, read("7f"));
        assertEquals(null, read("7e"));
        assertEquals(Boolean.FALSE, read("79"));
        assertEquals(Boolean.TRUE, read("78"));
        assertEquals(1L, read("7d01"));
        assertEquals(-64L, read("7dc001"));
        assertEquals(-0.0, read("7d40"));
        assertEquals(1L, read("7c3f800000")); // integral float32 -> Long
        assertEquals(0.5, read("7c3f000000"));
        assertEquals(1L, read("7b3ff0000000000000")); // integral float64 -> Long
        assertEquals(9007199254740992L, read("7b4340000000000000")); // 2^53 is still a Long
        assertEquals(9.007199254740994E15, read("7b4340000000000001")); // 2^53 + 2 is a Double
        assertEquals(-0.0, read("7b8000000000000000"));
        assertEquals(0.1, read("7b3fb999999999999a"));
        assertEquals((double) 0.1f, read("7c3dcccccd"));
        assertTrue(Double.isNaN((Double) read("7b7ff8000000000000")));
        assertEquals(Double.POSITIVE_INFINITY, read("7c7f800000"));
        assertEquals(BigInteger.valueOf(-1), read("7affffffffffffffff"));
        assertEquals("hi", read("77026869"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) read("74020102"));
        assertEquals(Arrays.asList(1L, "a", null), read("75037d01770161 7e"));
        assertEquals(Map.of("a", 1L), read("76010161 7d01"));
        assertInstanceOf(LinkedHashMap.class, read("7600"));
        assertInstanceOf(ArrayList.class, read("7500"));
    }

    @Test
    void read_any_orders_object_keys_as_js_does() {
        // keys in the input: "b", "10", "2", "01"; JS order: array indices ascending, then the rest
        Object value = read("7604 0162 7d01 023130 7d02 0132 7d03 023031 7d04");
        assertEquals(List.of("2", "10", "b", "01"), new ArrayList<>(((Map<?, ?>) value).keySet()));
        assertEquals("7604 0132 7d03 023130 7d02 0162 7d01 023031 7d04".replace(" ", ""), any(value));
    }

    @Test
    void read_any_repeated_key_keeps_its_first_position_and_last_value() {
        Object value = read("7603 0161 7d01 0162 7d02 0161 7d03");
        assertEquals(List.of("a", "b"), new ArrayList<>(((Map<?, ?>) value).keySet()));
        assertEquals(map("a", 3L, "b", 2L), value);
    }

    @Test
    void read_any_drops_proto_keys_as_js_assignment_does() {
        // {"__proto__": 1, "a": 2}: obj["__proto__"] = 1 creates no own property in JS
        Object value = read("7602 095f5f70726f746f5f5f 7d01 0161 7d02");
        assertEquals(map("a", 2L), value);
    }

    @Test
    void read_any_rejects_unknown_tags_where_lib0_throws_a_type_error() {
        for (String tag : List.of("73", "00", "80", "ff")) {
            DecodeException e = assertThrows(DecodeException.class, () -> read(tag));
            assertEquals("any at offset 0: unknown type tag " + Integer.parseInt(tag, 16), e.getMessage());
        }
    }

    @Test
    void read_any_rejects_truncated_input() {
        DecodeException e = assertThrows(DecodeException.class, () -> read("7601 0161"));
        assertEquals("uint8 at offset 4: unexpected end of input (input length 4)", e.getMessage());
        e = assertThrows(DecodeException.class, () -> read("7b3ff0"));
        assertEquals("float64 at offset 1: unexpected end of input (input length 3)", e.getMessage());
        e = assertThrows(DecodeException.class, () -> read(""));
        assertEquals("uint8 at offset 0: unexpected end of input (input length 0)", e.getMessage());
    }

    @Test
    void read_any_rejects_counts_that_cannot_fit_before_allocating() {
        // 2^40 elements / entries
        DecodeException e = assertThrows(DecodeException.class, () -> read("75 808080808020 7e"));
        assertEquals("any array at offset 0: 1099511627776 elements cannot fit in the 1 remaining bytes",
                e.getMessage());
        e = assertThrows(DecodeException.class, () -> read("76 808080808020"));
        assertEquals("any object at offset 0: 1099511627776 entries cannot fit in the 0 remaining bytes",
                e.getMessage());
        e = assertThrows(DecodeException.class, () -> read("74 808080808020 00"));
        assertEquals("varUint8Array at offset 1: length 1099511627776 exceeds the 1 remaining bytes",
                e.getMessage());
    }

    private static byte[] nestedArrays(int levels) {
        Encoder e = new Encoder();
        for (int i = 0; i < levels; i++) {
            e.writeUint8(117);
            e.writeVarUint(1);
        }
        e.writeUint8(126);
        return e.toByteArray();
    }

    @Test
    void read_any_accepts_1000_levels_and_refuses_deeper_nesting() {
        Object value = new Decoder(nestedArrays(1000)).readAny();
        int depth = 0;
        while (value instanceof List<?> list) {
            value = list.get(0);
            depth++;
        }
        assertEquals(1000, depth);
        DecodeException e = assertThrows(DecodeException.class, () -> new Decoder(nestedArrays(1001)).readAny());
        assertEquals("any at offset 2000: nested deeper than 1000 levels", e.getMessage());
        assertThrows(DecodeException.class, () -> new Decoder(nestedArrays(100_000)).readAny());
    }

    @Test
    void deep_nesting_is_refused_with_a_decode_exception_even_on_a_small_thread_stack() throws Exception {
        // Decoding runs on room and event-loop threads; 1000 levels must fit well inside a 512 KiB stack.
        Throwable[] outcome = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                new Decoder(nestedArrays(100_000)).readAny();
            } catch (Throwable t) {
                outcome[0] = t;
            }
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();
        assertInstanceOf(DecodeException.class, outcome[0]);
    }

    @Test
    void decoded_values_re_encode_to_the_same_bytes() {
        String[] vectors = {
            "7f", "7e", "79", "78", "7d00", "7d40", "7dbfffffff0f", "7c4f000000", "7c3f000000",
            "7b3fb999999999999a", "7b7ff8000000000000", "7a8000000000000000", "7700", "77026869",
            "7403 0102ff", "7500", "7600",
            "7603 0130 78 0131 79 0162 7603 0178 7501 7f 0179 7e 017a 7402 0000",
            "7502 7501 7501 7501 7e 7601 0161 7504 7d01 7c3f000000 77026869 7a0000000000000001",
        };
        for (String v : vectors) {
            String bytes = v.replace(" ", "");
            assertEquals(bytes, any(read(bytes)), bytes);
        }
    }

    @Test
    void model_values_round_trip_through_write_and_read() {
        Map<String, Object> nested = map("2", List.of(), "10", new byte[] {7}, "k", map("u", Undefined.INSTANCE));
        List<Object> values = Arrays.asList(null, Undefined.INSTANCE, true, false, 0L, -0.0, 42L, -42L,
                2147483647L, 2147483648L, 9007199254740992L, -9007199254740992L, 0.5, 0.1, 1e300,
                Double.MAX_VALUE, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, BigInteger.TEN, "",
                "\u00e9\ud83d\ude00", Arrays.asList(1L, null, "x"), nested);
        for (Object v : values) {
            Encoder e = new Encoder();
            e.writeAny(v);
            Object back = new Decoder(e.toByteArray()).readAny();
            assertEquals(hex(e.toByteArray()), any(back), String.valueOf(v));
            if (!(v instanceof Map)) {
                assertEquals(v, back);
            }
        }
    }
}
