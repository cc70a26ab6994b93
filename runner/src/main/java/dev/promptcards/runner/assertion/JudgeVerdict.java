package dev.promptcards.runner.assertion;

import dev.promptcards.crdt.lib0.JsJson;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A judge's answer read as promptfoo reads it (src/matchers/rubric.ts, runJsonGradingPrompt): the first
 * JSON object in the answer is the verdict {@code {reason, pass, score}}. A {@code pass} that is not a
 * boolean passes when it reads true, yes, pass or y; a {@code score} that is not a number is read as a
 * number, else it is 1 for a pass and 0 for a fail; with a threshold the verdict passes only when the
 * score reaches it.
 *
 * <p>One rule differs from promptfoo's on purpose (issue 13): a verdict without {@code pass} fails, where
 * promptfoo takes it as a pass. A judge that answers no JSON or no {@code pass} is a grader failure:
 * {@code not-llm-rubric} does not turn it into a pass (promptfoo's graderFail).
 *
 * @param pass          whether the output passes the rubric (before any {@code not-})
 * @param score         the score
 * @param reason        why
 * @param graderFailure whether the judge gave no usable verdict
 */
record JudgeVerdict(boolean pass, double score, String reason, boolean graderFailure) {

    private static final Pattern TRUE_WORD = Pattern.compile("(?i)true|yes|pass|y");
    private static final int SHOWN_ANSWER = 500;

    /**
     * Reads a judge's answer.
     *
     * @param answer    the judge's whole answer
     * @param threshold the assertion's threshold; null when absent
     */
    static JudgeVerdict read(String answer, Double threshold) {
        if (answer == null || answer.isEmpty()) {
            return failure("The judge answered nothing: llm-rubric needs a JSON verdict "
                    + "{\"reason\": string, \"pass\": boolean, \"score\": number}");
        }
        List<Map<?, ?>> objects = JsonObjects.extract(answer);
        if (objects.isEmpty()) {
            return failure("Could not extract JSON from llm-rubric response: the judge answered "
                    + shown(answer));
        }
        Map<?, ?> verdict = objects.getFirst();
        Object passField = verdict.get("pass");
        if (passField == null) {
            return failure("The judge's verdict has no \"pass\", so the output fails: llm-rubric needs "
                    + "{\"reason\": string, \"pass\": boolean, \"score\": number}, the judge answered "
                    + shown(JsJson.stringify(verdict)));
        }
        boolean pass = passField instanceof Boolean b ? b : TRUE_WORD.matcher(JsValues.string(passField)).matches();
        double score = verdict.containsKey("score") ? score(verdict.get("score"), pass) : pass ? 1 : 0;
        if (threshold != null && !threshold.isNaN()) {
            pass = pass && score >= threshold;
        }
        Object reasonField = verdict.get("reason");
        String reason;
        if (JsValues.truthy(reasonField)) {
            reason = JsValues.string(reasonField);
        } else if (pass) {
            reason = "Grading passed";
        } else if (threshold != null) {
            reason = "Score " + JsValues.number(score) + " below threshold " + JsValues.number(threshold);
        } else {
            reason = "The judge failed the output without giving a reason (score " + JsValues.number(score) + ")";
        }
        return new JudgeVerdict(pass, score, reason, false);
    }

    private static JudgeVerdict failure(String reason) {
        return new JudgeVerdict(false, 0, reason, true);
    }

    /** rubric.ts, a score that is present: a number as it is; else {@code Number(score)} when finite; else {@code Number(pass)}. */
    private static double score(Object score, boolean pass) {
        if (score instanceof Number n) {
            return n.doubleValue();
        }
        double read;
        if (score == null) {
            read = 0; // Number(null)
        } else if (score instanceof Boolean b) {
            read = b ? 1 : 0;
        } else if (score instanceof Map<?, ?>) {
            read = Double.NaN;
        } else {
            read = JsValues.parseNumber(JsValues.string(score));
        }
        return Double.isFinite(read) ? read : pass ? 1 : 0;
    }

    private static String shown(String text) {
        return text.length() <= SHOWN_ANSWER ? text : text.substring(0, SHOWN_ANSWER) + "…";
    }
}
