package dev.promptcards.runner.assertion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** llm-rubric against promptfoo's llmRubric.ts and matchers (a judge here is a fixed answer, or a failure). */
class LlmRubricTest {

    private static final String RUBRIC = "Names the capital of France";

    /** A judge that records what it is asked and answers {@code answer}. */
    private static final class FixedJudge implements Judge {
        final List<String> systems = new ArrayList<>();
        final List<String> users = new ArrayList<>();
        private final String answer;

        FixedJudge(String answer) {
            this.answer = answer;
        }

        @Override
        public String complete(String system, String user) {
            systems.add(system);
            users.add(user);
            return answer;
        }
    }

    private static AssertionOutcome grade(String type, Object rubric, Double threshold, String output, Judge judge) {
        return grade(type, rubric, threshold, output, judge, Map.of());
    }

    private static AssertionOutcome grade(String type, Object rubric, Double threshold, String output, Judge judge,
            Map<String, String> vars) {
        AssertionContext context = new AssertionContext(output, null, null, vars, new Graders(judge, null));
        return Assertions.outcome(new Assertion(type, rubric, threshold, null), context);
    }

    private static AssertionResult result(String type, String judgeAnswer) {
        AssertionOutcome outcome = grade(type, RUBRIC, null, "Paris", new FixedJudge(judgeAnswer));
        assertFalse(outcome.error(), outcome.result().reason());
        return outcome.result();
    }

    @Test
    void the_judge_gets_promptfoos_default_rubric_prompt() {
        FixedJudge judge = new FixedJudge("{\"reason\": \"ok\", \"pass\": true, \"score\": 1}");
        grade("llm-rubric", RUBRIC, null, "Paris", judge);
        assertEquals(List.of("<Output>\nParis\n</Output>\n<Rubric>\nNames the capital of France\n</Rubric>"), judge.users);
        String system = judge.systems.getFirst();
        assertTrue(system.startsWith("You are grading output according to a user-specified rubric. If the statement in "
                + "the rubric is true, then the output passes the test. You respond with a JSON object with this "
                + "structure: {reason: string, pass: boolean, score: number}\n\nExamples:\n\n"
                + "<Output>Hello world</Output>\n<Rubric>Content contains a greeting</Rubric>\n"), system);
        assertTrue(system.endsWith("{\"reason\": \"'avast ye' is a common pirate term\", \"pass\": false, \"score\": 0.0}"),
                system);
    }

    @Test
    void a_passing_verdict_passes_with_the_judges_score_and_reason() {
        assertEquals(new AssertionResult("llm-rubric", true, 0.9, "It names Paris"),
                result("llm-rubric", "{\"reason\": \"It names Paris\", \"pass\": true, \"score\": 0.9}"));
    }

    @Test
    void a_failing_verdict_fails_with_the_judges_reason() {
        assertEquals(new AssertionResult("llm-rubric", false, 0.0, "It names no city"),
                result("llm-rubric", "{\"reason\": \"It names no city\", \"pass\": false, \"score\": 0}"));
    }

    @Test
    void the_verdict_is_found_inside_text_and_code_fences() {
        String answer = "Let me think {about it}.\n```json\n{\"reason\": \"Paris is named\", \"pass\": true, "
                + "\"score\": 1.0}\n```\nDone. {\"pass\": false}";
        assertEquals(new AssertionResult("llm-rubric", true, 1.0, "Paris is named"), result("llm-rubric", answer));
    }

    @Test
    void a_verdict_without_pass_fails_with_a_reason_that_says_so_and_not_llm_rubric_does_not_turn_it_into_a_pass() {
        String expected = "The judge's verdict has no \"pass\", so the output fails: llm-rubric needs {\"reason\": "
                + "string, \"pass\": boolean, \"score\": number}, the judge answered {\"reason\":\"looks fine\",\"score\":1}";
        assertEquals(new AssertionResult("llm-rubric", false, 0.0, expected),
                result("llm-rubric", "{\"reason\": \"looks fine\", \"score\": 1}"));
        assertEquals(new AssertionResult("not-llm-rubric", false, 0.0, expected),
                result("not-llm-rubric", "{\"reason\": \"looks fine\", \"score\": 1}"));
        assertFalse(result("llm-rubric", "{\"reason\": \"x\", \"pass\": null}").pass());
    }

    @Test
    void an_answer_without_json_fails_and_is_never_inverted() {
        AssertionResult result = result("not-llm-rubric", "I think it passes.");
        assertEquals(new AssertionResult("not-llm-rubric", false, 0.0,
                "Could not extract JSON from llm-rubric response: the judge answered I think it passes."), result);
        assertEquals("The judge answered nothing: llm-rubric needs a JSON verdict {\"reason\": string, "
                + "\"pass\": boolean, \"score\": number}", result("llm-rubric", "").reason());
    }

    @Test
    void pass_that_is_not_a_boolean_is_read_as_promptfoo_reads_it() {
        assertTrue(result("llm-rubric", "{\"pass\": \"yes\", \"reason\": \"r\"}").pass());
        assertTrue(result("llm-rubric", "{\"pass\": \"PASS\", \"reason\": \"r\"}").pass());
        assertTrue(result("llm-rubric", "{\"pass\": \"Y\", \"reason\": \"r\"}").pass());
        assertFalse(result("llm-rubric", "{\"pass\": \"no\", \"reason\": \"r\"}").pass());
        assertFalse(result("llm-rubric", "{\"pass\": 1, \"reason\": \"r\"}").pass());
        assertFalse(result("llm-rubric", "{\"pass\": \"true-ish\", \"reason\": \"r\"}").pass());
    }

    @Test
    void a_missing_or_unreadable_score_follows_the_pass_and_a_numeric_text_is_read() {
        assertEquals(1.0, result("llm-rubric", "{\"pass\": true, \"reason\": \"r\"}").score());
        assertEquals(0.0, result("llm-rubric", "{\"pass\": false, \"reason\": \"r\"}").score());
        assertEquals(1.0, result("llm-rubric", "{\"pass\": true, \"score\": \"high\", \"reason\": \"r\"}").score());
        assertEquals(0.4, result("llm-rubric", "{\"pass\": true, \"score\": \"0.4\", \"reason\": \"r\"}").score());
        assertEquals(0.0, result("llm-rubric", "{\"pass\": true, \"score\": null, \"reason\": \"r\"}").score());
    }

    @Test
    void without_a_reason_promptfoos_default_reasons_are_given() {
        assertEquals("Grading passed", result("llm-rubric", "{\"pass\": true, \"score\": 1}").reason());
        assertEquals("The judge failed the output without giving a reason (score 0)",
                result("llm-rubric", "{\"pass\": false, \"score\": 0}").reason());
    }

    @Test
    void a_threshold_fails_a_passing_verdict_whose_score_is_below_it() {
        FixedJudge judge = new FixedJudge("{\"pass\": true, \"score\": 0.6}");
        assertEquals(new AssertionResult("llm-rubric", false, 0.6, "Score 0.6 below threshold 0.7"),
                grade("llm-rubric", RUBRIC, 0.7, "Paris", judge).result());
        assertEquals(new AssertionResult("llm-rubric", true, 0.6, "Grading passed"),
                grade("llm-rubric", RUBRIC, 0.6, "Paris", judge).result());
        FixedJudge withReason = new FixedJudge("{\"pass\": true, \"score\": 0.6, \"reason\": \"partly\"}");
        assertEquals(new AssertionResult("llm-rubric", false, 0.6, "partly"),
                grade("llm-rubric", RUBRIC, 0.7, "Paris", withReason).result());
        FixedJudge failing = new FixedJudge("{\"pass\": false, \"score\": 0.9, \"reason\": \"wrong city\"}");
        assertFalse(grade("llm-rubric", RUBRIC, 0.5, "Paris", failing).result().pass());
    }

    @Test
    void not_llm_rubric_inverts_the_verdict_and_its_score() {
        assertEquals(new AssertionResult("not-llm-rubric", false, 0.75, "It names Paris"),
                result("not-llm-rubric", "{\"reason\": \"It names Paris\", \"pass\": true, \"score\": 0.25}"));
        assertEquals(new AssertionResult("not-llm-rubric", true, 1.0, "no"),
                result("not-llm-rubric", "{\"reason\": \"no\", \"pass\": false, \"score\": 0}"));
        assertEquals(0.0, result("not-llm-rubric", "{\"reason\": \"r\", \"pass\": false, \"score\": 7}").score());
    }

    @Test
    void without_a_judge_it_is_an_error_naming_what_to_configure() {
        AssertionOutcome outcome = grade("llm-rubric", RUBRIC, null, "Paris", null);
        assertTrue(outcome.error());
        assertEquals(new AssertionResult("llm-rubric", false, 0.0, "llm-rubric needs a judge model, and this server "
                + "has none configured: configure the runner's grading provider and model (its judge), or remove "
                + "the llm-rubric assertion"), outcome.result());
        assertTrue(Assertions.outcome(new Assertion("llm-rubric", RUBRIC, null, null), AssertionContext.ofOutput("x"))
                .error());
    }

    @Test
    void a_judge_that_fails_makes_an_error_with_its_message() {
        Judge down = (system, user) -> {
            throw new IllegalStateException("openai answered 503: overloaded");
        };
        AssertionOutcome outcome = grade("not-llm-rubric", RUBRIC, null, "Paris", down);
        assertTrue(outcome.error());
        assertEquals("llm-rubric: the judge failed, so there is no verdict: openai answered 503: overloaded",
                outcome.result().reason());
    }

    @Test
    void a_judge_interrupted_keeps_the_threads_interrupt_and_makes_an_error() {
        Judge interrupted = (system, user) -> {
            throw new InterruptedException();
        };
        AssertionOutcome outcome = grade("llm-rubric", RUBRIC, null, "Paris", interrupted);
        assertTrue(Thread.interrupted());
        assertTrue(outcome.error());
        assertEquals("llm-rubric was interrupted while waiting for the judge", outcome.result().reason());
    }

    @Test
    void the_rubric_is_rendered_with_the_tests_variables() {
        FixedJudge judge = new FixedJudge("{\"pass\": true, \"reason\": \"r\"}");
        grade("llm-rubric", "Names the capital of {{ country }}", null, "Paris", judge, Map.of("country", "France"));
        assertEquals("<Output>\nParis\n</Output>\n<Rubric>\nNames the capital of France\n</Rubric>",
                judge.users.getFirst());
    }

    @Test
    void a_variable_the_test_lacks_is_an_error_and_the_judge_is_not_asked() {
        FixedJudge judge = new FixedJudge("{\"pass\": true}");
        AssertionOutcome outcome = grade("llm-rubric", "Names the capital of {{country}}", null, "Paris", judge);
        assertTrue(outcome.error());
        assertEquals("\"llm-rubric\" assertion value has a missing variable {{country}}: the test case gives no value",
                outcome.result().reason());
        assertEquals(List.of(), judge.users);
    }

    @Test
    void an_object_rubric_reaches_the_judge_as_json() {
        FixedJudge judge = new FixedJudge("{\"pass\": true, \"reason\": \"r\"}");
        grade("llm-rubric", Map.of("criterion", "polite"), null, "Hello", judge);
        assertEquals("<Output>\nHello\n</Output>\n<Rubric>\n{\"criterion\":\"polite\"}\n</Rubric>", judge.users.getFirst());
    }

    @Test
    void output_that_is_json_is_shown_to_the_judge_as_promptfoo_renders_it() {
        assertEquals("{\"a\":1,\"b\":[true,null]}", RubricPrompt.renderedOutput("{\n  \"a\": 1,\n  \"b\": [true, null]\n}"));
        assertEquals("1,{\"x\":2},,text", RubricPrompt.renderedOutput("[1, {\"x\": 2}, null, \"text\"]"));
        assertEquals("quoted", RubricPrompt.renderedOutput("\"quoted\""));
        assertEquals("", RubricPrompt.renderedOutput("null"));
        assertEquals("42", RubricPrompt.renderedOutput(" 42 "));
        assertEquals("plain {not json}", RubricPrompt.renderedOutput("plain {not json}"));
    }

    @Test
    void a_missing_or_non_text_rubric_is_an_error() {
        FixedJudge judge = new FixedJudge("{\"pass\": true}");
        assertEquals("\"llm-rubric\" assertion needs a value: the rubric the judge grades the output against",
                grade("llm-rubric", null, null, "x", judge).result().reason());
        assertEquals("\"llm-rubric\" assertion needs a value: the rubric the judge grades the output against",
                grade("llm-rubric", "", null, "x", judge).result().reason());
        assertEquals("\"llm-rubric\" assertion type must have a string or object value",
                grade("llm-rubric", 3L, null, "x", judge).result().reason());
        assertEquals(List.of(), judge.users);
    }

    @Test
    void llm_rubric_counts_with_its_weight_in_the_tests_score() {
        Judge half = (system, user) -> "{\"pass\": false, \"score\": 0.5, \"reason\": \"half right\"}";
        AssertionContext context = new AssertionContext("Paris", null, null, Map.of(), new Graders(half, null));
        List<Assertion> assertions = List.of(new Assertion("llm-rubric", RUBRIC, null, 3.0),
                new Assertion("contains", "Paris", null, null));
        TestGrade failing = Assertions.grade(assertions, null, context);
        assertEquals(0.625, failing.score());
        assertFalse(failing.pass());
        assertEquals("half right", failing.reason());
        TestGrade passing = Assertions.grade(assertions, 0.6, context);
        assertTrue(passing.pass());
        assertEquals("Aggregate score 0.63 ≥ 0.6 threshold", passing.reason());
    }

    @Test
    void llm_rubric_and_its_inverse_are_supported_types() {
        assertTrue(Assertions.supports("llm-rubric"));
        assertTrue(Assertions.supports("not-llm-rubric"));
    }
}
