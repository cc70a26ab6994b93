package dev.promptcards.crdt.lib0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what JS JSON.stringify / Number#toString produce (ECMA-262). */
class JsJsonTest {

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.1, 0.1",
        "1e21, 1e+21",
        "1e20, 100000000000000000000",
        "123456789012345680000, 123456789012345680000",
        "1e-7, 1e-7",
        "1.5e-7, 1.5e-7",
        "0.000001, 0.000001",
        "0.0000015, 0.0000015",
        "5e-324, 5e-324",
        "1e-323, 1e-323",
        "1.5e-323, 1.5e-323",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "-1.5, -1.5",
        "100, 100",
        "4.35, 4.35",
        "0.3, 0.3",
        "123e-20, 1.23e-18",
        "9.5367431640625e-7, 9.5367431640625e-7",
        "2e-7, 2e-7",
        "1.2345e25, 1.2345e+25",
        "-1e-7, -1e-7",
        "9007199254740993, 9007199254740992",
        "18014398509481984, 18014398509481984",
        "1e300, 1e+300",
    })
    void numbers_are_formatted_like_js_number_to_string(double value, String expected) {
        assertEquals(expected, JsJson.stringify(value));
        assertEquals(expected, JsValues.numberToString(value));
    }

    @Test
    void special_numbers_follow_json_stringify() {
        assertEquals("0", JsJson.stringify(-0.0));
        assertEquals("null", JsJson.stringify(Double.NaN));
        assertEquals("null", JsJson.stringify(Double.POSITIVE_INFINITY));
        assertEquals("[null,null,0]", JsJson.stringify(List.of(Double.NEGATIVE_INFINITY, Double.NaN, -0.0)));
        assertEquals("NaN", JsValues.numberToString(Double.NaN));
        assertEquals("Infinity", JsValues.numberToString(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", JsValues.numberToString(Double.NEGATIVE_INFINITY));
        assertEquals("0", JsValues.numberToString(-0.0));
    }

    @Test
    void any_java_number_is_judged_by_its_double_value() {
        assertEquals("9223372036854776000", JsJson.stringify(Long.MAX_VALUE));
        assertEquals("9007199254740991", JsJson.stringify(9007199254740991L));
        assertEquals("-2147483648", JsJson.stringify(Integer.MIN_VALUE));
        assertEquals("0.10000000149011612", JsJson.stringify(0.1f));
        assertEquals("2.5", JsJson.stringify(new java.math.BigDecimal("2.50")));
        assertEquals("3", JsJson.stringify(3.0));
    }

    @Test
    void big_integers_cannot_be_serialized_as_in_js() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsJson.stringify(BigInteger.ONE));
        assertEquals("Do not know how to serialize a BigInt", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsJson.stringify(List.of(map("a", BigInteger.TWO))));
    }

    @Test
    void strings_are_escaped_like_js() {
        assertEquals("\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\u007f\u2028\u2029\"",
                JsJson.stringify("\u0000\u001f\b\f\n\r\t\"\\/\u007f\u2028\u2029"));
        assertEquals("\"\\u000b\\u001b\"", JsJson.stringify("\u000b\u001b"));
        assertEquals("\"\\ud800x\\udfff\"", JsJson.stringify("\ud800x\udfff"));
        assertEquals("\"\\udc00\\ud800\"", JsJson.stringify("\udc00\ud800"));
        assertEquals("\"a\ud83d\ude00b\"", JsJson.stringify("a\ud83d\ude00b"));
        assertEquals("\"\\udbff\"", JsJson.stringify("\udbff"));
        assertEquals("\"caf\u00e9\"", JsJson.stringify("caf\u00e9"));
    }

    @Test
    void undefined_is_skipped_in_objects_null_in_arrays_and_absent_at_top_level() {
        assertEquals("{\"b\":1}", JsJson.stringify(map("a", Undefined.INSTANCE, "b", 1)));
        assertEquals("{}", JsJson.stringify(map("a", Undefined.INSTANCE)));
        assertEquals("[null,1,null]", JsJson.stringify(Arrays.asList(Undefined.INSTANCE, 1, null)));
        assertNull(JsJson.stringify(Undefined.INSTANCE));
    }

    @Test
    void byte_arrays_are_written_as_js_writes_a_uint8_array() {
        assertEquals("{\"0\":1,\"1\":2,\"2\":255}", JsJson.stringify(new byte[] {1, 2, (byte) 255}));
        assertEquals("{}", JsJson.stringify(new byte[0]));
        assertEquals("{\"x\":{\"0\":0}}", JsJson.stringify(map("x", new byte[] {0})));
    }

    @Test
    void object_keys_follow_js_order() {
        Map<String, Object> m = map("b", 1, "2", 2, "1", 3, "a", 4, "01", 5, "4294967295", 6, "4294967294", 7,
                "-1", 8);
        assertEquals("{\"1\":3,\"2\":2,\"4294967294\":7,\"b\":1,\"a\":4,\"01\":5,\"4294967295\":6,\"-1\":8}",
                JsJson.stringify(m));
    }

    @Test
    void nested_values_have_no_whitespace() {
        Map<String, Object> m = map("a", Arrays.asList(1, map("b", null), "s"), "c", true, "d", List.of(),
                "e", Map.of());
        assertEquals("{\"a\":[1,{\"b\":null},\"s\"],\"c\":true,\"d\":[],\"e\":{}}", JsJson.stringify(m));
        assertEquals("\"\"", JsJson.stringify(""));
        assertEquals("null", JsJson.stringify(null));
        assertEquals("false", JsJson.stringify(false));
    }

    @Test
    void stringify_refuses_values_outside_the_model_and_cycles() {
        assertThrows(IllegalArgumentException.class, () -> JsJson.stringify(new Object()));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThrows(IllegalArgumentException.class, () -> JsJson.stringify(cyclic));
    }

    @Test
    void parse_builds_the_value_model() {
        Object value = JsJson.parse(" {\"a\" : [1, 1.5, -0, 1.0, 1e2, true, false, null, \"s\"], \"b\":{}}\r\n\t");
        assertEquals(map("a", Arrays.asList(1L, 1.5, -0.0, 1L, 100L, true, false, null, "s"), "b", Map.of()),
                value);
        assertInstanceOf(LinkedHashMap.class, value);
        assertInstanceOf(ArrayList.class, ((Map<?, ?>) value).get("a"));
    }

    @Test
    void parse_rounds_numbers_like_js() {
        assertEquals(-0.0, JsJson.parse("-0"));
        assertEquals(-0.0, JsJson.parse("-0.0e5"));
        assertEquals(9007199254740992L, JsJson.parse("9007199254740993"));
        assertEquals(1.2345678901234567E19, JsJson.parse("12345678901234567890"));
        assertEquals(Double.POSITIVE_INFINITY, JsJson.parse("1e400"));
        assertEquals(Double.NEGATIVE_INFINITY, JsJson.parse("-1e400"));
        assertEquals(0L, JsJson.parse("1e-400"));
        assertEquals(0.1, JsJson.parse("0.1"));
        assertEquals(-123L, JsJson.parse("-1.23E+2"));
        assertEquals(5e-324, JsJson.parse("5e-324"));
    }

    @Test
    void parse_decodes_escapes_including_lone_surrogates() {
        assertEquals("\u00e9\ud83d\ude00/\b\f\n\r\t\"\\", JsJson.parse(
                "\"\\u00E9\\ud83d\\uDE00\\/\\b\\f\\n\\r\\t\\\"\\\\\""));
        assertEquals("\ud800", JsJson.parse("\"\\ud800\""));
        assertEquals("\u007f\u2028", JsJson.parse("\"\u007f\u2028\""));
    }

    @Test
    void parse_keeps_js_key_order_and_duplicate_semantics() {
        Object value = JsJson.parse("{\"b\":1,\"1\":2,\"0\":3,\"b\":4,\"__proto__\":5}");
        assertEquals(List.of("0", "1", "b", "__proto__"), new ArrayList<>(((Map<?, ?>) value).keySet()));
        assertEquals(4L, ((Map<?, ?>) value).get("b"));
        assertEquals("{\"0\":3,\"1\":2,\"b\":4,\"__proto__\":5}", JsJson.stringify(value));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`` | JSON at offset 0: unexpected end of input",
        "`   ` | JSON at offset 3: unexpected end of input",
        "[1,] | JSON at offset 3: unexpected character ']'",
        "{\"a\" 1} | JSON at offset 5: unexpected character '1'",
        "{\"a\":1,} | JSON at offset 7: unexpected character '}'",
        "{a:1} | JSON at offset 1: unexpected character 'a'",
        "01 | JSON at offset 1: unexpected character '1'",
        "1. | JSON at offset 2: unexpected end of input",
        ".5 | JSON at offset 0: unexpected character '.'",
        "+1 | JSON at offset 0: unexpected character '+'",
        "-x | JSON at offset 1: unexpected character 'x'",
        "1e | JSON at offset 2: unexpected end of input",
        "1e+ | JSON at offset 3: unexpected end of input",
        "NaN | JSON at offset 0: unexpected character 'N'",
        "tru | JSON at offset 3: unexpected end of input",
        "nul1 | JSON at offset 3: unexpected character '1'",
        "[1] x | JSON at offset 4: unexpected character 'x'",
        "[1 2] | JSON at offset 3: unexpected character '2'",
        "'a' | JSON at offset 0: unexpected character '''",
        "\"abc | JSON at offset 4: unterminated string",
        "\"\\x\" | JSON at offset 2: unexpected character 'x'",
        "\"\\u12g4\" | JSON at offset 5: unexpected character 'g'",
        "\"\\u12 | JSON at offset 5: unexpected end of input",
    })
    void parse_rejects_malformed_json_with_the_offset(String text, String message) {
        DecodeException e = assertThrows(DecodeException.class, () -> JsJson.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void parse_rejects_raw_control_characters_and_non_json_whitespace() {
        DecodeException e = assertThrows(DecodeException.class, () -> JsJson.parse("\"a\tb\""));
        assertEquals("JSON at offset 2: unexpected character U+0009", e.getMessage());
        e = assertThrows(DecodeException.class, () -> JsJson.parse("\u00a01"));
        assertEquals("JSON at offset 0: unexpected character U+00A0", e.getMessage());
        e = assertThrows(DecodeException.class, () -> JsJson.parse("\ufeff1"));
        assertEquals("JSON at offset 0: unexpected character U+FEFF", e.getMessage());
    }

    @Test
    void parse_accepts_1000_levels_and_refuses_deeper_nesting() {
        Object value = JsJson.parse("[".repeat(1000) + "]".repeat(1000));
        assertEquals("[".repeat(1000) + "]".repeat(1000), JsJson.stringify(value));
        DecodeException e = assertThrows(DecodeException.class,
                () -> JsJson.parse("[".repeat(1001) + "]".repeat(1001)));
        assertEquals("JSON at offset 1000: nested deeper than 1000 levels", e.getMessage());
        assertThrows(DecodeException.class, () -> JsJson.parse("{\"a\":".repeat(100_000)));
    }

    @Test
    void stringify_of_parse_reproduces_js_output() {
        String[] texts = {
            "{\"0\":[1,2.5,\"x\"],\"b\":{\"c\":null,\"d\":[true,false]},\"\\u0000\":\"\\ud800\"}",
            "[1e+21,1e-7,0.000001,123456789012345680000,-5e-324]",
            "\"\\\"\\\\\\b\\f\\n\\r\\t\"",
        };
        for (String text : texts) {
            assertEquals(text, JsJson.stringify(JsJson.parse(text)));
        }
    }
}
