package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.crdt.lib0.JsJson;
import java.util.List;
import java.util.Map;

/**
 * {@code llm-rubric} (promptfoo src/assertions/llmRubric.ts, matchesLlmRubric in src/matchers): the
 * judge model reads the output and the rubric in promptfoo's default prompt ({@link RubricPrompt}) and
 * answers a JSON verdict ({@link JudgeVerdict}); the assertion's threshold applies to the judge's score.
 * {@code not-llm-rubric} inverts a verdict (score {@code 1 - score}, clamped to 0..1) but never a grader
 * failure.
 *
 * <p>The rubric is the value: text, in which the test case's {@code {{var}}} are rendered (a variable the
 * test lacks is an error), or an object, given to the judge as JSON. Without a judge, or when the judge
 * cannot be reached, the assertion is an error: there is no verdict, which is neither a pass nor a fail
 * of the output.
 */
final class LlmRubricCheck {

    static final String NO_JUDGE = "llm-rubric needs a judge model, and this server has none configured: "
            + "configure the runner's grading provider and model (its judge), or remove the llm-rubric assertion";

    private LlmRubricCheck() {
    }

    static AssertionOutcome check(Assertion assertion, boolean inverse, AssertionContext context) {
        String rubric = rubric(assertion, context.vars());
        Judge judge = context.graders().judge();
        if (judge == null) {
            return AssertionOutcome.error(assertion.type(), NO_JUDGE);
        }
        String answer;
        try {
            answer = judge.complete(RubricPrompt.SYSTEM, RubricPrompt.user(context.output(), rubric));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AssertionOutcome.error(assertion.type(), "llm-rubric was interrupted while waiting for the judge");
        } catch (Exception e) {
            return AssertionOutcome.error(assertion.type(), "llm-rubric: the judge failed, so there is no verdict: "
                    + ModelFailures.describe(e));
        }
        JudgeVerdict verdict = JudgeVerdict.read(answer, assertion.threshold());
        if (verdict.graderFailure()) {
            return AssertionOutcome.verdict(assertion.type(), false, verdict.reason());
        }
        boolean pass = verdict.pass() != inverse;
        double score = verdict.score();
        if (inverse) {
            score = Math.min(1, Math.max(0, 1 - (Double.isFinite(score) ? score : 0)));
        }
        return AssertionOutcome.scored(assertion.type(), pass, score, verdict.reason());
    }

    /** The rubric the judge gets: text with the test's variables rendered, or an object as JSON. */
    private static String rubric(Assertion assertion, Map<String, String> vars) {
        Object value = assertion.value();
        InvalidAssertionException.require(value == null || value instanceof String || value instanceof Map<?, ?>
                || value instanceof List<?>, "\"llm-rubric\" assertion type must have a string or object value");
        InvalidAssertionException.require(JsValues.truthy(value),
                "\"llm-rubric\" assertion needs a value: the rubric the judge grades the output against");
        if (value instanceof String text) {
            return AssertionValues.render("llm-rubric", text, vars);
        }
        return JsJson.stringify(value);
    }
}
