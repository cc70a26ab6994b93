package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.AssertionResult;
import java.util.List;
import java.util.Objects;

/**
 * How a test's assertions came out together (promptfoo src/assertions/assertionsResult.ts).
 *
 * @param results each assertion's result, in the assertions' order
 * @param score   the weighted mean of the scores (1 with no assertions, 0 when the weights add up to 0)
 * @param pass    whether the test passes: every assertion passed, or, with a test threshold, the score
 *                reaches it; never when an assertion is an error
 * @param reason  promptfoo's summary: "No assertions", "All assertions passed", the reason of the last
 *                failing assertion, "Aggregate score 0.50 &lt; 0.8 threshold", or the first error
 * @param errors  how many assertions are errors (unknown type, malformed value, missing measurement)
 */
public record TestGrade(List<AssertionResult> results, double score, boolean pass, String reason, int errors) {

    /** Copies the results and validates the reason. */
    public TestGrade {
        results = List.copyOf(results);
        Objects.requireNonNull(reason, "reason");
    }
}
