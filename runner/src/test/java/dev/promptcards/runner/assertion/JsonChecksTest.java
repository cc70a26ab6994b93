package dev.promptcards.runner.assertion;

import static dev.promptcards.runner.assertion.Checks.eval;
import static dev.promptcards.runner.assertion.Checks.failed;
import static dev.promptcards.runner.assertion.Checks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonChecksTest {

    @Test
    void is_json_accepts_any_json_text_as_js_json_parse_does() {
        assertEquals(passed("is-json"), eval("is-json", null, " {\"a\": [1, 2]} "));
        assertEquals(passed("is-json"), eval("is-json", null, "42"));
        assertEquals(passed("is-json"), eval("is-json", "", "\"text\""));
    }

    @Test
    void is_json_fails_on_text_around_json_or_lenient_syntax() {
        assertEquals(failed("is-json", "Expected output to be valid JSON"), eval("is-json", null, "Here: {\"a\":1}"));
        assertEquals(failed("is-json", "Expected output to be valid JSON"), eval("is-json", null, "{'a': 1}"));
        assertEquals(failed("is-json", "Expected output to be valid JSON"), eval("is-json", null, "{\"a\":1,}"));
    }

    @Test
    void not_is_json_inverts_keeping_promptfoos_reason() {
        assertEquals(passed("not-is-json"), eval("not-is-json", null, "plain text"));
        assertEquals(failed("not-is-json", "Expected output to be valid JSON"), eval("not-is-json", null, "[]"));
    }

    @Test
    void contains_json_finds_an_object_inside_text() {
        assertEquals(passed("contains-json"), eval("contains-json", null, "Sure! {\"name\": \"x {y}\", \"n\": {\"m\": 1}} ok"));
        assertEquals(passed("contains-json"), eval("contains-json", null, "{ unclosed {\"a\": 1}"));
        assertEquals(passed("contains-json"), eval("contains-json", null, "{not json} then {\"b\": true}"));
    }

    @Test
    void contains_json_fails_without_an_object() {
        assertEquals(failed("contains-json", "Expected output to contain valid JSON"),
                eval("contains-json", null, "[1, 2] and {oops}"));
        assertEquals(failed("contains-json", "Expected output to contain valid JSON"), eval("contains-json", null, ""));
    }

    @Test
    void not_contains_json_inverts() {
        assertEquals(passed("not-contains-json"), eval("not-contains-json", null, "no braces"));
        assertEquals(failed("not-contains-json", "Expected output to contain valid JSON"),
                eval("not-contains-json", null, "x {\"a\":1}"));
    }
}
