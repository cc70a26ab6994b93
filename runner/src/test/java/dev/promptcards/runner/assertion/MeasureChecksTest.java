package dev.promptcards.runner.assertion;

import static dev.promptcards.runner.assertion.Checks.eval;
import static dev.promptcards.runner.assertion.Checks.failed;
import static dev.promptcards.runner.assertion.Checks.outcome;
import static dev.promptcards.runner.assertion.Checks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** levenshtein, word-count, latency and cost. */
class MeasureChecksTest {

    private static AssertionResult withThreshold(String type, Object value, Double threshold, AssertionContext context) {
        return Assertions.evaluate(new Assertion(type, value, threshold, null), context);
    }

    @Test
    void levenshtein_distance_counts_inserts_deletes_and_substitutions() {
        assertEquals(3, LevenshteinCheck.distance("kitten", "sitting"));
        assertEquals(0, LevenshteinCheck.distance("", ""));
        assertEquals(4, LevenshteinCheck.distance("", "abcd"));
        assertEquals(2, LevenshteinCheck.distance("ab", "ba"));
    }

    @Test
    void levenshtein_passes_within_the_default_distance_of_5() {
        assertEquals(passed("levenshtein"), eval("levenshtein", "hello world", "hallo wrld"));
        assertEquals(failed("levenshtein", "Levenshtein distance 6 is greater than threshold 5"),
                eval("levenshtein", "abcdef", ""));
    }

    @Test
    void levenshtein_uses_its_threshold_as_the_maximum_distance_and_0_as_the_default() {
        AssertionContext context = AssertionContext.ofOutput("kitten");
        assertEquals(passed("levenshtein"), withThreshold("levenshtein", "sitting", 3.0, context));
        assertEquals(failed("levenshtein", "Levenshtein distance 3 is greater than threshold 2"),
                withThreshold("levenshtein", "sitting", 2.0, context));
        assertEquals(passed("levenshtein"), withThreshold("levenshtein", "sitting", 0.0, context));
    }

    @Test
    void not_levenshtein_passes_when_farther_than_the_threshold() {
        assertEquals(passed("not-levenshtein"), eval("not-levenshtein", "completely different", "x"));
        assertEquals(failed("not-levenshtein", "Levenshtein distance 1 is less than or equal to threshold 5"),
                eval("not-levenshtein", "abc", "abd"));
    }

    @Test
    void levenshtein_needs_a_string_value() {
        assertEquals(failed("levenshtein", "\"levenshtein\" assertion type must have a string value"),
                eval("levenshtein", 5L, "5"));
        assertTrue(outcome("levenshtein", null, "x").error());
    }

    @Test
    void word_count_counts_runs_of_non_whitespace() {
        assertEquals(0, WordCountCheck.countWords(" \n\t "));
        assertEquals(3, WordCountCheck.countWords("  one two\u00A0three\n"));
    }

    @Test
    void word_count_with_a_number_is_exact() {
        assertEquals(passed("word-count"), eval("word-count", 3L, "one two three"));
        assertEquals(passed("word-count"), eval("word-count", "3", "one two three"));
        assertEquals(failed("word-count", "Word count 3 does not equal expected 2"),
                eval("word-count", 2L, "one two three"));
        assertEquals(failed("not-word-count", "Expected word count to not equal 3, but got 3"),
                eval("not-word-count", 3.0, "one two three"));
    }

    @Test
    void word_count_with_min_and_max_is_inclusive() {
        Map<String, Object> range = Map.of("min", 2L, "max", 3L);
        assertEquals(passed("word-count"), eval("word-count", range, "a b"));
        assertEquals(passed("word-count"), eval("word-count", range, "a b c"));
        assertEquals(failed("word-count", "Word count 4 is not between 2 and 3"), eval("word-count", range, "a b c d"));
        assertEquals(failed("not-word-count", "Expected word count to not be between 2 and 3, but got 2"),
                eval("not-word-count", range, "a b"));
    }

    @Test
    void word_count_with_only_min_or_only_max() {
        assertEquals(failed("word-count", "Word count 1 is less than minimum 2"),
                eval("word-count", Map.of("min", 2L), "a"));
        assertEquals(failed("word-count", "Word count 3 is greater than maximum 2"),
                eval("word-count", Map.of("max", 2L), "a b c"));
        assertEquals(failed("not-word-count", "Expected word count to be less than 2, but got 5"),
                eval("not-word-count", Map.of("min", 2L), "a b c d e"));
        assertEquals(failed("not-word-count", "Expected word count to be greater than 2, but got 1"),
                eval("not-word-count", Map.of("max", 2L), "a"));
    }

    @Test
    void word_count_with_a_malformed_value_is_an_error() {
        assertEquals(failed("word-count",
                "\"word-count\" assertion value must be a number or an object with min/max properties"),
                eval("word-count", "three", "a b c"));
        assertEquals(failed("word-count", "\"word-count\" assertion object must have \"min\" and/or \"max\" properties"),
                eval("word-count", Map.of(), "a"));
        assertEquals(failed("word-count", "\"word-count\" assertion: min (5) must be less than or equal to max (2)"),
                eval("word-count", Map.of("min", 5L, "max", 2L), "a"));
        assertTrue(outcome("word-count", List.of(1L), "a").error());
        assertTrue(outcome("word-count", Map.of("min", "two"), "a").error());
        assertTrue(outcome("word-count", null, "a").error());
    }

    @Test
    void latency_passes_at_or_under_its_threshold() {
        assertEquals(passed("latency"), withThreshold("latency", null, 500.0, new AssertionContext("x", 500L, null)));
        assertEquals(failed("latency", "Latency 501ms is greater than threshold 500ms"),
                withThreshold("latency", null, 500.0, new AssertionContext("x", 501L, null)));
    }

    @Test
    void not_latency_passes_over_its_threshold() {
        assertEquals(passed("not-latency"), withThreshold("not-latency", null, 500.0, new AssertionContext("x", 501L, null)));
        assertEquals(failed("not-latency", "Latency 500ms is less than or equal to threshold 500ms"),
                withThreshold("not-latency", null, 500.0, new AssertionContext("x", 500L, null)));
    }

    @Test
    void latency_without_a_threshold_or_a_measurement_is_an_error() {
        AssertionOutcome noThreshold = Assertions.outcome(new Assertion("latency", null, null, null),
                new AssertionContext("x", 10L, null));
        assertTrue(noThreshold.error());
        assertEquals(failed("latency", "Latency assertion requires a threshold (in ms)"), noThreshold.result());
        AssertionOutcome unmeasured = Assertions.outcome(new Assertion("latency", null, 100.0, null),
                AssertionContext.ofOutput("x"));
        assertTrue(unmeasured.error());
        assertEquals(failed("latency", "Latency assertion: the call's latency was not measured"), unmeasured.result());
    }

    @Test
    void cost_passes_at_or_under_its_threshold_and_shows_two_significant_digits() {
        assertEquals(passed("cost"), withThreshold("cost", null, 0.002, new AssertionContext("x", 1L, 0.002)));
        assertEquals(failed("cost", "Cost 0.0021 is greater than threshold 0.002"),
                withThreshold("cost", null, 0.002, new AssertionContext("x", 1L, 0.0020512)));
        assertEquals(failed("not-cost", "Cost 0.0010 is less than or equal to threshold 0.002"),
                withThreshold("not-cost", null, 0.002, new AssertionContext("x", 1L, 0.001)));
        assertEquals(passed("not-cost"), withThreshold("not-cost", null, 0.002, new AssertionContext("x", 1L, 0.01)));
    }

    @Test
    void an_unknown_cost_fails_with_a_reason_in_both_forms() {
        String reason = "Cost is unknown (no price for this provider and model), so it cannot be compared with threshold 0.5";
        AssertionOutcome outcome = Assertions.outcome(new Assertion("cost", null, 0.5, null), AssertionContext.ofOutput("x"));
        assertFalse(outcome.error());
        assertEquals(failed("cost", reason), outcome.result());
        assertEquals(failed("not-cost", reason),
                withThreshold("not-cost", null, 0.5, AssertionContext.ofOutput("x")));
    }

    @Test
    void cost_without_a_threshold_is_an_error() {
        AssertionOutcome outcome = Assertions.outcome(new Assertion("cost", null, null, null),
                new AssertionContext("x", 1L, 0.1));
        assertTrue(outcome.error());
        assertEquals(failed("cost", "Cost assertion requires a threshold (in USD)"), outcome.result());
    }
}
