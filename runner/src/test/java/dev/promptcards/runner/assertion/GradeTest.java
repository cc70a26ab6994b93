package dev.promptcards.runner.assertion;

import static dev.promptcards.runner.assertion.Checks.failed;
import static dev.promptcards.runner.assertion.Checks.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradeTest {

    private static final AssertionContext OUTPUT = AssertionContext.ofOutput("The capital of France is Paris.");

    private static Assertion contains(String value, Double weight) {
        return new Assertion("contains", value, null, weight);
    }

    @Test
    void no_assertions_pass_with_score_1() {
        assertEquals(new TestGrade(List.of(), 1, true, "No assertions", 0), Assertions.grade(List.of(), null, OUTPUT));
        assertEquals(new TestGrade(List.of(), 1, true, "No assertions", 0), Assertions.grade(List.of(), 0.5, OUTPUT));
    }

    @Test
    void all_passing_gives_score_1_and_passes() {
        TestGrade grade = Assertions.grade(List.of(contains("Paris", null), contains("France", 2.0)), null, OUTPUT);
        assertEquals(new TestGrade(List.of(passed("contains"), passed("contains")), 1, true, "All assertions passed", 0),
                grade);
    }

    @Test
    void the_score_is_the_weighted_mean_and_one_failure_fails_the_test_with_the_last_failing_reason() {
        TestGrade grade = Assertions.grade(List.of(contains("Paris", 3.0), contains("Rome", null),
                contains("Berlin", null)), null, OUTPUT);
        assertEquals(0.6, grade.score(), 1e-12);
        assertFalse(grade.pass());
        assertEquals("Expected output to contain \"Berlin\"", grade.reason());
        assertEquals(List.of(passed("contains"), failed("contains", "Expected output to contain \"Rome\""),
                failed("contains", "Expected output to contain \"Berlin\"")), grade.results());
    }

    @Test
    void a_test_threshold_reached_passes_despite_failures() {
        TestGrade grade = Assertions.grade(List.of(contains("Paris", 3.0), contains("Rome", null)), 0.75, OUTPUT);
        assertEquals(0.75, grade.score());
        assertTrue(grade.pass());
        assertEquals("Aggregate score 0.75 ≥ 0.75 threshold", grade.reason());
    }

    @Test
    void a_test_threshold_not_reached_fails() {
        TestGrade grade = Assertions.grade(List.of(contains("Paris", null), contains("Rome", null)), 0.8, OUTPUT);
        assertEquals(0.5, grade.score());
        assertFalse(grade.pass());
        assertEquals("Aggregate score 0.50 < 0.8 threshold", grade.reason());
    }

    @Test
    void a_test_threshold_of_0_always_passes() {
        TestGrade grade = Assertions.grade(List.of(contains("Rome", null)), 0.0, OUTPUT);
        assertTrue(grade.pass());
        assertEquals("Aggregate score 0.00 ≥ 0 threshold", grade.reason());
    }

    @Test
    void a_test_threshold_above_the_score_fails_even_when_every_assertion_passes() {
        TestGrade grade = Assertions.grade(List.of(contains("Paris", null)), 1.5, OUTPUT);
        assertFalse(grade.pass());
        assertEquals("Aggregate score 1.00 < 1.5 threshold", grade.reason());
    }

    @Test
    void weight_0_forces_the_assertion_to_pass_and_leaves_it_out_of_the_score() {
        Assertion metricOnly = contains("Rome", 0.0);
        AssertionResult result = Assertions.evaluate(metricOnly, OUTPUT);
        assertEquals(new AssertionResult("contains", true, 0.0, "Expected output to contain \"Rome\""), result);
        TestGrade grade = Assertions.grade(List.of(metricOnly, contains("Paris", null)), null, OUTPUT);
        assertEquals(1.0, grade.score());
        assertTrue(grade.pass());
        assertEquals("All assertions passed", grade.reason());
    }

    @Test
    void weights_adding_up_to_0_give_score_0() {
        TestGrade grade = Assertions.grade(List.of(contains("Paris", 0.0)), null, OUTPUT);
        assertEquals(new TestGrade(List.of(passed("contains")), 0, true, "All assertions passed", 0), grade);
        assertFalse(Assertions.grade(List.of(contains("Paris", 0.0)), 0.5, OUTPUT).pass());
    }

    @Test
    void an_unknown_type_is_an_error_never_a_pass() {
        AssertionOutcome outcome = Assertions.outcome(new Assertion("contains-everything", "x", null, null), OUTPUT);
        assertTrue(outcome.error());
        assertEquals(failed("contains-everything", "Unknown assertion type: contains-everything"), outcome.result());
        assertEquals(failed("not-bogus", "Unknown assertion type: not-bogus"),
                Assertions.evaluate(new Assertion("not-bogus", "x", null, null), OUTPUT));
        assertEquals(failed("", "Unknown assertion type: "), Assertions.evaluate(new Assertion("", "x", null, null), OUTPUT));
        assertFalse(Assertions.supports("factuality"));
        assertTrue(Assertions.supports("not-icontains-all"));
    }

    @Test
    void an_error_fails_the_test_whatever_the_threshold_or_its_weight() {
        List<Assertion> assertions = List.of(contains("Paris", 10.0), new Assertion("regex", "(", null, 0.0));
        TestGrade grade = Assertions.grade(assertions, 0.1, OUTPUT);
        assertFalse(grade.pass());
        assertEquals(1, grade.errors());
        assertEquals(1.0, grade.score());
        assertTrue(grade.reason().startsWith("Invalid regex pattern: "), grade.reason());
        assertFalse(grade.results().get(1).pass());
    }

    @Test
    void grading_never_throws_on_malformed_values() {
        List<Assertion> assertions = List.of(new Assertion("contains", null, null, null),
                new Assertion("contains-any", 3L, null, null), new Assertion("word-count", true, null, null),
                new Assertion("equals", null, null, null), new Assertion("latency", "fast", null, null));
        TestGrade grade = Assertions.grade(assertions, null, OUTPUT);
        assertEquals(5, grade.errors());
        assertEquals(0.0, grade.score());
        assertEquals("\"contains\" assertion type must have a string or number value", grade.reason());
    }
}
