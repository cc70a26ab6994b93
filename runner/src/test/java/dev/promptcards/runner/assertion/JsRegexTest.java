package dev.promptcards.runner.assertion;

import static dev.promptcards.runner.assertion.Checks.eval;
import static dev.promptcards.runner.assertion.Checks.failed;
import static dev.promptcards.runner.assertion.Checks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsRegexTest {

    private static boolean test(String pattern, String text) {
        return JsRegex.compile(pattern).matcher(text).find();
    }

    @Test
    void dollar_matches_only_at_the_very_end_as_in_js() {
        assertTrue(test("done\\.$", "all done."));
        assertFalse(test("done\\.$", "all done.\n"));
        assertEquals(failed("regex", "Expected output to match regex \"\\.$\""), eval("regex", "\\.$", "Done.\n"));
    }

    @Test
    void an_escaped_dollar_and_one_in_a_class_stay_literal() {
        assertTrue(test("\\$5", "costs $5."));
        assertTrue(test("[$]5", "costs $5."));
        assertEquals("\\$[$]\\z", JsRegex.translate("\\$[$]$"));
    }

    @Test
    void a_bracket_or_ampersands_in_a_class_are_literal() {
        assertTrue(test("[[a]+", "x[a["));
        assertTrue(test("[a&&b]", "&"));
        assertFalse(test("[a&&b]", "c"));
    }

    @Test
    void an_empty_class_matches_nothing_and_a_negated_empty_class_anything() {
        assertFalse(test("a[]", "a"));
        assertTrue(test("a[^]b", "a\nb"));
        assertTrue(test("[^a]", "b"));
        assertFalse(test("[^a]", "a"));
    }

    @Test
    void common_syntax_is_unchanged() {
        assertEquals("^(?<year>\\d{4})-\\w+\\s*(?=x)", JsRegex.translate("^(?<year>\\d{4})-\\w+\\s*(?=x)"));
        assertEquals(passed("regex"), eval("regex", "^(?<y>\\d{4})-(\\d\\d)", "2026-12 report"));
    }
}
