package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * promptfoo's assertions, with its names and semantics (promptfoo src/assertions/index.ts): the
 * deterministic ones, and the model-graded {@code llm-rubric} (a judge) and {@code similar} (an
 * embedder), which use the context's {@link Graders}. A type with the {@code not-} prefix inverts its
 * base type; an unknown type, a malformed value, a missing measurement or grading model, or a grading
 * model that fails is an error result (pass false, score 0), never an exception and never a pass.
 * A model-graded assertion blocks its caller while the model answers.
 */
public final class Assertions {

    private static final String NOT = "not-";

    private static final Map<String, AssertionCheck> CHECKS = Map.ofEntries(
            Map.entry("equals", EqualsCheck::check),
            Map.entry("contains", ContainsChecks::contains),
            Map.entry("icontains", ContainsChecks::icontains),
            Map.entry("contains-any", ContainsChecks::containsAny),
            Map.entry("contains-all", ContainsChecks::containsAll),
            Map.entry("icontains-any", ContainsChecks::icontainsAny),
            Map.entry("icontains-all", ContainsChecks::icontainsAll),
            Map.entry("starts-with", ContainsChecks::startsWith),
            Map.entry("regex", RegexCheck::check),
            Map.entry("is-json", JsonChecks::isJson),
            Map.entry("contains-json", JsonChecks::containsJson),
            Map.entry("levenshtein", LevenshteinCheck::check),
            Map.entry("word-count", WordCountCheck::check),
            Map.entry("latency", LatencyCheck::check),
            Map.entry("cost", CostCheck::check),
            Map.entry("llm-rubric", LlmRubricCheck::check),
            Map.entry("similar", SimilarCheck::check));

    private Assertions() {
    }

    /** Whether {@code type} (with or without {@code not-}) is a type evaluated here. */
    public static boolean supports(String type) {
        return CHECKS.containsKey(baseType(type));
    }

    /** The result of one assertion. */
    public static AssertionResult evaluate(Assertion assertion, AssertionContext context) {
        return outcome(assertion, context).result();
    }

    /** The result of one assertion, and whether it is an error. */
    public static AssertionOutcome outcome(Assertion assertion, AssertionContext context) {
        String type = assertion.type();
        AssertionCheck check = CHECKS.get(baseType(type));
        if (check == null) {
            return AssertionOutcome.error(type, "Unknown assertion type: " + type);
        }
        AssertionOutcome outcome;
        try {
            outcome = check.check(assertion, type.startsWith(NOT), context);
        } catch (InvalidAssertionException e) {
            return AssertionOutcome.error(type, e.getMessage());
        } catch (RuntimeException e) {
            return AssertionOutcome.error(type, "Error evaluating \"" + type + "\": " + e);
        }
        // index.ts runAssertionInternal: a weight of 0 makes a metric-only assertion that cannot fail.
        Double weight = assertion.weight();
        if (weight != null && weight == 0 && !outcome.result().pass()) {
            AssertionResult r = outcome.result();
            return new AssertionOutcome(new AssertionResult(r.type(), true, r.score(), r.reason()), false);
        }
        return outcome;
    }

    /**
     * Grades a test as promptfoo's {@code runAssertions} does: each assertion's score times its weight
     * (default 1) is summed and divided by the sum of the weights; the test passes when no assertion
     * fails, or, when {@code testThreshold} is a number, when the score is at least the threshold (which
     * then overrides single failures). An error fails the test whatever the threshold: promptfoo throws
     * there and marks the test an error.
     *
     * @param assertions    the test's assertions, in order
     * @param testThreshold the test's threshold; null when absent
     * @param context       the output and measurements
     * @return the grade
     */
    public static TestGrade grade(List<Assertion> assertions, Double testThreshold, AssertionContext context) {
        if (assertions.isEmpty()) {
            return new TestGrade(List.of(), 1, true, "No assertions", 0);
        }
        List<AssertionResult> results = new ArrayList<>(assertions.size());
        double totalScore = 0;
        double totalWeight = 0;
        String failedReason = null;
        String firstError = null;
        int errors = 0;
        for (Assertion assertion : assertions) {
            AssertionOutcome outcome = outcome(assertion, context);
            AssertionResult result = outcome.result();
            results.add(result);
            double weight = assertion.weight() == null ? 1 : assertion.weight();
            totalScore += (result.score() == null ? 0 : result.score()) * weight;
            totalWeight += weight;
            if (!result.pass()) {
                failedReason = result.reason();
            }
            if (outcome.error()) {
                errors++;
                if (firstError == null) {
                    firstError = result.reason();
                }
            }
        }
        double score = totalWeight > 0 ? totalScore / totalWeight : 0;
        boolean pass = failedReason == null;
        String reason = pass ? "All assertions passed" : failedReason;
        if (testThreshold != null && !testThreshold.isNaN()) {
            pass = score >= testThreshold;
            reason = "Aggregate score " + JsValues.toFixed(score, 2) + (pass ? " ≥ " : " < ")
                    + JsValues.number(testThreshold) + " threshold";
        }
        if (errors > 0) {
            pass = false;
            reason = firstError;
        }
        return new TestGrade(results, score, pass, reason, errors);
    }

    private static String baseType(String type) {
        return type.startsWith(NOT) ? type.substring(NOT.length()) : type;
    }
}
