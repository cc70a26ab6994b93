package dev.promptcards.runner.assertion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsValuesTest {

    @Test
    void to_precision_matches_js() {
        assertEquals("0.0012", JsValues.toPrecision(0.0012345, 2));
        assertEquals("0.50", JsValues.toPrecision(0.5, 2));
        assertEquals("1.2e+2", JsValues.toPrecision(123.4, 2));
        assertEquals("12", JsValues.toPrecision(12, 2));
        assertEquals("1.5e-7", JsValues.toPrecision(1.5e-7, 2));
        assertEquals("0.0", JsValues.toPrecision(0, 2));
        assertEquals("-0.25", JsValues.toPrecision(-0.25, 2));
        assertEquals("0.000010", JsValues.toPrecision(0.00001, 2));
    }

    @Test
    void to_fixed_rounds_the_exact_binary_value() {
        assertEquals("0.67", JsValues.toFixed(2.0 / 3, 2));
        assertEquals("1.00", JsValues.toFixed(1, 2));
        assertEquals("1.00", JsValues.toFixed(1.005, 2));
        assertEquals("0.13", JsValues.toFixed(0.125, 2));
    }

    @Test
    void string_is_js_string_conversion() {
        assertEquals("5", JsValues.string(5.0));
        assertEquals("1,,b", JsValues.string(Arrays.asList(1L, null, "b")));
        assertEquals("[object Object]", JsValues.string(Map.of()));
        assertEquals("null", JsValues.string(null));
    }

    @Test
    void number_parses_decimal_text_as_js_number_does() {
        assertEquals(0.0, JsValues.parseNumber("  "));
        assertEquals(12.0, JsValues.parseNumber(" 12 "));
        assertEquals(1500.0, JsValues.parseNumber("1.5e3"));
        assertEquals(Double.NaN, JsValues.parseNumber("12px"));
        assertEquals(Double.NaN, JsValues.parseNumber("1d"));
    }

    @Test
    void deep_strict_equal_compares_numbers_by_value_and_objects_without_order() {
        assertEquals(true, JsValues.deepStrictEqual(Map.of("a", 1L, "b", 2L), Map.of("b", 2.0, "a", 1.0)));
        assertEquals(false, JsValues.deepStrictEqual(List.of(1L, 2L), List.of(2L, 1L)));
        assertEquals(false, JsValues.deepStrictEqual(0.0, -0.0));
        assertEquals(false, JsValues.deepStrictEqual(Map.of("a", 1L), Map.of("a", "1")));
    }
}
