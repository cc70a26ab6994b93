package dev.promptcards.crdt.lib0;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsValuesTest {

    @Test
    void integral_numbers_within_2_pow_53_become_longs() {
        assertEquals(3L, JsValues.normalizeNumber(3.0));
        assertEquals(9007199254740992L, JsValues.normalizeNumber(9007199254740992.0));
        assertEquals(-9007199254740992L, JsValues.normalizeNumber(-9007199254740992.0));
        assertEquals(0L, JsValues.normalizeNumber(0.0));
        assertEquals(5L, JsValues.normalizeNumber(Integer.valueOf(5)));
        assertEquals(7L, JsValues.normalizeNumber(Long.valueOf(7)));
        assertEquals(2L, JsValues.normalizeNumber(new BigDecimal("2.000")));
    }

    @Test
    void other_numbers_stay_doubles() {
        assertEquals(-0.0, JsValues.normalizeNumber(-0.0));
        assertEquals(0.5, JsValues.normalizeNumber(0.5));
        assertEquals(9.007199254740994E15, JsValues.normalizeNumber(9007199254740994.0));
        assertEquals(Double.NaN, JsValues.normalizeNumber(Double.NaN));
        assertEquals(Double.POSITIVE_INFINITY, JsValues.normalizeNumber(Double.POSITIVE_INFINITY));
        assertEquals(1.5, JsValues.normalizeNumber(Float.valueOf(1.5f)));
        assertEquals(9.223372036854776E18, JsValues.normalizeNumber(Long.MAX_VALUE));
        assertEquals((double) 0.1f, JsValues.normalizeNumber(0.1f));
    }

    @Test
    void big_integers_are_not_numbers() {
        assertThrows(IllegalArgumentException.class, () -> JsValues.normalizeNumber(BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> JsValues.toDouble(BigInteger.ONE));
    }

    @Test
    void array_index_keys_are_canonical_uint32_below_2_pow_32_minus_1() {
        for (String key : List.of("0", "1", "10", "4294967294")) {
            assertTrue(JsValues.isArrayIndex(key), key);
        }
        for (String key : List.of("", "01", "-1", "-0", "1.0", " 1", "1 ", "+1", "4294967295", "12345678901",
                "a", "\u0661")) {
            assertFalse(JsValues.isArrayIndex(key), key);
        }
    }

    @Test
    void in_js_key_order_puts_array_indices_first_ascending() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("10", 2);
        m.put("a", 3);
        m.put("9", 4);
        m.put("007", 5);
        LinkedHashMap<String, Integer> ordered = JsValues.inJsKeyOrder(m);
        assertEquals(List.of("9", "10", "z", "a", "007"), new ArrayList<>(ordered.keySet()));
        assertEquals(m, ordered);
    }

    @Test
    void normalize_copies_deeply_into_the_canonical_model() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("1", 2.0f);
        inner.put("0", (short) 3);
        byte[] bytes = {1, 2};
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("list", Arrays.asList(1, 2.5, -0.0, null, Undefined.INSTANCE, BigInteger.TEN, "s", true));
        input.put("map", inner);
        input.put("bytes", bytes);
        Object out = JsValues.normalize(input);
        Map<?, ?> outMap = assertInstanceOf(LinkedHashMap.class, out);
        assertEquals(Arrays.asList(1L, 2.5, -0.0, null, Undefined.INSTANCE, BigInteger.TEN, "s", true),
                outMap.get("list"));
        assertInstanceOf(ArrayList.class, outMap.get("list"));
        Map<?, ?> outInner = assertInstanceOf(LinkedHashMap.class, outMap.get("map"));
        assertEquals(List.of("0", "1"), new ArrayList<>(outInner.keySet()));
        assertEquals(3L, outInner.get("0"));
        assertEquals(2L, outInner.get("1"));
        assertArrayEquals(bytes, (byte[]) outMap.get("bytes"));
        assertNotSame(bytes, outMap.get("bytes"));
    }

    @Test
    void normalize_refuses_values_outside_the_model() {
        assertThrows(IllegalArgumentException.class, () -> JsValues.normalize(new Object()));
        Map<Object, Object> intKeys = new HashMap<>();
        intKeys.put(1, "x");
        assertThrows(IllegalArgumentException.class, () -> JsValues.normalize(intKeys));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThrows(IllegalArgumentException.class, () -> JsValues.normalize(cyclic));
    }
}
