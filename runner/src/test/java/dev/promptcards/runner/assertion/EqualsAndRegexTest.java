package dev.promptcards.runner.assertion;

import static dev.promptcards.runner.assertion.Checks.eval;
import static dev.promptcards.runner.assertion.Checks.failed;
import static dev.promptcards.runner.assertion.Checks.outcome;
import static dev.promptcards.runner.assertion.Checks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EqualsAndRegexTest {

    @Test
    void equals_compares_a_string_exactly() {
        assertEquals(passed("equals"), eval("equals", "Paris", "Paris"));
        assertEquals(failed("equals", "Expected output \"Paris \" to equal \"Paris\""), eval("equals", "Paris", "Paris "));
    }

    @Test
    void not_equals_inverts() {
        assertEquals(passed("not-equals"), eval("not-equals", "Paris", "Rome"));
        assertEquals(failed("not-equals", "Expected output \"Rome\" to not equal \"Rome\""),
                eval("not-equals", "Rome", "Rome"));
    }

    @Test
    void equals_compares_a_number_or_boolean_as_its_js_string() {
        assertEquals(passed("equals"), eval("equals", 4L, "4"));
        assertEquals(passed("equals"), eval("equals", 4.0, "4"));
        assertEquals(failed("equals", "Expected output \"4.0\" to equal \"4\""), eval("equals", 4L, "4.0"));
        assertEquals(passed("equals"), eval("equals", true, "true"));
    }

    @Test
    void equals_with_an_object_value_deep_equals_the_output_as_json() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", 1L);
        value.put("b", List.of("x", 2.5));
        assertEquals(passed("equals"), eval("equals", value, "{\"b\": [\"x\", 2.5], \"a\": 1.0}"));
        assertEquals(failed("equals", "Expected output \"{\"a\":2}\" to equal \"{\"a\":1,\"b\":[\"x\",2.5]}\""),
                eval("equals", value, "{\"a\":2}"));
        assertEquals(passed("equals"), eval("equals", List.of(1L, 2L), " [1,2] "));
    }

    @Test
    void equals_with_an_object_value_and_output_that_is_not_json_fails_and_its_not_form_passes() {
        assertFalse(eval("equals", Map.of("a", 1L), "a: 1").pass());
        assertEquals(passed("not-equals"), eval("not-equals", Map.of("a", 1L), "a: 1"));
    }

    @Test
    void equals_without_a_value_is_an_error() {
        AssertionOutcome outcome = outcome("equals", null, "undefined");
        assertTrue(outcome.error());
        assertEquals(failed("equals", "\"equals\" assertion type must have a value"), outcome.result());
    }

    @Test
    void regex_finds_the_pattern_anywhere() {
        assertEquals(passed("regex"), eval("regex", "\\d{3}-\\d{4}", "call 555-1234 now"));
        assertEquals(failed("regex", "Expected output to match regex \"^\\d+$\""), eval("regex", "^\\d+$", "12a"));
    }

    @Test
    void not_regex_inverts() {
        assertEquals(passed("not-regex"), eval("not-regex", "error", "all fine"));
        assertEquals(failed("not-regex", "Expected output to not match regex \"fine\""),
                eval("not-regex", "fine", "all fine"));
    }

    @Test
    void a_regex_that_does_not_compile_is_an_error_not_an_exception() {
        AssertionOutcome outcome = outcome("regex", "([a-z", "abc");
        assertTrue(outcome.error());
        assertFalse(outcome.result().pass());
        assertEquals(0.0, outcome.result().score());
        assertTrue(outcome.result().reason().startsWith("Invalid regex pattern: "), outcome.result().reason());
        assertTrue(outcome("not-regex", "*", "abc").error());
    }

    @Test
    void regex_needs_a_non_empty_string() {
        assertEquals(failed("regex", "\"regex\" assertion type must have a string value"), eval("regex", "", "x"));
        assertTrue(outcome("regex", 5L, "5").error());
    }
}
