package dev.promptcards.runner.assertion;

import static dev.promptcards.runner.assertion.Checks.eval;
import static dev.promptcards.runner.assertion.Checks.failed;
import static dev.promptcards.runner.assertion.Checks.outcome;
import static dev.promptcards.runner.assertion.Checks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainsChecksTest {

    @Test
    void contains_passes_when_the_output_holds_the_value() {
        assertEquals(passed("contains"), eval("contains", "world", "hello world"));
    }

    @Test
    void contains_is_case_sensitive_and_says_what_is_missing() {
        assertEquals(failed("contains", "Expected output to contain \"World\""), eval("contains", "World", "hello world"));
    }

    @Test
    void not_contains_inverts_with_promptfoos_reason() {
        assertEquals(passed("not-contains"), eval("not-contains", "bye", "hello world"));
        assertEquals(failed("not-contains", "Expected output to not contain \"world\""),
                eval("not-contains", "world", "hello world"));
    }

    @Test
    void contains_takes_a_number_as_its_js_string() {
        assertEquals(passed("contains"), eval("contains", 42L, "the answer is 42"));
        assertEquals(passed("contains"), eval("contains", 2.0, "2 apples"));
        assertEquals(failed("contains", "Expected output to contain \"1.5\""), eval("contains", 1.5, "15"));
    }

    @Test
    void contains_without_a_string_or_number_value_is_an_error() {
        AssertionOutcome empty = outcome("contains", "", "anything");
        assertTrue(empty.error());
        assertEquals(failed("contains", "\"contains\" assertion type must have a string or number value"),
                empty.result());
        assertTrue(outcome("contains", null, "x").error());
        assertTrue(outcome("contains", List.of("a"), "a").error());
        assertTrue(outcome("not-contains", true, "true").error());
    }

    @Test
    void icontains_ignores_case_both_ways() {
        assertEquals(passed("icontains"), eval("icontains", "WORLD", "Hello World"));
        assertEquals(failed("not-icontains", "Expected output to not contain \"WORLD\""),
                eval("not-icontains", "WORLD", "hello world"));
    }

    @Test
    void contains_any_passes_when_one_of_a_list_is_present() {
        assertEquals(passed("contains-any"), eval("contains-any", List.of("cat", "dog"), "a dog barks"));
        assertEquals(failed("contains-any", "Expected output to contain one of \"cat, dog\""),
                eval("contains-any", List.of("cat", "dog"), "a bird sings"));
        assertEquals(failed("not-contains-any", "Expected output to not contain one of \"cat, dog\""),
                eval("not-contains-any", List.of("cat", "dog"), "a dog barks"));
    }

    @Test
    void contains_any_splits_a_string_value_at_commas_trimming_each_field() {
        assertEquals(passed("contains-any"), eval("contains-any", " cat , dog,,", "hotdog"));
        assertEquals(failed("contains-any", "Expected output to contain one of \"cat, dog\""),
                eval("contains-any", "cat, dog", "a bird"));
    }

    @Test
    void a_quoted_field_keeps_its_commas_and_escapes() {
        assertEquals(List.of("a, b", "say \"hi\"", "c\\d"),
                CommaSeparatedValues.parse("\"a, b\", \"say \\\"hi\\\"\" , \"c\\\\d\""));
        assertEquals(List.of("x\"y"), CommaSeparatedValues.parse("\"x\"\"y\""));
        assertEquals(passed("contains-any"), eval("contains-any", "\"a, b\"", "xa, by"));
        assertEquals(failed("contains-any", "Expected output to contain one of \"a, b\""),
                eval("contains-any", "\"a, b\"", "a b"));
    }

    @Test
    void a_malformed_comma_separated_value_is_an_error() {
        assertEquals(failed("contains-any", "Unterminated quoted field in contains assertion value"),
                eval("contains-any", "\"open, x", "x"));
        assertEquals(failed("contains-all", "Expected comma after quoted field in contains assertion value"),
                eval("contains-all", "\"a\" b", "a b"));
    }

    @Test
    void contains_any_without_a_value_or_with_an_object_is_an_error() {
        assertEquals(failed("contains-any", "\"contains-any\" assertion type must have a value"),
                eval("contains-any", "", "x"));
        assertEquals(failed("contains-any", "\"contains-any\" assertion type must have an array value"),
                eval("contains-any", Map.of("a", 1L), "x"));
        assertTrue(outcome("icontains-all", null, "x").error());
    }

    @Test
    void contains_any_with_an_empty_list_fails_and_contains_all_passes() {
        assertEquals(failed("contains-any", "Expected output to contain one of \"\""),
                eval("contains-any", List.of(), "x"));
        assertEquals(passed("contains-all"), eval("contains-all", List.of(), "x"));
    }

    @Test
    void icontains_any_ignores_case() {
        assertEquals(passed("icontains-any"), eval("icontains-any", "CAT, Dog", "hot dog"));
        assertEquals(failed("not-icontains-any", "Expected output to not contain one of \"CAT, Dog\""),
                eval("not-icontains-any", "CAT, Dog", "hot DOG"));
    }

    @Test
    void contains_all_lists_the_missing_values() {
        assertEquals(passed("contains-all"), eval("contains-all", List.of("a", "b"), "ab"));
        assertEquals(failed("contains-all", "Expected output to contain all of [a, b, c]. Missing: [b, c]"),
                eval("contains-all", "a, b, c", "a only"));
    }

    @Test
    void not_contains_all_fails_only_when_all_are_present() {
        assertEquals(passed("not-contains-all"), eval("not-contains-all", List.of("a", "z"), "abc"));
        assertEquals(failed("not-contains-all", "Expected output to not contain all of [a, b]. Missing: []"),
                eval("not-contains-all", List.of("a", "b"), "abc"));
    }

    @Test
    void icontains_all_ignores_case() {
        assertEquals(passed("icontains-all"), eval("icontains-all", List.of("HELLO", "World"), "hello WORLD"));
        assertEquals(failed("icontains-all", "Expected output to contain all of [hello, moon]. Missing: [moon]"),
                eval("icontains-all", List.of("hello", "moon"), "Hello world"));
    }

    @Test
    void list_elements_that_are_numbers_or_null_are_compared_as_js_strings() {
        assertEquals(passed("contains-all"), eval("contains-all", List.of(1L, 2.5), "1 and 2.5"));
        assertEquals(passed("contains-any"), eval("contains-any", Arrays.asList(null, "zz"), "null"));
    }

    @Test
    void starts_with_compares_the_start_exactly() {
        assertEquals(passed("starts-with"), eval("starts-with", "Hello", "Hello world"));
        assertEquals(failed("starts-with", "Expected output to start with \"hello\""),
                eval("starts-with", "hello", "Hello world"));
        assertEquals(failed("not-starts-with", "Expected output to not start with \"Hello\""),
                eval("not-starts-with", "Hello", "Hello world"));
        assertEquals(passed("not-starts-with"), eval("not-starts-with", "world", "Hello world"));
    }

    @Test
    void starts_with_needs_a_non_empty_string() {
        assertEquals(failed("starts-with", "\"starts-with\" assertion type must have a string value"),
                eval("starts-with", 5L, "5"));
        assertTrue(outcome("starts-with", "", "x").error());
    }
}
