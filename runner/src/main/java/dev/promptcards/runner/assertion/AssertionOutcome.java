package dev.promptcards.runner.assertion;

import dev.promptcards.card.schema.AssertionResult;
import java.util.Objects;

/**
 * An assertion's result, and whether it is an error rather than a verdict: an unknown type, a malformed
 * value, a missing measurement. promptfoo throws there, which makes the whole test an error
 * (src/assertions/index.ts); here the error is this assertion's result and fails its test.
 *
 * @param result the result to store: an error has pass false, score 0 and the error as its reason
 * @param error  whether the result is an error
 */
public record AssertionOutcome(AssertionResult result, boolean error) {

    /** Validates that the result is given. */
    public AssertionOutcome {
        Objects.requireNonNull(result, "result");
    }

    static AssertionOutcome verdict(String type, boolean pass, String reason) {
        return new AssertionOutcome(new AssertionResult(type, pass, pass ? 1.0 : 0.0, reason), false);
    }

    /** A verdict with a score of its own (model-graded assertions: the judge's score, a similarity). */
    static AssertionOutcome scored(String type, boolean pass, double score, String reason) {
        return new AssertionOutcome(new AssertionResult(type, pass, score, reason), false);
    }

    static AssertionOutcome error(String type, String reason) {
        return new AssertionOutcome(new AssertionResult(type, false, 0.0, reason), true);
    }
}
